package dev.souk.pipelines;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.pipelines.lake.LakeTable;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.transforms.markets.MarketSpec;
import dev.souk.transforms.markets.Markets;
import dev.souk.model.Site;
import dev.souk.transforms.normalise.NormaliseListings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.souk.transforms.ingest.ReadOriginalPayloads;
import dev.souk.transforms.ingest.SkipLoadedLines;
import dev.souk.transforms.ingest.PayloadLines;
import dev.souk.pipelines.quality.QualityOutcome;
import dev.souk.pipelines.quality.RunCounts;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import dev.souk.transforms.crawl.HostMetrics;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * What a run produced, for the person who started it: counts per layer and site from this run's
 * metrics, failures by step and reason, the tables' totals and locations, and a query to try.
 */
public final class RunSummary implements RunCounts {
  /** Failures and counters of steps that never knew a site (a line that is not JSON, a bad WARC record). */
  public static final String NO_SITE = "(no site)";
  /**
   * Not a counter: normalised listings less the distinct versions, i.e. the same content met more
   * than once in the run (one ad scraped twice, unchanged), collapsed into one version.
   */
  static final String EXACT_DUPLICATES = "exact_duplicates";
  /** The per-site counter of listings that failed normalisation. */
  private static final String NORMALISE_FAILURES = "normalise_failures";
  /** The run report's file name, in the output directory. */
  public static final String REPORT_FILE = "run-report.json";

  /** Per-site counters, in the order the data flows. */
  private static final String[][] FLOW = {
    {"list_pages_fetched", "list pages fetched"},
    {"detail_links_found", "detail links found"},
    {"detail_links_duplicate", "duplicate links dropped"},
    {"unchanged_skipped", "unchanged cards, not refetched"},
    {"walks_stopped_mostly_known", "walks stopped (mostly known)"},
    {"not_modified", "pages not modified (304)"},
    {"budget_skipped", "links over the page budget"},
    {"detail_pages_fetched", "detail pages fetched"},
    {"raw_listings", "raw listings (bronze)"},
    {MarketBranch.SILVER_INPUTS, "raw listings read for silver"},
    {"silver_candidates", "listings normalised"},
    {MarketBranch.DISTINCT_VERSIONS, "distinct versions"},
    {EXACT_DUPLICATES, "exact duplicates (collapsed)"},
    {"silver_rows_written", "new silver versions"},
    {"silver_unchanged", "unchanged (already in silver)"},
  };

  /** Per-host crawl counters (see {@link HostMetrics}), in table order. */
  private static final String[][] HOST_COLUMNS = {
    {"status_2xx", "2xx"},
    {"status_3xx", "3xx"},
    {"status_4xx", "4xx"},
    {"status_5xx", "5xx"},
    {HostMetrics.NOT_MODIFIED, "304"},
    {HostMetrics.RETRIES, "retries"},
    {HostMetrics.ROBOTS_DENIED, "robots"},
    {HostMetrics.FETCH_ERRORS, "errors"},
    {HostMetrics.CIRCUIT_OPEN, "circuit"},
    {HostMetrics.UNCHANGED_SKIPPED, "skipped"},
  };

  /** counters: site → name → value. */
  private final Map<String, Map<String, Long>> counters;
  /** host counters: host → name → value. */
  private final Map<String, Map<String, Long>> hostCounters;
  /** host → fetch latency. */
  private final Map<String, DistributionResult> hostLatency;
  /** input file → line counts (see {@link ReadOriginalPayloads}). */
  private final Map<String, Map<String, Long>> fileCounters;
  /** The quality gates' verdict, once the launcher has judged the run; null before (or without a launcher). */
  private @Nullable QualityOutcome qualityGates;

  private RunSummary(Map<String, Map<String, Long>> counters, Map<String, Map<String, Long>> hostCounters,
      Map<String, DistributionResult> hostLatency, Map<String, Map<String, Long>> fileCounters) {
    this.counters = counters;
    this.hostCounters = hostCounters;
    this.hostLatency = hostLatency;
    this.fileCounters = fileCounters;
  }

