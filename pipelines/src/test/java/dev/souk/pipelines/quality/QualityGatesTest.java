package dev.souk.pipelines.quality;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.souk.transforms.markets.Markets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A run's counts against the gates: which checks are made, on what inputs, and what they come to. */
class QualityGatesTest {
  /** Counters as the run summary holds them: site → name → value; "(no site)" for failures without one. */
  private static final class Counts implements RunCounts {
    final Map<String, Map<String, Long>> counters = new HashMap<>();
    long payloadLines;
    long failuresWithoutSiteOrLine;

    Counts set(String site, String name, long value) {
      counters.computeIfAbsent(site, s -> new HashMap<>()).put(name, value);
      return this;
    }

    @Override
    public Set<String> sites() {
      return new TreeSet<>(counters.keySet());
    }

    @Override
    public long count(String site, String name) {
      return counters.getOrDefault(site, Map.of()).getOrDefault(name, 0L);
    }

    @Override
    public long failures(String site) {
      return count(site, "failures");
    }

    @Override
    public long failures() {
      return counters.keySet().stream().mapToLong(this::failures).sum() + failuresWithoutSiteOrLine;
    }

    @Override
    public long failuresWithoutSiteOrLine() {
      return failuresWithoutSiteOrLine;
    }

    @Override
    public long payloadLines() {
      return payloadLines;
    }
  }

  private static QualityGates gates(GateMode mode) {
    QualityScopes scopes = QualityGates.scopes(Markets.all());
    return new QualityGates(mode, QualityThresholds.defaults(scopes), "the bundled defaults");
  }

  private static Map<String, QualityCheck> byKey(List<QualityCheck> checks) {
    return checks.stream().collect(Collectors.toMap(QualityCheck::key, Function.identity()));
  }

  /** A crawl of avito: 7 list pages, 136 detail pages, 134 listings, 2 failures. */
  private static Counts avitoCrawl() {
    return new Counts()
        .set("avito", "list_pages_fetched", 7).set("avito", "detail_links_found", 146)
        .set("avito", "detail_pages_fetched", 136).set("avito", "silver_candidates", 134)
        .set("avito", "fill:priceAmount", 110).set("avito", "fill:city", 134).set("avito", "fill:surfaceTotalM2", 30)
        .set("avito", "failures", 2);
  }

  @Test
  void aCrawlIsJudgedOnFillRatesDeadLettersAndCardsPerListPage() {
    List<QualityCheck> checks = gates(GateMode.WARN).evaluate(avitoCrawl(), Map.of());
    Map<String, QualityCheck> by = byKey(checks);
    assertThat(by.keySet(), equalTo(Set.of("avito/fill_rate/city", "avito/fill_rate/priceAmount",
        "avito/fill_rate/surfaceTotalM2", "avito/dead_letter_share/", "avito/cards_per_list_page/",
        "(all)/dead_letter_share/")));
    assertThat(by.get("avito/fill_rate/surfaceTotalM2").status(), equalTo(GateStatus.WARN));
    assertThat(by.get("avito/fill_rate/priceAmount").status(), equalTo(GateStatus.OK));
    assertThat(by.get("avito/dead_letter_share/").message(),
        equalTo("dead-letter share on avito is 1.4% (2 failures, 143 inputs)"));
    assertThat(by.get("avito/cards_per_list_page/").value(), equalTo(146.0 / 7));
    QualityOutcome outcome = new QualityOutcome(GateMode.WARN, "r1", "the bundled defaults", checks);
    assertThat(outcome.status(), equalTo(GateStatus.WARN));
    assertThat(outcome.failsTheJob(), equalTo(false));
  }

  @Test
  void cardsPerListPageIsComparedWithThePreviousRun() {
    Map<String, QualityCheck> by = byKey(gates(GateMode.FAIL).evaluate(
        avitoCrawl().set("avito", "detail_links_found", 7), Map.of("avito/cards_per_list_page/", 20.0)));
    QualityCheck drop = by.get("avito/cards_per_list_page/");
    assertThat(drop.status(), equalTo(GateStatus.FAIL));
    assertThat(drop.baseline(), equalTo(20.0));
  }

