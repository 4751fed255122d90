package dev.souk.pipelines.quality;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.transforms.markets.Markets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The thresholds file: defaults, overlay, lookups, and a one-line error naming each bad key. */
class QualityThresholdsTest {
  private static final QualityScopes SCOPES = new QualityScopes(
      Map.of("avito", Set.of("RealEstate"), "mubawab", Set.of("RealEstate"), "noon", Set.of("UsedPhones")),
      Map.of("RealEstate", Set.of("priceAmount", "city", "surfaceTotalM2"),
          "UsedPhones", Set.of("priceAmount", "brand", "storageGb")));
  private static final String SOURCE = "--qualityThresholds=q.properties";

  private static QualityThresholds parse(String text) {
    return QualityThresholds.parse(text, SOURCE, SCOPES);
  }

  @Test
  void aSiteKeyWinsOverItsMarketsBoundByBound() {
    QualityThresholds t = parse("""
        # comment
        fill.RealEstate.priceAmount.warn = 0.6
        fill.RealEstate.priceAmount.fail = 0.2
        fill.avito.priceAmount.warn = 0.4
        fill.RealEstate.city.warn = 0.9
        fill.avito.city.warn = off
        """);
    assertThat(t.fill("avito"), equalTo(Map.of("priceAmount", new Limits(0.4, 0.2))));
    assertThat(t.fill("mubawab"), equalTo(Map.of("priceAmount", new Limits(0.6, 0.2), "city", new Limits(0.9, null))));
    assertThat("another market's fields are not checked", t.fill("noon"), aMapWithSize(0));
    assertThat("a site of no market has none", t.fill("olx"), aMapWithSize(0));
  }

  @Test
  void runWideLimitsApplyToEverySiteUnlessItHasItsOwn() {
    QualityThresholds t = parse("deadLetterShare.warn=0.05\ndeadLetterShare.fail=0.25\ndeadLetterShare.noon.fail=0.5\n"
        + "rowCountDrop.warn=0.5\nrowCountDrop.avito.warn=off\n");
    assertThat(t.deadLetterShare("avito"), equalTo(new Limits(0.05, 0.25)));
    assertThat(t.deadLetterShare("noon"), equalTo(new Limits(0.05, 0.5)));
    assertThat(t.deadLetterShare(QualityRules.ALL_SITES), equalTo(new Limits(0.05, 0.25)));
    assertThat(t.rowCountDrop("avito"), equalTo(Limits.OFF));
    assertThat(t.rowCountDrop("noon"), equalTo(new Limits(0.5, null)));
  }

  @Test
  void aFileOverlaysTheDefaultsKeyByKey() {
    QualityThresholds defaults = QualityThresholds.defaults(QualityGates.scopes(Markets.all()));
    assertThat(defaults.fill("avito").get("priceAmount"), equalTo(new Limits(0.6, 0.2)));
    assertThat(defaults.fill("dubizzle").get("storageGb"), equalTo(new Limits(0.15, 0.05)));
    assertThat(defaults.fill("noon").get("storageGb"), equalTo(new Limits(0.7, 0.3)));
    assertThat(defaults.fill("noon"), not(hasKey("city")));
    assertThat(defaults.deadLetterShare("avito"), equalTo(new Limits(0.05, 0.25)));
    assertThat(defaults.rowCountDrop("avito"), equalTo(new Limits(0.5, 0.9)));
    assertThat(defaults.minSample(), equalTo(30L));
    assertThat(parse("minSample=5").minSample(), equalTo(5L));
    assertThat(parse("").minSample(), equalTo(1L));

    QualityThresholds mine = defaults.overlay(QualityThresholds.parse(
        "fill.avito.priceAmount.fail=0.5\nfill.UsedPhones.storageGb.warn=off\nfill.UsedPhones.storageGb.fail=off\n",
        SOURCE, QualityGates.scopes(Markets.all())), SOURCE);
    assertThat(mine.fill("avito").get("priceAmount"), equalTo(new Limits(0.6, 0.5)));
    assertThat(mine.fill("noon"), not(hasKey("storageGb")));
    assertThat("a site's own key still wins", mine.fill("dubizzle").get("storageGb"), equalTo(new Limits(0.15, 0.05)));
    assertThat(mine.deadLetterShare("avito"), equalTo(new Limits(0.05, 0.25)));
  }