  public static RunSummary of(PipelineResult result) {
    Map<String, Map<String, Long>> counters = new TreeMap<>();
    Map<String, Map<String, Long>> hostCounters = new TreeMap<>();
    Map<String, Map<String, Long>> fileCounters = new TreeMap<>();
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
    for (MetricResult<Long> c : metrics.getCounters()) {
      String namespace = c.getName().getNamespace();
      Long value = c.getAttempted();
      Map<String, Map<String, Long>> into;
      String key;
      if (namespace.startsWith(HostMetrics.NAMESPACE_PREFIX)) {
        into = hostCounters;
        key = namespace.substring(HostMetrics.NAMESPACE_PREFIX.length());
      } else if (namespace.startsWith(ReadOriginalPayloads.FILE_NAMESPACE_PREFIX)) {
        into = fileCounters;
        key = namespace.substring(ReadOriginalPayloads.FILE_NAMESPACE_PREFIX.length());
      } else if (namespace.equals("souk")) {
        into = counters;
        key = NO_SITE;
      } else if (namespace.startsWith("souk.")) {
        into = counters;
        key = namespace.substring("souk.".length());
      } else {
        continue;
      }
      into.computeIfAbsent(key, k -> new TreeMap<>())
          .merge(c.getName().getName(), value == null ? 0L : value, Long::sum);
    }
    Map<String, DistributionResult> hostLatency = new TreeMap<>();
    for (MetricResult<DistributionResult> d : metrics.getDistributions()) {
      String namespace = d.getName().getNamespace();
      if (namespace.startsWith(HostMetrics.NAMESPACE_PREFIX) && d.getName().getName().equals(HostMetrics.LATENCY_MS)
          && d.getAttempted() != null) {
        hostLatency.merge(namespace.substring(HostMetrics.NAMESPACE_PREFIX.length()), d.getAttempted(),
            (a, b) -> DistributionResult.create(a.getSum() + b.getSum(), a.getCount() + b.getCount(),
                Math.min(a.getMin(), b.getMin()), Math.max(a.getMax(), b.getMax())));
      }
    }
    return new RunSummary(counters, hostCounters, hostLatency, fileCounters);
  }

  /** Records the quality gates' verdict on this run, for the summary and the report. */
  void qualityGates(QualityOutcome outcome) {
    this.qualityGates = outcome;
  }

  /** The quality gates' verdict on this run; null when no launcher judged it. */
  public @Nullable QualityOutcome qualityGates() {
    return qualityGates;
  }

  @Override
  public Set<String> sites() {
    return counters.keySet().stream().filter(site -> !site.equals(NO_SITE))
        .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
  }

  @Override
  public long failuresWithoutSiteOrLine() {
    return failures(NO_SITE) - count(NO_SITE, PayloadLines.STEP + "_failures");
  }

  @Override
  public long payloadLines() {
    return fileCounters.keySet().stream().mapToLong(f ->
        fileCount(f, ReadOriginalPayloads.LINES) - fileCount(f, ReadOriginalPayloads.BLANK_LINES)).sum();
  }

  /** A per-host crawl counter of this run (see {@link HostMetrics}), 0 if it never moved. */
  public long hostCount(String host, String name) {
    return hostCounters.getOrDefault(host, Map.of()).getOrDefault(name, 0L);
  }

  /** Mean fetch latency of {@code host} in ms, or -1 without fetches. */
  public double meanLatencyMillis(String host) {
    DistributionResult d = hostLatency.get(host);
    return d == null || d.getCount() == 0 ? -1 : (double) d.getSum() / d.getCount();
  }

  /** A counter of this run, 0 if it never moved; {@link #NO_SITE} for counters without a site. */
  @Override
  public long count(String site, String name) {
    if (name.equals(EXACT_DUPLICATES)) {
      return Math.max(0, count(site, "silver_candidates") - count(site, MarketBranch.DISTINCT_VERSIONS));
    }
    return counters.getOrDefault(site, Map.of()).getOrDefault(name, 0L);
  }

  /** A line count of one payload input file (see {@link ReadOriginalPayloads}), 0 if it never moved. */
  public long fileCount(String file, String name) {
    return fileCounters.getOrDefault(file, Map.of()).getOrDefault(name, 0L);
  }

  /** Failures of this run over all sites and none. */
  @Override
  public long failures() {
    return counters.keySet().stream().mapToLong(this::failures).sum();
  }

  /** failed:&lt;step&gt;:&lt;reason&gt; → site → count, every failure counted once. */
  private Map<String, Map<String, Long>> failuresByReason() {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    counters.forEach((site, names) -> names.forEach((name, n) -> {
      if (name.startsWith("failed:") && n > 0) {
        out.computeIfAbsent(name.substring("failed:".length()), k -> new TreeMap<>()).put(site, n);
      }
    }));
    return out;
  }

