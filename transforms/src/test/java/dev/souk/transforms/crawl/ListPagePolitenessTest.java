package dev.souk.transforms.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.io.http.FetcherConfig;
import dev.souk.io.sample.LocalSiteServer;
import dev.souk.model.FailureRecord;
import dev.souk.model.Site;
import dev.souk.transforms.sites.StartPage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list walk of {@link CrawlSites} keeps the same per-host pace, breaker and metrics as detail fetches. */
class ListPagePolitenessTest {
  private static final String HOST = "www.mubawab.ma";
  private static final String HOST_METRICS = HostMetrics.NAMESPACE_PREFIX + HOST;

  @Test
  void listPagesOfOneHostKeepTheDelayAcrossWorkersAndCountInHostMetrics(@TempDir Path dir) throws Exception {
    // A root of its own: only this job's requests are in its server's log.
    SampleCrawls.serveEditedCopy(dir, "list-pace", List.of());
    Duration delay = Duration.ofMillis(80);
    // One fetcher per DoFn instance: the in-JVM throttle cannot space the walks, only keyed state can.
    FetcherProvider fetcher = FetcherProvider.bundledSample(
        FetcherConfig.builder().setPerHostDelay(delay).setMaxRetries(0).build(), "list-pace").withFetcherPerInstance();
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setTargetParallelism(4);
    Pipeline p = Pipeline.create(options);
    // Sale and rent start pages on different workers: without keyed state both walks start at once.
    SampleCrawls.Run run = SampleCrawls.run(p, "list-pace", p
        .apply("Starts", Create.of(SampleCrawls.MUBAWAB_STARTS))
        .apply("SpreadOverWorkers", Reshuffle.viaRandomKey())
        .apply("Crawl", CrawlSites.with(fetcher).withMaxDetailPagesPerSite(1)));

    List<Instant> listTimes = LocalSiteServer.shared("list-pace").requestLog().stream()
        .filter(r -> r.host().equals(HOST) && r.path().contains("/fr/cc/"))
        .map(LocalSiteServer.LoggedRequest::time).sorted().toList();
    assertEquals(4, listTimes.size(), "rent pages 1-3 and the sale page");
    for (int i = 1; i < listTimes.size(); i++) {
      long gapMicros = Duration.between(listTimes.get(i - 1), listTimes.get(i)).toNanos() / 1_000;
      assertTrue(gapMicros >= (delay.toMillis() - FetchDetailPagesTest.CLOCK_SLACK_MS) * 1_000,
          "list request " + i + " came " + gapMicros + " µs after the previous one, below " + delay);
    }

    assertEquals(4, run.counter("list_pages_fetched"));
    assertEquals(1, run.counter("detail_pages_fetched"));
    assertEquals(4 + 1, FetchDetailPagesTest.counter(run.result(), HOST_METRICS, "status_2xx"),
        "list and detail pages are both counted per host");
    // One latency distribution per step: the walk's and the detail fetch's.
    long timed = 0;
    for (MetricResult<DistributionResult> d : run.result().metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(HOST_METRICS, HostMetrics.LATENCY_MS)).build()).getDistributions()) {
      timed += d.getAttempted().getCount();
    }
    assertEquals(4 + 1, timed);
  }

  @Test
  void repeated503sOnListPagesOpenTheHostsCircuit() throws Exception {
    int starts = 5;
    try (FlakyHost host = new FlakyHost(Integer.MAX_VALUE)) {
      FetcherProvider fetcher = FetcherProvider.live(FetcherConfig.builder()
          .setMirrors(Map.of(HOST, host.mirrorBase(HOST)))
          .setObeyRobots(false)
          .setMaxRetries(0)
          .setPerHostDelay(Duration.ofMillis(20))
          .build());
      List<StartPage> pages = IntStream.range(0, starts)
          .mapToObj(i -> StartPage.of(Site.MUBAWAB.code(), "https://" + HOST + "/fr/cc/search-" + i, "sale")).toList();
      Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
      SampleCrawls.Run run = SampleCrawls.run(p, SampleCrawls.SAMPLE, p
          .apply("Starts", Create.of(pages))
          .apply("Crawl", CrawlSites.with(fetcher).withCircuitBreaker(2, Duration.ofMinutes(5))));

      Map<String, Long> byReason = run.failures().stream()
          .collect(Collectors.groupingBy(FailureRecord::getReason, Collectors.counting()));
      assertEquals(Map.of("http_503", 2L, "circuit_open", (long) starts - 2), byReason,
          "after two 503s the host's other list pages are refused");
      assertEquals(2, host.arrivals().size(), "refused list pages never reach the host");
      assertEquals(2, FetchDetailPagesTest.counter(run.result(), HOST_METRICS, "status_5xx"));
      assertEquals(starts - 2, FetchDetailPagesTest.counter(run.result(), HOST_METRICS, HostMetrics.CIRCUIT_OPEN));
    }
  }
}
