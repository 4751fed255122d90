package dev.souk.pipelines.quality;

import dev.souk.model.Site;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.pipelines.options.QualityOptions;
import dev.souk.transforms.ingest.ReadOriginalPayloads;
import dev.souk.transforms.markets.MarketSpec;
import dev.souk.transforms.normalise.NormaliseListings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The data-quality gates of a run: the mode ({@code --qualityGates}) and the thresholds (bundled
 * defaults, overlaid by {@code --qualityThresholds}), and the evaluation of a run's counts against
 * them. Resolved with the other options, so a bad file fails before anything is written.
 */
public final class QualityGates {
  /** Exit status of a run that failed a gate with {@code --qualityGates=fail}: its data is written. */
  public static final int EXIT_STATUS = 3;

  private final GateMode mode;
  private final QualityThresholds thresholds;
  private final String thresholdsSource;

  QualityGates(GateMode mode, QualityThresholds thresholds, String thresholdsSource) {
    this.mode = mode;
    this.thresholds = thresholds;
    this.thresholdsSource = thresholdsSource;
  }

  /** The gates the options ask for, over {@code markets}; a bad value or file is one line naming it. */
  public static QualityGates from(QualityOptions options, List<? extends MarketSpec<?>> markets) {
    GateMode mode = GateMode.of(options.getQualityGates());
    QualityScopes scopes = scopes(markets);
    QualityThresholds thresholds = QualityThresholds.defaults(scopes);
    String file = options.getQualityThresholds();
    String source = "the bundled defaults";
    if (file != null && !file.isBlank()) {
      String option = "--qualityThresholds=" + file;
      String text;
      try {
        text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(option + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
      }
      thresholds = thresholds.overlay(QualityThresholds.parse(text, option, scopes), option);
      source += " + " + file;
    }
    return new QualityGates(mode, thresholds, source);
  }

  /** Each market with its silver fields, and each site with the market that covers it. */
  public static QualityScopes scopes(List<? extends MarketSpec<?>> markets) {
    Map<String, Set<String>> marketsOfSite = new HashMap<>();
    Map<String, Set<String>> fields = new HashMap<>();
    for (MarketSpec<?> market : markets) {
      fields.put(market.name(), LakeTables.silver(market).schema().getFields().stream().map(Schema.Field::getName)
          .collect(Collectors.toCollection(TreeSet::new)));
      for (Site site : Site.values()) {
        if (market.coversSite(site.code())) {
          marketsOfSite.computeIfAbsent(site.code(), s -> new TreeSet<>()).add(market.name());
        }
      }
    }
    return new QualityScopes(marketsOfSite, fields);
  }

  /** The same gates over other markets (a test's toy market joining the built-in ones). */
  public QualityGates withMarkets(List<? extends MarketSpec<?>> markets) {
    return new QualityGates(mode, thresholds.rescoped(scopes(markets)), thresholdsSource);
  }

  public GateMode mode() {
    return mode;
  }

  /** Where the thresholds came from, for the report: the bundled defaults, plus the file if any. */
  public String thresholdsSource() {
    return thresholdsSource;
  }

  public QualityThresholds thresholds() {
    return thresholds;
  }

  /**
   * Every check of a run ({@code baselines}: the previous runs' values of the row-count metrics,
   * by {@link QualityCheck#key}); empty when the gates are off. Per known site: the fill rate of
   * each field with thresholds, the dead-letter share, and the row counts; then the run's overall
   * dead-letter share.
   */
  public List<QualityCheck> evaluate(RunCounts run, Map<String, Double> baselines) {
    List<QualityCheck> checks = new ArrayList<>();
    if (mode == GateMode.OFF) {
      return checks;
    }
    TreeSet<String> sites = new TreeSet<>(run.sites());
    // A site the previous payload load had and this one lacks altogether is a drop to 0, not nothing to say.
    if (run.payloadLines() > 0) {
      baselines.keySet().stream().filter(k -> k.contains("/" + QualityRules.PAYLOAD_LISTINGS + "/"))
          .map(k -> k.substring(0, k.indexOf('/'))).forEach(sites::add);
    }
    long inputs = run.payloadLines() + run.failuresWithoutSiteOrLine();
    for (String site : sites) {
      long pages = pageInputs(run, site);
      inputs += pages;
      if (!thresholds.isSite(site)) {
        continue; // a site name only a bad payload gave: its failures count in the run's share
      }
      long listings = run.count(site, "silver_candidates");
      thresholds.fill(site).forEach((field, limits) ->
          add(checks, QualityRules.fillRate(site, field, run.count(site, NormaliseListings.FILL_PREFIX + field),
              listings, limits, thresholds.minSample())));
      Limits deadLetter = thresholds.deadLetterShare(site);
      if (!deadLetter.off()) {
        add(checks, QualityRules.deadLetterShare(site, run.failures(site),
            pages + run.count(site, ReadOriginalPayloads.SITE_LINES), deadLetter, thresholds.minSample()));
      }
      Limits drop = thresholds.rowCountDrop(site);
      if (drop.off()) {
        continue;
      }
      if (run.payloadLines() > 0) {
        checks.add(QualityRules.rowCountDrop(site, QualityRules.PAYLOAD_LISTINGS,
            run.count(site, ReadOriginalPayloads.SITE_LISTINGS),
            baselines.get(QualityCheck.key(site, QualityRules.PAYLOAD_LISTINGS, "")), drop));
      }
      long listPages = run.count(site, "list_pages_fetched");
      if (listPages > 0) {
        checks.add(QualityRules.rowCountDrop(site, QualityRules.CARDS_PER_LIST_PAGE,
            (double) run.count(site, "detail_links_found") / listPages,
            baselines.get(QualityCheck.key(site, QualityRules.CARDS_PER_LIST_PAGE, "")), drop));
      }
    }
    Limits overall = thresholds.deadLetterShare(QualityRules.ALL_SITES);
    if (!overall.off()) {
      add(checks, QualityRules.deadLetterShare(QualityRules.ALL_SITES, run.failures(), inputs, overall,
          thresholds.minSample()));
    }
    return checks;
  }

  /** The pages a site's inputs started from: list and detail pages fetched (304s included), WARC pages replayed. */
  private static long pageInputs(RunCounts run, String site) {
    return run.count(site, "list_pages_fetched") + run.count(site, "detail_pages_fetched")
        + run.count(site, "not_modified") + run.count(site, "warc_pages_read");
  }

  private static void add(List<QualityCheck> checks, @Nullable QualityCheck check) {
    if (check != null) {
      checks.add(check);
    }
  }
}