  /** Failures of this run for one site, all steps. */
  @Override
  public long failures(String site) {
    return counters.getOrDefault(site, Map.of()).entrySet().stream()
        .filter(e -> e.getKey().endsWith("_failures")).mapToLong(Map.Entry::getValue).sum();
  }

  public void print(PrintStream out, SoukSettings settings, Warehouse warehouse) {
    IcebergLake lake = settings.lake();
    out.println();
    out.println("Souk run summary");
    out.println("================");
    out.printf("%-32s", "this run");
    for (String site : counters.keySet()) {
      out.printf("%12s", site);
    }
    out.println();
    for (String[] row : FLOW) {
      out.printf("%-32s", row[1]);
      for (String site : counters.keySet()) {
        out.printf("%12d", count(site, row[0]));
      }
      out.println();
    }
    out.printf("%-32s", "failures (dead letter)");
    for (String site : counters.keySet()) {
      out.printf("%12d", failures(site));
    }
    out.println();

    Map<String, Map<String, Long>> reasons = failuresByReason();
    if (!reasons.isEmpty()) {
      out.println();
      out.println("Failures by step and reason, " + failures() + " in all (details in " + LakeTables.DEAD_LETTER.id() + "):");
      reasons.forEach((reason, sites) -> sites.forEach((site, n) ->
          out.printf("  %-10s %-44s %6d%n", site, reason, n)));
    }

    printFiles(out);

    printReconciliation(out);

    printQualityFlags(out);

    printFillRates(out, settings.markets());

    printHosts(out);

    out.println();
    out.println("Iceberg lake (all runs), catalog warehouse " + lake.config().catalogProperties().get("warehouse") + ":");
    for (LakeTable table : LakeTables.all(settings.markets())) {
      out.printf("  %-28s %8d rows   %s%n", table.id(), lake.count(table.id()), lake.location(table.id()));
    }
    out.println();
    out.println("Warehouse (star schema), " + settings.warehouse().describe() + ":");
    for (WarehouseTable table : Markets.warehouseTables(settings.markets())) {
      out.printf("  %-28s %8d rows%n", table.name(), warehouse.count(table.name()));
    }
    if (qualityGates != null) {
      qualityGates.print(out);
    }
    out.println();
    out.println("Try a query (median asking rent per m² by city):");
    out.println("  java -jar pipelines/target/souk-pipelines-bundled.jar query \\");
    out.println("    " + settings.warehouse().queryOptions() + " \\");
    out.println("    \"" + EXAMPLE_QUERY + "\"");
  }

  /**
   * Per market, the share of this run's silver rows that have each field filled, per site. A
   * field at 0% where it used to be filled is the first sign of a site's layout change.
   */
  private void printFillRates(PrintStream out, List<MarketSpec<?>> markets) {
    for (MarketSpec<?> market : markets) {
      LakeTable silver = LakeTables.silver(market);
      List<String> sites = counters.keySet().stream()
          .filter(site -> count(site, "silver_candidates") > 0 && market.coversSite(site))
          .toList();
      if (sites.isEmpty()) {
        continue;
      }
      out.println();
      out.printf("%-32s", "field fill rate (" + silver.id() + ")");
      sites.forEach(site -> out.printf("%12s", site));
      out.println();
      for (Schema.Field field : silver.schema().getFields()) {
        out.printf("%-32s", field.getName());
        for (String site : sites) {
          long filled = count(site, NormaliseListings.FILL_PREFIX + field.getName());
          out.printf("%11.0f%%", 100.0 * filled / count(site, "silver_candidates"));
        }
        out.println();
      }
    }
  }

  /**
   * This run's rows of {@code site} that carry each quality flag (docs/sites.md §8.6), by flag
   * code: counters {@code souk.<site>/quality:<flag>}. Empty when no row was flagged.
   */
  public Map<String, Long> qualityFlags(String site) {
    Map<String, Long> out = new TreeMap<>();
    counters.getOrDefault(site, Map.of()).forEach((name, n) -> {
      if (name.startsWith(NormaliseListings.QUALITY_PREFIX) && n > 0) {
        out.put(name.substring(NormaliseListings.QUALITY_PREFIX.length()), n);
      }
    });
    return out;
  }

