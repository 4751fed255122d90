package dev.souk.pipelines;

import dev.souk.transforms.markets.Markets;
import dev.souk.pipelines.lake.LakeTables;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.pipelines.options.SoukOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job's continuous mode: one streaming job that crawls Mubawab twice (two rounds of
 * {@code --crawlEvery}), each round reading back the crawl state and silver versions the round
 * before it committed to the lake. The second round walks the list pages again and fetches no
 * listing page again; the lake and the warehouse hold each listing once. {@link
 * FlinkContinuousCrawlIT} runs the same check on the FlinkRunner.
 */
class ContinuousCrawlTest {
  @TempDir Path tmp;

  @Test
  void twoRoundsInOneStreamingJobFetchEachListingOnce() {
    runTwoRoundsAndCheck(tmp, "--runner=DirectRunner");
  }

  /** Runs two rounds of the main job with the given runner options and checks what they did. */
  static void runTwoRoundsAndCheck(Path tmp, String... runnerArgs) {
    List<String> args = new ArrayList<>(List.of(runnerArgs));
    args.addAll(List.of("--sites=mubawab", "--maxListPages=50", "--crawlEvery=PT6H", "--crawlRounds=2",
        "--lakeCommitIntervalSeconds=3", "--outputDir=" + tmp.resolve("out")));
    SoukOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation()
        .as(SoukOptions.class);
    SampleManifest sample = SampleManifest.load("mubawab");

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    // Six-hour rounds on test time: round two is due the moment round one is stored.
    SoukSettings onTestTime = SoukSettings.from(options);
    onTestTime = onTestTime.withSchedule(onTestTime.schedule().onStoredRounds());
    RunSummary summary = SoukMain.run(onTestTime, options, new PrintStream(printed, true, StandardCharsets.UTF_8));

    long listings = sample.details("listing").size() + sample.details("layout_changed").size();
    assertThat("each listing page fetched once over both rounds", summary.count("mubawab", "detail_pages_fetched"),
        equalTo(listings));
    assertThat("round two skipped the stored listings", summary.count("mubawab", "unchanged_skipped"), greaterThan(0L));
    assertThat("round two walked the list pages again", summary.count("mubawab", "list_pages_fetched"),
        greaterThan(sample.listPages()));

    long expected = sample.expectedListingKeys().size();
    SoukSettings settings = SoukSettings.from(options);
    IcebergLake lake = settings.lake();
    assertThat("silver holds each listing once", lake.count(LakeTables.silver(Markets.REAL_ESTATE).id()), equalTo(expected));
    assertThat(lake.count(LakeTables.CRAWL_STATE.id()), equalTo(listings));
    try (Warehouse warehouse = settings.warehouse().open()) {
      assertThat(warehouse.count("fact_property_listing"), equalTo(expected));
    }
    assertThat(printed.toString(StandardCharsets.UTF_8), containsString("every PT6H, 2 rounds"));
  }
}
