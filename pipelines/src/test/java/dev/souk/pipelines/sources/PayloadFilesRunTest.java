package dev.souk.pipelines.sources;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.io.iceberg.IcebergLake;
import dev.souk.pipelines.RunSummary;
import dev.souk.pipelines.SoukMain;
import dev.souk.pipelines.SoukSettings;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.transforms.ingest.SkipLoadedLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
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
    assertThat(text, containsString(file + ": 7 = 3 + 3 + 1\n"));
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
    assertThat(again.summary().fileCount(file.toString(), SkipLoadedLines.ALREADY_LOADED), equalTo(6L));
    assertThat(again.text(), containsString(file + ": 7 = 3 + 3 + 1; 6 of them already in the lake, not appended again"));
    assertThat(copied.summary().fileCount(copy.toString(), SkipLoadedLines.ALREADY_LOADED), equalTo(6L));
    assertThat(again.summary().count("avito", "silver_rows_written"), equalTo(0L));
  }
}