  /**
   * Per site, how many of this run's normalised rows carry each quality flag: values kept but
   * doubtful (a price outside its window, a pin in another country, a scrape time from the clock).
   */
  private void printQualityFlags(PrintStream out) {
    TreeSet<String> flags = new TreeSet<>();
    List<String> sites = counters.keySet().stream().filter(site -> !qualityFlags(site).isEmpty()).toList();
    sites.forEach(site -> flags.addAll(qualityFlags(site).keySet()));
    if (flags.isEmpty()) {
      return;
    }
    out.println();
    out.printf("%-32s", "quality flags (rows, this run)");
    sites.forEach(site -> out.printf("%12s", site));
    out.println();
    for (String flag : flags) {
      out.printf("%-32s", flag);
      sites.forEach(site -> out.printf("%12d", qualityFlags(site).getOrDefault(flag, 0L)));
      out.println();
    }
  }

  /** Share of a site's silver rows with {@code field} filled in this run, 0–1; NaN without rows. */
  public double fillRate(String site, String field) {
    return (double) count(site, NormaliseListings.FILL_PREFIX + field) / count(site, "silver_candidates");
  }



  /**
   * Per site, the raw listings silver read this run against what became of them: {@code inputs =
   * versions + exact duplicates + failures}, and {@code versions = new + already in silver}.
   */
  private void printReconciliation(PrintStream out) {
    List<String> sites = counters.keySet().stream()
        .filter(site -> count(site, MarketBranch.SILVER_INPUTS) > 0).toList();
    if (sites.isEmpty()) {
      return;
    }
    out.println();
    out.println("Silver inputs (raw listings read = distinct versions + exact duplicates + failures;"
        + " versions = new + already in silver):");
    for (String site : sites) {
      out.printf("  %-10s %d = %d + %d + %d;  %d = %d + %d%s%n", site,
          count(site, MarketBranch.SILVER_INPUTS), count(site, MarketBranch.DISTINCT_VERSIONS),
          count(site, EXACT_DUPLICATES), count(site, NORMALISE_FAILURES),
          count(site, MarketBranch.DISTINCT_VERSIONS), count(site, "silver_rows_written"),
          count(site, "silver_unchanged"), silverReconciles(site) ? "" : "   DOES NOT ADD UP");
    }
  }

  /** Whether {@code site}'s silver inputs of this run are all accounted for. */
  public boolean silverReconciles(String site) {
    long versions = count(site, MarketBranch.DISTINCT_VERSIONS);
    return count(site, MarketBranch.SILVER_INPUTS)
            == versions + count(site, EXACT_DUPLICATES) + count(site, NORMALISE_FAILURES)
        && count(site, "silver_candidates") >= versions
        && versions == count(site, "silver_rows_written") + count(site, "silver_unchanged");
  }

  /** Per payload input file: its physical lines, and whether they reconcile with what became of them. */
  private void printFiles(PrintStream out) {
    if (fileCounters.isEmpty()) {
      return;
    }
    out.println();
    out.println("Payload files (lines = raw listings + failures + blank lines + lines already in the lake, skipped):");
    fileCounters.keySet().forEach(file -> {
      long byPayload = fileCount(file, SkipLoadedLines.ALREADY_LOADED_BY_PAYLOAD);
      out.printf("  %s: %d = %d + %d + %d + %d%s%s%n", file,
          fileCount(file, ReadOriginalPayloads.LINES), fileCount(file, ReadOriginalPayloads.RAW_LISTINGS),
          fileCount(file, ReadOriginalPayloads.FAILURES), fileCount(file, ReadOriginalPayloads.BLANK_LINES),
          fileCount(file, ReadOriginalPayloads.ALREADY_LOADED),
          byPayload == 0 ? "" : "; " + byPayload + " of the lines read were in the lake already (rows from before"
              + " line keys), not appended again",
          reconciles(file) ? "" : "   DOES NOT ADD UP");
    });
  }

  private boolean reconciles(String file) {
    return fileCount(file, ReadOriginalPayloads.LINES) == fileCount(file, ReadOriginalPayloads.RAW_LISTINGS)
        + fileCount(file, ReadOriginalPayloads.FAILURES) + fileCount(file, ReadOriginalPayloads.BLANK_LINES)
        + fileCount(file, ReadOriginalPayloads.ALREADY_LOADED);
  }

