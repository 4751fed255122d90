package dev.souk.pipelines;

import dev.souk.transforms.markets.Markets;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.pipelines.warehouse.DuckDbSink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.pipelines.options.SoukOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job as a user runs it: twice on one output location gives the same silver and star schema. */
class SoukMainIdempotencyTest {
  @TempDir Path tmp;

  @Test
  void secondRunOnTheSameOutputChangesNoSilverFactOrDimensionCount() throws Exception {
    Path argFile = tmp.resolve("run.args");
    Files.writeString(argFile, "# comment\n--runner=DirectRunner\n\n--outputDir=" + tmp.resolve("out") + "\n");
    List<String> args = SoukMain.expandArgFiles(new String[] {"@" + argFile, "--maxListPages=50",
        // The DirectRunner's element-cloning checks stay on in SoukPipelineTest; here they only cost time.
        "--enforceImmutability=false", "--enforceEncodability=false"});
    SoukOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(SoukOptions.class);

    ByteArrayOutputStream first = new ByteArrayOutputStream();
    RunSummary summary1 = SoukMain.run(options, new PrintStream(first, true, StandardCharsets.UTF_8));
    long readerSees = independentReaderCount(options);
    Map<String, Long> counts1 = counts(options);
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    RunSummary summary2 = SoukMain.run(options, new PrintStream(second, true, StandardCharsets.UTF_8));
    Map<String, Long> counts2 = counts(options);

    assertThat(counts1.get("silver"), greaterThan(50L));
    assertThat(counts2, equalTo(counts1));
    assertThat("the run left every fact row in the DuckDB file, none in its log", readerSees,
        equalTo(counts1.get("fact_property_listing") + counts1.get("fact_used_phone_listings")));
    SampleManifest sample = SampleManifest.load(options.getSites());
    long expected = sample.expectedListingKeys().size();
    assertThat(counts1.get("fact_property_listing") + counts1.get("fact_used_phone_listings"), equalTo(expected));
    assertThat("first run writes every listing", sum(summary1, sample, "silver_rows_written"), equalTo(expected));
    // The second crawl skips the stored listings before fetching them (IncrementalCrawlRunsTest).
    assertThat("second run writes nothing", sum(summary2, sample, "silver_rows_written"), equalTo(0L));
    // At most the page that failed before is retried (the walk may stop before reaching its link).
    assertThat("second run fetches no stored listing again", sum(summary2, sample, "detail_pages_fetched"),
        lessThanOrEqualTo((long) sample.details("fetch_failure").size()));
    assertThat("the avito titles selector works", summary1.fillRate("avito", "title"), equalTo(1.0));

    String printed = first.toString(StandardCharsets.UTF_8);
    assertThat(printed, containsString("Souk run summary"));
    assertThat(printed, containsString("fact_property_listing"));
    assertThat(printed, containsString("field fill rate (silver.phone_listings)"));
    assertThat(printed, containsString("layout_changed"));
    assertThat(printed, containsString("java -jar pipelines/target/souk-pipelines-bundled.jar query"));
    assertThat(printed, containsString("Fetches per host, list and detail pages (this run):"));
    assertThat("host metrics are not shown as a site column", printed, not(containsString("host.www")));
    assertThat("list pages count in the host's metrics too", summary1.hostCount("www.avito.ma", "status_2xx"),
        equalTo(summary1.count("avito", "list_pages_fetched") + summary1.count("avito", "detail_pages_fetched")
        - summary1.hostCount("www.avito.ma", "status_4xx") - summary1.hostCount("www.avito.ma", "status_5xx")
        - summary1.hostCount("www.avito.ma", "status_3xx")));
    assertThat(summary1.meanLatencyMillis("www.avito.ma"), greaterThanOrEqualTo(0.0));
  }

  private static long sum(RunSummary summary, SampleManifest sample, String counter) {
    return sample.sites().stream().mapToLong(site -> summary.count(site, counter)).sum();
  }

  /** The fact rows a fresh read-only DuckDB connection sees, once the run has no .wal beside the file. */
  private static long independentReaderCount(SoukOptions options) throws Exception {
    Path file = Path.of(((DuckDbSink) SoukSettings.from(options).warehouse()).path());
    Path wal = Path.of(file + ".wal");
    assertThat("no write-ahead log left after the run", Files.exists(wal) && Files.size(wal) > 0, equalTo(false));
    java.util.Properties readOnly = new java.util.Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (java.sql.Connection reader = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
        java.sql.ResultSet rs = reader.createStatement().executeQuery(
            "SELECT (SELECT count(*) FROM fact_property_listing) + (SELECT count(*) FROM fact_used_phone_listings)")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, Long> counts(SoukOptions options) throws Exception {
    SoukSettings settings = SoukSettings.from(options);
    Map<String, Long> counts = new LinkedHashMap<>();
    IcebergLake lake = settings.lake();
    counts.put("silver", lake.count(LakeTables.silver(Markets.REAL_ESTATE).id())
        + lake.count(LakeTables.silver(Markets.USED_PHONES).id()));
    try (Warehouse warehouse = settings.warehouse().open()) {
      for (WarehouseTable t : Markets.warehouseTables(Markets.all())) {
        counts.put(t.name(), warehouse.count(t.name()));
      }
    }
    return counts;
  }
}
