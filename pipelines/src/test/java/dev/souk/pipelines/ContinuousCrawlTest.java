package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.sample.LocalSiteServer;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.pipelines.options.SoukOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job's continuous mode: one streaming job that crawls Mubawab twice (two rounds of
 * {@code --crawlEvery}), each round reading back the crawl state and silver versions the round
 * before it committed to the lake. The second round walks the list pages again and fetches no
 * listing page again; the lake and the warehouse hold each listing once.
 */
class ContinuousCrawlTest {
  @TempDir Path tmp;

  @Test
  void twoRoundsInOneStreamingJobFetchEachListingOnce() {
    SoukOptions options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--sites=mubawab",
        "--maxListPages=50", "--crawlEvery=PT45S", "--crawlRounds=2", "--lakeCommitIntervalSeconds=3",
        "--outputDir=" + tmp.resolve("out")).withValidation().as(SoukOptions.class);
    LocalSiteServer server = LocalSiteServer.shared(SoukPipeline.SAMPLE_RESOURCE_ROOT);
    SampleManifest sample = SampleManifest.load("mubawab");
    int start = server.requestLog().size();

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    RunSummary summary = SoukMain.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

    List<String> requests = server.requestLog().subList(start, server.requestLog().size()).stream()
        .map(LocalSiteServer.LoggedRequest::path).toList();
    Map<String, Long> detailFetches = requests.stream().filter(p -> p.contains("/fr/a/"))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    long listFetches = requests.stream().filter(p -> p.contains("/fr/cc/")).count();
    assertThat("round one fetched every listing", (long) detailFetches.size(),
        equalTo((long) (sample.details("listing").size() + sample.details("layout_changed").size())));
    assertThat("round two fetched none again", Set.copyOf(detailFetches.values()), equalTo(Set.of(1L)));
    assertThat("round two walked the list pages again", listFetches, greaterThan(sample.listPages()));
    assertThat(summary.count("mubawab", "unchanged_skipped"), greaterThan(0L));

    long expected = sample.expectedListingKeys().size();
    SoukPipeline.Settings settings = SoukPipeline.Settings.from(options);
    IcebergLake lake = IcebergLake.of(settings.lake());
    assertThat("silver holds each listing once", lake.count(LakeTables.SILVER_PROPERTY_LISTINGS.id()), equalTo(expected));
    assertThat(lake.count(LakeTables.CRAWL_STATE.id()), equalTo((long) detailFetches.size()));
    try (Warehouse warehouse = settings.warehouse().open()) {
      assertThat(warehouse.count("fact_property_listing"), equalTo(expected));
    }
    assertThat(printed.toString(StandardCharsets.UTF_8), containsString("every PT45S, 2 rounds"));
  }
}