  /**
   * The same counts as {@link #print}, for machines: {@code flow} (site → the summary's per-site
   * rows, this run), {@code quality} (site → quality flag → rows, this run), {@code failures}
   * (step, reason, site or "(no site)", count), {@code files} (per payload input file, its lines
   * and what they became), {@code totals} and {@code quality_gates} (the mode, the overall status
   * and every check, as in {@code souk_quality_checks}).
   */
  public void writeReport(Path file) throws IOException {
    ObjectNode report = REPORT_JSON.createObjectNode();
    ObjectNode flow = report.putObject("flow");
    counters.keySet().forEach(site -> {
      ObjectNode perSite = flow.putObject(site);
      for (String[] row : FLOW) {
        perSite.put(row[0], count(site, row[0]));
      }
      perSite.put("failures", failures(site));
      if (count(site, MarketBranch.SILVER_INPUTS) > 0) {
        perSite.put("silver_reconciled", silverReconciles(site));
      }
    });
    ObjectNode quality = report.putObject("quality");
    counters.keySet().forEach(site -> {
      Map<String, Long> flags = qualityFlags(site);
      if (!flags.isEmpty()) {
        ObjectNode perSite = quality.putObject(site);
        flags.forEach(perSite::put);
      }
    });
    ArrayNode failureRows = report.putArray("failures");
    failuresByReason().forEach((stepReason, sites) -> sites.forEach((site, n) -> {
      int colon = stepReason.indexOf(':');
      failureRows.addObject()
          .put("step", colon < 0 ? stepReason : stepReason.substring(0, colon))
          .put("reason", colon < 0 ? "" : stepReason.substring(colon + 1))
          .put("site", site)
          .put("count", n);
    }));
    ArrayNode files = report.putArray("files");
    fileCounters.keySet().forEach(f -> files.addObject()
        .put("file", f)
        .put(ReadOriginalPayloads.LINES, fileCount(f, ReadOriginalPayloads.LINES))
        .put(ReadOriginalPayloads.RAW_LISTINGS, fileCount(f, ReadOriginalPayloads.RAW_LISTINGS))
        .put(ReadOriginalPayloads.FAILURES, fileCount(f, ReadOriginalPayloads.FAILURES))
        .put(ReadOriginalPayloads.BLANK_LINES, fileCount(f, ReadOriginalPayloads.BLANK_LINES))
        .put(ReadOriginalPayloads.ALREADY_LOADED, fileCount(f, ReadOriginalPayloads.ALREADY_LOADED))
        .put(SkipLoadedLines.ALREADY_LOADED_BY_PAYLOAD, fileCount(f, SkipLoadedLines.ALREADY_LOADED_BY_PAYLOAD))
        .put("reconciled", reconciles(f)));
    ObjectNode totals = report.putObject("totals");
    for (String[] row : FLOW) {
      totals.put(row[0], counters.keySet().stream().mapToLong(site -> count(site, row[0])).sum());
    }
    totals.put("failures", failures());
    if (qualityGates != null) {
      qualityGates.writeTo(report);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    REPORT_JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
  }

  private static final ObjectMapper REPORT_JSON = new ObjectMapper();

  /** The per-host crawl table of the detail fetches; nothing when no host was contacted. */
  private void printHosts(PrintStream out) {
    TreeSet<String> hosts = new TreeSet<>(hostCounters.keySet());
    hosts.addAll(hostLatency.keySet());
    if (hosts.isEmpty()) {
      return;
    }
    out.println();
    out.println("Fetches per host, list and detail pages (this run):");
    out.printf("  %-24s", "host");
    for (String[] column : HOST_COLUMNS) {
      out.printf("%8s", column[1]);
    }
    out.printf("%10s%10s%n", "MB", "avg ms");
    for (String host : hosts) {
      out.printf("  %-24s", host);
      for (String[] column : HOST_COLUMNS) {
        out.printf("%8d", hostCount(host, column[0]));
      }
      double latency = meanLatencyMillis(host);
      out.printf("%10.2f%10s%n", hostCount(host, HostMetrics.BYTES) / 1e6,
          latency < 0 ? "-" : String.format("%.1f", latency));
    }
  }

  /** The query the summary suggests; kept here so a test can run it. */
  public static final String EXAMPLE_QUERY =
      "SELECT l.city, count(*) AS listings,"
          + " percentile_cont(0.5) WITHIN GROUP (ORDER BY f.price_per_m2) AS median_rent_per_m2 "
          + "FROM fact_property_listing f JOIN dim_location l USING (location_key) "
          + "WHERE f.offer = 'rent' AND f.price_per_m2 IS NOT NULL "
          + "GROUP BY l.city ORDER BY listings DESC LIMIT 10";
}