  @Test
  void aPayloadLoadIsComparedWithThePreviousLoadEvenWhenEveryLineWasLoadedBefore() {
    // A rerun: every line already in the lake, so nothing normalised (no fill rates), but 5 listings read.
    Counts rerun = new Counts().set("avito", "payload_listings", 5).set("avito", "payload_lines", 5);
    rerun.payloadLines = 5;
    QualityOutcome outcome = new QualityOutcome(GateMode.FAIL, "r2", "the bundled defaults",
        gates(GateMode.FAIL).evaluate(rerun, Map.of("avito/payload_listings/", 177.0, "mubawab/payload_listings/", 33.0)));
    Map<String, QualityCheck> by = byKey(outcome.checks());
    assertThat(by.get("avito/payload_listings/").status(), equalTo(GateStatus.FAIL));
    assertThat("a site the previous load had and this one lacks dropped to 0",
        by.get("mubawab/payload_listings/").message(), equalTo(
            "payload_listings on mubawab is 0, previous run 33 (100% fewer), a drop of more than the 90% fail threshold"));
    assertThat(outcome.failsTheJob(), equalTo(true));
    assertThat(outcome.failureLine(), equalTo("quality gate failed: payload_listings on avito is 5, previous run 177"
        + " (97.2% fewer), a drop of more than the 90% fail threshold (and 1 more); the run's data is written,"
        + " the checks are in run-report.json and souk_quality_checks"));
    assertThat("a crawl-only run is not compared with payload loads", byKey(gates(GateMode.FAIL).evaluate(avitoCrawl(),
        Map.of("avito/payload_listings/", 177.0))).containsKey("avito/payload_listings/"), equalTo(false));
  }

  @Test
  void theRunsShareCountsEveryInputAndEveryFailure() {
    Counts run = avitoCrawl().set("avito", "payload_lines", 10).set("olx", "failures", 3);
    run.payloadLines = 14; // 10 avito lines, 4 that named no site or an unknown one
    run.failuresWithoutSiteOrLine = 1; // a bad WARC record
    Map<String, QualityCheck> by = byKey(gates(GateMode.WARN).evaluate(run, Map.of()));
    assertThat(by.get("avito/dead_letter_share/").message(),
        equalTo("dead-letter share on avito is 1.3% (2 failures, 153 inputs)"));
    assertThat("a site only a bad payload named is judged with the run, not alone",
        by.keySet().stream().filter(k -> k.startsWith("olx")).toList(), empty());
    assertThat(by.get("(all)/dead_letter_share/").message(),
        equalTo("dead-letter share of the run is 3.8% (6 failures, 158 inputs)"));
  }

  @Test
  void offMakesNoCheck() {
    assertThat(gates(GateMode.OFF).evaluate(avitoCrawl(), Map.of()), empty());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    new QualityOutcome(GateMode.OFF, "r", "the bundled defaults", List.of())
        .print(new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8), containsString("Quality gates: off"));
  }

  @Test
  void theSummaryListsWhatIsNotOk() {
    List<QualityCheck> checks = gates(GateMode.FAIL).evaluate(
        avitoCrawl().set("avito", "fill:city", 10), Map.of());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    new QualityOutcome(GateMode.FAIL, "r3", "the bundled defaults", checks)
        .print(new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList(), contains("",
        "Quality gates (--qualityGates=fail; thresholds: the bundled defaults): 6 checks, 4 OK, 1 WARN, 1 FAIL",
        "  FAIL  fill rate of city on avito is 7.5% (10 of 134 listings), below the 50% fail threshold",
        "  WARN  fill rate of surfaceTotalM2 on avito is 22.4% (30 of 134 listings), below the 40% warn threshold",
        "  The run FAILED its quality gates: its data is written; the job exits with status 3",
        "  Every check of every run: table souk_quality_checks (run_id r3)"));
  }
}
