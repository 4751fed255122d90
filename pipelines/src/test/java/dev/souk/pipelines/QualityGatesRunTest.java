package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.pipelines.quality.QualityGates;
import dev.souk.pipelines.quality.QualityTable;
import dev.souk.transforms.markets.Markets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality gates on the main job as a user launches it: the bundled sample meets the default
 * thresholds, twice; a strict thresholds file fails the job with one line and exit status 3 after
 * its data is written; and a payload load that shrank against the previous one is a drop, even
 * though every line of it was loaded before.
 */
class QualityGatesRunTest {
  @TempDir Path tmp;

  private record Launched(int status, String out, String err) {}

  private Launched launch(Path outDir, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("--runner=DirectRunner", "--outputDir=" + outDir,
        // Element-cloning checks stay on in SoukPipelineTest; here they only cost time.
        "--enforceImmutability=false", "--enforceEncodability=false"));
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SoukMain.launch(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Launched(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static SoukSettings settings(Path outDir, String... more) {
    List<String> args = new ArrayList<>(List.of("--outputDir=" + outDir));
    args.addAll(List.of(more));
    return SoukSettings.from(PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(SoukOptions.class));
  }

  private static List<Map<String, Object>> checks(Path outDir, String where) {
    try (Warehouse warehouse = settings(outDir).warehouse().open()) {
      return warehouse.query("SELECT * FROM " + QualityTable.TABLE.name() + " WHERE " + where
          + " ORDER BY run_id, site, metric, field");
    }
  }

  private static JsonNode gatesReport(Path outDir) throws IOException {
    return new ObjectMapper().readTree(outDir.resolve(RunSummary.REPORT_FILE).toFile()).get("quality_gates");
  }

  @Test
  void theSampleMeetsTheDefaultGatesOnAFirstCrawlAndAnIncrementalRerun() throws Exception {
    Path out = tmp.resolve("out");
    Launched first = launch(out, "--qualityGates=fail");
    assertThat(first.err(), first.status(), equalTo(0));
    assertThat(first.out(), containsString("Quality gates (--qualityGates=fail; thresholds: the bundled defaults)"));

    List<Map<String, Object>> fills = checks(out, "metric = 'fill_rate'");
    assertThat("every site's fill rates are recorded",
        fills.stream().map(r -> r.get("site")).distinct().sorted().toList(),
        equalTo(List.of("avito", "dubizzle", "mobilemasr", "mubawab", "noon")));
    assertThat("nothing fails on the sample", checks(out, "status = 'FAIL'"), empty());
    JsonNode report = gatesReport(out);
    assertThat(report.get("fails_job").asBoolean(), equalTo(false));
    assertThat(report.get("checks").size(), equalTo(checks(out, "true").size()));
    String firstRun = report.get("run_id").asText();

    // The rerun fetches almost nothing (the crawl is incremental), so nothing may read as a drop.
    Launched second = launch(out, "--qualityGates=fail");
    assertThat(second.err(), second.status(), equalTo(0));
    List<Map<String, Object>> cards = checks(out, "metric = 'cards_per_list_page' AND run_id <> '" + firstRun + "'");
    assertThat(cards, hasSize(5));
    assertThat("each is compared with the first run's", cards.stream().map(r -> r.get("baseline")).toList(),
        everyItem(notNullValue()));
    assertThat(cards.stream().map(r -> r.get("status")).toList(), everyItem(equalTo("OK")));
    assertThat("the rerun normalised nothing, so it has no fill rates",
        checks(out, "metric = 'fill_rate' AND run_id <> '" + firstRun + "'"), empty());
  }

  @Test
  void aFailedGateFailsTheJobAfterItsDataIsWrittenAndAShrunkLoadIsADrop() throws Exception {
    Path out = tmp.resolve("out");
    List<String> lines = Files.readAllLines(Path.of("..", "testdata", "records", "avito_raw_2025-11-03.jsonl"));
    Path full = tmp.resolve("full.jsonl");
    Files.write(full, lines);
    Path strict = tmp.resolve("strict.properties");
    Files.writeString(strict, "# price on 95% of Avito's ads at least\nfill.avito.priceAmount.warn=0.98\n"
        + "fill.avito.priceAmount.fail=0.95\n");

    Launched failed = launch(out, "--source=none", "--originalPayloads=" + full, "--qualityGates=fail",
        "--qualityThresholds=" + strict);
    assertThat(failed.status(), equalTo(QualityGates.EXIT_STATUS));
    assertThat("one line naming the rule", failed.err(), equalTo("souk: quality gate failed: fill rate of priceAmount"
        + " on avito is 75% (132 of 176 listings), below the 95% fail threshold; the run's data is written, the checks"
        + " are in run-report.json and souk_quality_checks" + System.lineSeparator()));
    assertThat(failed.out(), containsString("The run FAILED its quality gates"));
    SoukSettings settings = settings(out);
    long silver = settings.lake().count(LakeTables.silver(Markets.REAL_ESTATE).id());
    assertThat("the data is kept", silver, greaterThan(90L));
    try (Warehouse warehouse = settings.warehouse().open()) {
      assertThat(warehouse.count("fact_property_listing"), equalTo(silver));
    }
    assertThat(checks(out, "status = 'FAIL'").stream().map(r -> r.get("message")).toList(),
        equalTo(List.of("fill rate of priceAmount on avito is 75% (132 of 176 listings), below the 95% fail threshold")));
    JsonNode report = gatesReport(out);
    assertThat(report.get("status").asText(), equalTo("FAIL"));
    assertThat(report.get("fails_job").asBoolean(), equalTo(true));
    assertThat(report.get("thresholds").asText(), equalTo("the bundled defaults + " + strict));

    // Ten lines of the same export: all loaded before, so nothing new is written, but the site
    // delivered 10 listings where the previous load had 177.
    Path few = tmp.resolve("few.jsonl");
    Files.write(few, lines.subList(0, 10));
    Launched shrunk = launch(out, "--source=none", "--originalPayloads=" + few, "--qualityGates=fail");
    assertThat(shrunk.status(), equalTo(QualityGates.EXIT_STATUS));
    assertThat(shrunk.err(), startsWith("souk: quality gate failed: payload_listings on avito is 10, previous run 177"
        + " (94.4% fewer), a drop of more than the 90% fail threshold;"));
    assertThat("nothing new was written", settings.lake().count(LakeTables.silver(Markets.REAL_ESTATE).id()),
        equalTo(silver));
    List<Map<String, Object>> drops = checks(out, "metric = 'payload_listings'");
    assertThat("one row per run", drops, hasSize(2));
    assertThat(((Number) drops.get(1).get("baseline")).doubleValue(), equalTo(177.0));
    assertThat(((Number) drops.get(1).get("fail_limit")).doubleValue(), greaterThan(17.0));

    // A failed value is no baseline: the next load is still held to the 177 of the last good one.
    Launched warned = launch(out, "--source=none", "--originalPayloads=" + few);
    assertThat("with the default mode a failed check is reported, not fatal", warned.status(), equalTo(0));
    assertThat(warned.out(), containsString("FAIL  payload_listings on avito is 10, previous run 177"));
    assertThat(warned.out(), containsString("(--qualityGates=warn: reported only"));
  }
}