  record Bad(String text, String message) {
    @Override
    public String toString() {
      return text.strip();
    }
  }

  static Stream<Bad> badFiles() {
    String prefix = SOURCE + ": ";
    String keys = "; keys are fill.<market or site>.<field>.warn|fail, deadLetterShare[.<site>].warn|fail"
        + ", rowCountDrop[.<site>].warn|fail or minSample";
    return Stream.of(
        new Bad("fillRate.avito.price.warn=0.5", prefix + "unknown key 'fillRate.avito.price.warn'" + keys),
        new Bad("fill.avito.priceAmount=0.5", prefix + "unknown key 'fill.avito.priceAmount'" + keys),
        new Bad("fill.avito.priceAmount.warning=0.5", prefix + "unknown key 'fill.avito.priceAmount.warning'" + keys),
        new Bad("deadLetterShare.avito.noon.warn=0.1", prefix + "unknown key 'deadLetterShare.avito.noon.warn'" + keys),
        new Bad("fill.olx.priceAmount.warn=0.5", prefix + "key 'fill.olx.priceAmount.warn' names 'olx', which is no market"
            + " or site (markets RealEstate, UsedPhones; sites avito, mubawab, noon)"),
        new Bad("fill.avito.brand.warn=0.5",
            prefix + "key 'fill.avito.brand.warn' names field 'brand', which the silver table of avito does not have"),
        new Bad("rowCountDrop.RealEstate.warn=0.5", prefix + "key 'rowCountDrop.RealEstate.warn' names 'RealEstate',"
            + " which is no site (markets RealEstate, UsedPhones; sites avito, mubawab, noon)"),
        new Bad("fill.avito.priceAmount.warn=60%",
            prefix + "key 'fill.avito.priceAmount.warn' must be a share from 0 to 1 (0.6 for 60%) or off, not '60%'"),
        new Bad("deadLetterShare.fail=1.5",
            prefix + "key 'deadLetterShare.fail' must be a share from 0 to 1 (0.6 for 60%) or off, not '1.5'"),
        new Bad("deadLetterShare.fail=",
            prefix + "key 'deadLetterShare.fail' must be a share from 0 to 1 (0.6 for 60%) or off, not ''"),
        new Bad("minSample=0.5", prefix + "key 'minSample' must be a whole number of at least 1, not '0.5'"),
        new Bad("fill.avito.city.warn=0.2\nfill.avito.city.fail=0.5", prefix + "key 'fill.avito.city.warn' (0.2) is below"
            + " 'fill.avito.city.fail' (0.5); a check must warn before it fails"),
        new Bad("rowCountDrop.warn=0.9\nrowCountDrop.fail=0.5", prefix + "key 'rowCountDrop.warn' (0.9) is above"
            + " 'rowCountDrop.fail' (0.5); a check must warn before it fails"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void aBadKeyIsOneLineNamingIt(Bad bad) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad.text()));
    assertThat(e.getMessage(), equalTo(bad.message()));
  }

  @Test
  void anOverlayThatInvertsADefaultPairIsRefused() {
    QualityThresholds defaults = QualityThresholds.defaults(QualityGates.scopes(Markets.all()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> defaults.overlay(
        QualityThresholds.parse("deadLetterShare.warn=0.5", SOURCE, QualityGates.scopes(Markets.all())), SOURCE));
    assertThat(e.getMessage(), equalTo(SOURCE + ": key 'deadLetterShare.warn' (0.5) is above 'deadLetterShare.fail'"
        + " (0.25); a check must warn before it fails"));
  }

  @Test
  void gateModes() {
    assertThat(GateMode.of("WARN"), equalTo(GateMode.WARN));
    assertThat(GateMode.of(" fail "), equalTo(GateMode.FAIL));
    assertThat(GateMode.of("off"), equalTo(GateMode.OFF));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GateMode.of("strict"));
    assertThat(e.getMessage(), equalTo(
        "--qualityGates must be 'warn' (report only), 'fail' (exit status 3 on a failed check) or 'off', not 'strict'"));
  }
}
