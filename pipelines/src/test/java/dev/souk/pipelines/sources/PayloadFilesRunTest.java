package dev.souk.pipelines.sources;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.pipelines.RunSummary;
import dev.souk.pipelines.SoukMain;
import dev.souk.pipelines.SoukSettings;
import dev.souk.pipelines.lake.LakeTable;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.transforms.ingest.LineKeys;
import dev.souk.transforms.ingest.ReadOriginalPayloads;
import dev.souk.transforms.ingest.SkipLoadedLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A payload-file run as a user starts it: the summary and the run report account for every line. */
class PayloadFilesRunTest {
  @TempDir Path tmp;

  /** One listing exported twice unchanged and once with a new price, a blank line and three bad lines. */
  private Path dump(String name) throws Exception {
    String row = Files.readAllLines(Path.of("..", "testdata", "records", "avito_raw_2025-11-03.jsonl"), StandardCharsets.UTF_8).get(0);
    // A newer export of the same listing: another version of it in the same file.
    String newer = row.replace("2025-11-03 01:15:15.002000", "2025-11-04 09:00:00.000000").replace("5 500 DH", "5 000 DH");
    Path file = tmp.resolve(name);
    try (var out = Files.newOutputStream(file)) {
      out.write((row + "\n\n" + newer + "\r\n" + row + "\n").getBytes(StandardCharsets.UTF_8));
      out.write("not json\n[1]\n".getBytes(StandardCharsets.UTF_8));
      out.write("{\"title\": \"شقة\"}\n".getBytes(Charset.forName("windows-1256")));
    }
    return file;
  }

