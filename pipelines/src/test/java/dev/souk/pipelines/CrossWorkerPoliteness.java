package dev.souk.pipelines;

import dev.souk.pipelines.sources.CrawlSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.souk.io.http.FetcherConfig;
import dev.souk.io.sample.LocalSiteServer;
import dev.souk.model.CrawlState;
import dev.souk.model.Site;
import dev.souk.transforms.crawl.CrawlSites;
import dev.souk.transforms.crawl.DetailRequest;
import dev.souk.transforms.crawl.FetchDetailPages;
import dev.souk.transforms.crawl.FetcherProvider;
import dev.souk.transforms.crawl.HostMetrics;
import dev.souk.transforms.sites.SiteAdapters;
import dev.souk.transforms.sites.StartPage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The politeness checks each runner's IT runs: detail pages of two hosts from the bundled sample,
 * spread over workers, fetched with one fetcher per DoFn instance (so no in-JVM throttle is
 * shared, as on separate worker JVMs); the sample server's log must show every request to a host
 * at least the per-host delay after the previous one.
 */
final class CrossWorkerPoliteness {
  static final Duration DELAY = Duration.ofMillis(100);
  /** Server-side arrival times are logged in µs; requests never start early, so only rounding counts. */
  private static final long CLOCK_SLACK_MS = 3;
  /** Pages per host: enough to keep two workers busy for a few seconds. */
  static final Map<String, Integer> PAGES = Map.of("avito", 30, "mubawab", 20);
  static final Map<String, String> HOSTS = Map.of("avito", "www.avito.ma", "mubawab", "www.mubawab.ma");

  private CrossWorkerPoliteness() {}

  static void runAndCheck(PipelineOptions options) {
    FetcherProvider fetcher = FetcherProvider.bundledSample(
        FetcherConfig.builder().setPerHostDelay(DELAY).build(), CrawlSource.SAMPLE_RESOURCE_ROOT)
        .withFetcherPerInstance();
    List<DetailRequest> requests = new ArrayList<>();
    SampleManifest sample = SampleManifest.load("avito,mubawab");
    PAGES.forEach((site, n) -> sample.details("listing").stream().filter(e -> e.site().equals(site)).limit(n)
        .forEach(e -> requests.add(DetailRequest.create(site, e.url(), e.recordId(), null, "https://" + HOSTS.get(site) + "/", e.url()))));

    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(Create.of(requests))
        .apply("SpreadOverWorkers", Reshuffle.viaRandomKey())
        .apply(FetchDetailPages.with(fetcher));
    Instant start = Instant.now();
    PipelineResult result = pipeline.run();
    assertThat(result.waitUntilFinish(), equalTo(PipelineResult.State.DONE));

    List<LocalSiteServer.LoggedRequest> log = LocalSiteServer.shared(CrawlSource.SAMPLE_RESOURCE_ROOT).requestLog()
        .stream().filter(r -> !r.time().isBefore(start)).toList();
    PAGES.forEach((site, n) -> {
      String host = HOSTS.get(site);
      List<Instant> times = log.stream().filter(r -> r.host().equals(host)).map(LocalSiteServer.LoggedRequest::time)
          .sorted().toList();
      long pages = log.stream().filter(r -> r.host().equals(host) && !r.path().endsWith("/robots.txt")).count();
      assertThat(host + " pages fetched", pages, equalTo((long) n));
      assertSpaced(host, times);
      assertThat(host + " 2xx metric", counter(result, HostMetrics.NAMESPACE_PREFIX + host, "status_2xx"),
          equalTo((long) n));
    });
  }

  /**
   * The same for list pages: the sale and rent start pages of both hosts, spread over workers,
   * walked by {@link CrawlSites} with a known-listings side input as the main job does; the list
   * requests to each host must keep the delay (detail pages are capped at one per site).
   */
  static void walkAndCheck(PipelineOptions options) throws NoSuchSchemaException {
    FetcherProvider fetcher = FetcherProvider.bundledSample(
        FetcherConfig.builder().setPerHostDelay(DELAY).build(), CrawlSource.SAMPLE_RESOURCE_ROOT)
        .withFetcherPerInstance();
    List<StartPage> starts = new ArrayList<>();
    HOSTS.keySet().forEach(site -> starts.addAll(SiteAdapters.forSite(Site.fromCode(site)).startPages()));
    Map<String, Set<String>> listPaths = new HashMap<>();
    SampleManifest.load(String.join(",", HOSTS.keySet())).entries.stream().filter(e -> e.kind().equals("list"))
        .forEach(e -> listPaths.computeIfAbsent(HOSTS.get(e.site()), h -> new HashSet<>())
            .add("/" + e.url().substring("https://".length())));

    Pipeline pipeline = Pipeline.create(options);
    PCollectionView<Map<String, CrawlState>> nothingKnown = pipeline
        .apply("NothingKnown", Create.empty(
            KvCoder.of(StringUtf8Coder.of(), pipeline.getSchemaRegistry().getSchemaCoder(CrawlState.class))))
        .apply("AsMap", View.asMap());
    pipeline.apply("Starts", Create.of(starts))
        .apply("SpreadOverWorkers", Reshuffle.viaRandomKey())
        .apply("Crawl", CrawlSites.with(fetcher).withMaxListPages(20).withKnownListings(nothingKnown)
            .withMaxDetailPagesPerSite(1));
    Instant start = Instant.now();
    PipelineResult result = pipeline.run();
    assertThat(result.waitUntilFinish(), equalTo(PipelineResult.State.DONE));

    List<LocalSiteServer.LoggedRequest> log = LocalSiteServer.shared(CrawlSource.SAMPLE_RESOURCE_ROOT).requestLog()
        .stream().filter(r -> !r.time().isBefore(start)).toList();
    listPaths.forEach((host, paths) -> {
      List<Instant> times = log.stream().filter(r -> paths.contains(r.path())).map(LocalSiteServer.LoggedRequest::time)
          .sorted().toList();
      assertThat(host + " list pages fetched", (long) times.size(), equalTo((long) paths.size()));
      assertSpaced(host, times);
      assertThat(host + " 2xx metric counts list pages", counter(result, HostMetrics.NAMESPACE_PREFIX + host, "status_2xx"),
          equalTo(paths.size() + 1L));
    });
  }

  private static void assertSpaced(String host, List<Instant> times) {
    for (int i = 1; i < times.size(); i++) {
      long gapMicros = Duration.between(times.get(i - 1), times.get(i)).toNanos() / 1_000;
      assertThat(host + ": µs between request " + (i - 1) + " and " + i, gapMicros,
          greaterThanOrEqualTo((DELAY.toMillis() - CLOCK_SLACK_MS) * 1_000));
    }
  }

  private static long counter(PipelineResult result, String namespace, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build()).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }
}