  private static SoukOptions options(Path file, Path outDir) {
    return PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--source=none",
        "--originalPayloads=" + file, "--outputDir=" + outDir).withValidation().as(SoukOptions.class);
  }

  private record Run(RunSummary summary, String text) {}

  private static Run run(SoukOptions options) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    RunSummary summary = SoukMain.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));
    return new Run(summary, printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theSummaryAndTheReportAccountForEveryLineAndEveryVersion() throws Exception {
    Path file = dump("dump.jsonl");
    Path outDir = tmp.resolve("out");
    Run run = run(options(file, outDir));
    RunSummary summary = run.summary();
    String text = run.text();

    assertThat(summary.fileCount(file.toString(), "lines"), equalTo(7L));
    assertThat(text, containsString(file + ": 7 = 3 + 3 + 1 + 0\n"));
    assertThat(summary.count("avito", "raw_listings"), equalTo(3L));
    // Both prices are kept as versions; the unchanged second export collapses into the first.
    assertThat(summary.count("avito", "distinct_versions"), equalTo(2L));
    assertThat(summary.count("avito", "exact_duplicates"), equalTo(1L));
    assertThat(summary.count("avito", "silver_rows_written"), equalTo(2L));
    assertThat(summary.silverReconciles("avito"), equalTo(true));
    assertThat(text, containsString(String.format("  %-10s %d = %d + %d + %d;  %d = %d + %d%n", "avito", 3, 2, 1, 0, 2, 2, 0)));
    // The three failures never knew their site; they are shown, not hidden.
    assertThat(summary.failures(RunSummary.NO_SITE), equalTo(3L));
    assertThat(summary.failures(), equalTo(3L));
    assertThat(text, containsString("Failures by step and reason, 3 in all"));
    for (String reason : List.of("ingest:not_json", "ingest:not_a_json_object", "ingest:invalid_utf8")) {
      assertThat(text, containsString(String.format("  %-10s %-44s %6d", RunSummary.NO_SITE, reason, 1)));
    }

    JsonNode report = new ObjectMapper().readTree(outDir.resolve(RunSummary.REPORT_FILE).toFile());
    assertThat(report.at("/files/0/file").asText(), equalTo(file.toString()));
    assertThat(List.of(report.at("/files/0/lines").asLong(), report.at("/files/0/raw_listings").asLong(),
        report.at("/files/0/failures").asLong(), report.at("/files/0/blank_lines").asLong()), equalTo(List.of(7L, 3L, 3L, 1L)));
    assertThat(report.at("/files/0/reconciled").asBoolean(), equalTo(true));
    assertThat(report.at("/flow/avito/raw_listings").asLong(), equalTo(3L));
    assertThat(report.at("/flow/avito/exact_duplicates").asLong(), equalTo(1L));
    assertThat(report.at("/flow/avito/silver_reconciled").asBoolean(), equalTo(true));
    assertThat(report.at("/totals/failures").asLong(), equalTo(3L));
    assertThat(report.at("/failures").size(), equalTo(3));
    assertThat(report.at("/failures/0/site").asText(), equalTo(RunSummary.NO_SITE));
    assertThat(report.at("/failures/0/step").asText(), equalTo("ingest"));
  }

  @Test
  void loadingTheSameFileAgainAppendsNoRawListingAndNoFailureTwice() throws Exception {
    Path file = dump("dump.jsonl");
    Path outDir = tmp.resolve("out");
    run(options(file, outDir));
    IcebergLake lake = SoukSettings.from(options(file, outDir)).lake();
    long raw = lake.count(LakeTables.BRONZE_RAW_LISTINGS.id());
    long failures = lake.count(LakeTables.DEAD_LETTER.id());
    long silver = lake.count("silver.property_listings");
    assertThat(List.of(raw, failures, silver), equalTo(List.of(3L, 3L, 2L)));

    Run again = run(options(file, outDir));
    // A copy under another name is the same input too: lines are known by their content.
    Path copy = Files.copy(file, tmp.resolve("copy-of-dump.jsonl"));
    Run copied = run(options(copy, outDir));

    assertThat(List.of(lake.count(LakeTables.BRONZE_RAW_LISTINGS.id()), lake.count(LakeTables.DEAD_LETTER.id()),
        lake.count("silver.property_listings")), equalTo(List.of(raw, failures, silver)));
    // Known by their keys and skipped unread: none of them is parsed again.
    assertThat(again.summary().fileCount(file.toString(), ReadOriginalPayloads.ALREADY_LOADED), equalTo(6L));
    assertThat(again.summary().fileCount(file.toString(), ReadOriginalPayloads.RAW_LISTINGS), equalTo(0L));
    assertThat(again.text(), containsString(file + ": 7 = 0 + 0 + 1 + 6\n"));
    assertThat(copied.summary().fileCount(copy.toString(), ReadOriginalPayloads.ALREADY_LOADED), equalTo(6L));
    assertThat(again.summary().count("avito", "silver_rows_written"), equalTo(0L));
  }

  /**
   * A lake written before bronze and the dead letter stored each line's key: the tables gain the
   * column, and a rerun still knows the older rows by their payloads.
   */
  @Test
  void aLakeFromBeforeLineKeysStillKnowsItsLines() throws Exception {
    Path file = dump("dump.jsonl");
    Path current = tmp.resolve("current");
    run(options(file, current));
    Path older = tmp.resolve("older");
    IcebergLake from = SoukSettings.from(options(file, current)).lake();
    IcebergLake to = SoukSettings.from(options(file, older)).lake();
    for (LakeTable table : List.of(LakeTables.BRONZE_RAW_LISTINGS, LakeTables.DEAD_LETTER)) {
      copyWithoutLineKeys(from, to, table);
    }
    assertThat(to.hasRowsWithout(LakeTables.BRONZE_RAW_LISTINGS.id(), LineKeys.COLUMN), equalTo(false));

    Run again = run(options(file, older));

    assertThat(to.hasRowsWithout(LakeTables.BRONZE_RAW_LISTINGS.id(), LineKeys.COLUMN), equalTo(true));
    assertThat(to.hasRowsWithout(LakeTables.DEAD_LETTER.id(), LineKeys.COLUMN), equalTo(true));
    // The older rows have no keys: the lines are read, then known by their payloads.
    assertThat(again.summary().fileCount(file.toString(), ReadOriginalPayloads.ALREADY_LOADED), equalTo(0L));
    assertThat(again.summary().fileCount(file.toString(), SkipLoadedLines.ALREADY_LOADED_BY_PAYLOAD), equalTo(6L));
    assertThat(again.text(), containsString(file + ": 7 = 3 + 3 + 1 + 0; 6 of the lines read were in the lake already"));
    assertThat(List.of(to.count(LakeTables.BRONZE_RAW_LISTINGS.id()), to.count(LakeTables.DEAD_LETTER.id())),
        equalTo(List.of(3L, 3L)));
  }

  /** {@code table}'s rows in {@code from}, appended to the same table in {@code to} as an older Souk wrote it. */
  private static void copyWithoutLineKeys(IcebergLake from, IcebergLake to, LakeTable table) {
    Schema.Builder builder = Schema.builder();
    table.schema().getFields().stream().filter(f -> !f.getName().equals(LineKeys.COLUMN)).forEach(builder::addField);
    Schema older = builder.build();
    to.ensureTable(table.id(), older, table.partitionDays());
    Pipeline copy = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    copy.apply(from.read(table.id(), older)).apply(to.append(table.id()));
    copy.run().waitUntilFinish();
    assertThat(to.count(table.id()), equalTo(3L));
  }

  /**
   * Real records with real slips, fed as a user feeds them: the quality flags are counted per
   * site, printed by the summary, written to the report and carried by the facts.
   */
  @Test
  void qualityFlagsAreCountedPrintedReportedAndWarehoused() throws Exception {
    Path records = Path.of("..", "testdata", "records");
    // Avito 37621456: a sale apartment at 8 500 DH.
    String cheapSale = Files.readAllLines(records.resolve("avito_raw_2025-11-03.jsonl"), StandardCharsets.UTF_8).get(53);
    // Mubawab 8257992: a villa pinned in Tunis.
    String tunis = Files.readAllLines(records.resolve("bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl"), StandardCharsets.UTF_8).get(24);
    // The notebook's raw Avito payload 57133328: printed without its row, so it has no time at all.
    String timeless = Files.readAllLines(records.resolve("notebook_sample_payloads.jsonl"), StandardCharsets.UTF_8).get(3);
    assertThat(cheapSale, containsString("\"37621456\""));
    assertThat(tunis, containsString("\"8257992\""));
    assertThat(timeless, containsString("\"57133328\""));
    Path file = tmp.resolve("slips.jsonl");
    Files.writeString(file, cheapSale + "\n" + tunis + "\n" + timeless + "\n", StandardCharsets.UTF_8);
    Path outDir = tmp.resolve("out");
    SoukOptions options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--source=none",
        "--originalPayloads=" + file, "--outputDir=" + outDir).withValidation().as(SoukOptions.class);

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    RunSummary summary = SoukMain.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));
    String text = printed.toString(StandardCharsets.UTF_8);

    assertThat(summary.qualityFlags("avito"), equalTo(Map.of(
        "price_below_window", 1L, "price_per_m2_below_window", 1L, "scraped_at_from_clock", 1L)));
    assertThat(summary.qualityFlags("mubawab"), equalTo(Map.of("coordinates_outside_country", 1L)));
    assertThat(text, containsString(String.format("%-32s%12s%12s", "quality flags (rows, this run)", "avito", "mubawab")));
    assertThat(text, containsString(String.format("%-32s%12d%12d", "coordinates_outside_country", 0, 1)));
    assertThat(text, containsString(String.format("%-32s%12d%12d", "scraped_at_from_clock", 1, 0)));

    JsonNode report = new ObjectMapper().readTree(outDir.resolve(RunSummary.REPORT_FILE).toFile());
    assertThat(report.at("/quality/avito/scraped_at_from_clock").asLong(), equalTo(1L));
    assertThat(report.at("/quality/mubawab/coordinates_outside_country").asLong(), equalTo(1L));

    try (Warehouse warehouse = SoukSettings.from(options).warehouse().open()) {
      List<Map<String, Object>> facts = warehouse.query("SELECT u.listing_id AS id, array_to_string(f.quality_flags, ',') AS flags"
          + " FROM fact_property_listing f JOIN dim_listing_url u USING (listing_url_key) ORDER BY id");
      assertThat(facts.toString(), facts.stream().map(r -> r.get("id") + "=" + r.get("flags")).toList(), equalTo(List.of(
          "37621456=price_below_window,price_per_m2_below_window", "57133328=scraped_at_from_clock",
          "8257992=coordinates_outside_country")));
    }
  }
}
