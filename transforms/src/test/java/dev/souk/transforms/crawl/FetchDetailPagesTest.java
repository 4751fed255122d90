package dev.souk.transforms.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.io.Urls;
import dev.souk.io.http.FetcherConfig;
import dev.souk.io.sample.LocalSiteServer;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** Politeness, circuit breaker, budget and metrics of {@link FetchDetailPages} on the DirectRunner. */
public class FetchDetailPagesTest {
  private static final String SAMPLE_ROOT = "sample-site";
  /** Server-side arrival times are read in µs; requests never start early, so only rounding is allowed for. */
  static final long CLOCK_SLACK_MS = 3;

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void spacesRequestsToEachHostAcrossWorkersThatShareNoThrottle() {
    Duration delay = Duration.ofMillis(60);
    // One fetcher per DoFn instance: the in-JVM throttle cannot help, only the keyed state can.
    FetcherProvider fetcher = FetcherProvider.bundledSample(
        FetcherConfig.builder().setPerHostDelay(delay).build(), SAMPLE_ROOT).withFetcherPerInstance();
    List<DetailRequest> requests = new ArrayList<>(sampleDetails("avito", 40));
    requests.addAll(sampleDetails("mubawab", 20));
    p.getOptions().as(DirectOptions.class).setTargetParallelism(4);
    Instant start = Instant.now();

    p.apply(Create.of(requests))
        .apply("SpreadOverWorkers", Reshuffle.viaRandomKey())
        .apply(FetchDetailPages.with(fetcher));
    p.run().waitUntilFinish();

    List<LocalSiteServer.LoggedRequest> log = LocalSiteServer.shared(SAMPLE_ROOT).requestLog().stream()
        .filter(r -> !r.time().isBefore(start)).toList();
    assertMinimumGaps(log, "www.avito.ma", delay, 40);
    assertMinimumGaps(log, "www.mubawab.ma", delay, 20);
  }

  @Test
  public void circuitOpensAfterConsecutiveFailuresFailsFastThenRecovers() throws IOException {
    int requests = 20;
    Duration coolDown = Duration.ofMillis(400);
    try (FlakyHost host = new FlakyHost(3)) {
      FetcherConfig config = FetcherConfig.builder()
          .setMirrors(Map.of("www.avito.ma", host.mirrorBase("www.avito.ma")))
          .setObeyRobots(false)
          .setMaxRetries(0)
          .setPerHostDelay(Duration.ofMillis(50))
          .build();
      List<DetailRequest> links = IntStream.range(0, requests)
          .mapToObj(i -> DetailRequest.create("avito", "https://www.avito.ma/fr/x/item_" + i + ".htm",
              String.valueOf(i), "sale", "https://www.avito.ma/fr/x", "fp-" + i))
          .toList();

      WithFailures.Result<PCollection<FetchedPage>, FailureRecord> result = p
          .apply(Create.of(links))
          .apply(FetchDetailPages.with(FetcherProvider.live(config)).withCircuitBreaker(3, coolDown));
      PAssert.that(result.failures()).satisfies(failures -> {
        Map<String, Long> byReason = StreamSupport.stream(failures.spliterator(), false)
            .collect(Collectors.groupingBy(FailureRecord::getReason, Collectors.counting()));
        assertEquals(3L, (long) byReason.get("http_503"));
        assertTrue("some links must be refused while open: " + byReason, byReason.get("circuit_open") >= 1);
        assertEquals(Map.of("http_503", 3L, "circuit_open", byReason.get("circuit_open")), byReason);
        return null;
      });
      PipelineResult run = p.run();
      run.waitUntilFinish();

      String ns = HostMetrics.NAMESPACE_PREFIX + "www.avito.ma";
      long open = counter(run, ns, HostMetrics.CIRCUIT_OPEN);
      long ok = counter(run, ns, "status_2xx");
      assertEquals(3, counter(run, ns, "status_5xx"));
      assertTrue("the half-open trial and the links after it must be fetched", ok >= 1);
      assertEquals(requests, 3 + open + ok);
      List<Long> arrivals = host.arrivals();
      assertEquals("refused links never reach the host", 3 + ok, arrivals.size());
      long pauseMs = (arrivals.get(3) - arrivals.get(2)) / 1_000_000;
      assertTrue("the host is left alone for the cool-down, was " + pauseMs + " ms", pauseMs >= coolDown.toMillis());
    }
  }

  @Test
  public void keepsThePageBudgetPerSiteAndCountsPerHostMetrics() {
    List<DetailRequest> avito = sampleDetails("avito", 12);
    List<DetailRequest> mubawab = sampleDetails("mubawab", 3);
    List<DetailRequest> all = new ArrayList<>(avito);
    all.addAll(mubawab);
    FetcherProvider fetcher = FetcherProvider.bundledSample(
        FetcherConfig.builder().setPerHostDelay(Duration.ZERO).build(), SAMPLE_ROOT);

    PCollection<FetchedPage> pages = p.apply(Create.of(all))
        .apply(FetchDetailPages.with(fetcher).withMaxPagesPerSite(5))
        .output();
    List<String> expected = new ArrayList<>(avito.stream().map(DetailRequest::getUrl).sorted().limit(5).toList());
    mubawab.forEach(r -> expected.add(r.getUrl()));
    PAssert.that(pages.apply(MapElements
            .into(TypeDescriptors.strings()).via(FetchedPage::getUrl)))
        .containsInAnyOrder(expected);
    PipelineResult run = p.run();
    run.waitUntilFinish();

    assertEquals(7, counter(run, "souk.avito", "budget_skipped"));
    assertEquals(0, counter(run, "souk.mubawab", "budget_skipped"));
    assertEquals(5, counter(run, "souk.avito", "detail_pages_fetched"));
    String avitoHost = HostMetrics.NAMESPACE_PREFIX + "www.avito.ma";
    assertEquals(5, counter(run, avitoHost, "status_2xx"));
    assertEquals(3, counter(run, HostMetrics.NAMESPACE_PREFIX + "www.mubawab.ma", "status_2xx"));
    assertTrue(counter(run, avitoHost, HostMetrics.BYTES) > 5 * 1000);
    DistributionResult latency = distribution(run, avitoHost, HostMetrics.LATENCY_MS);
    assertEquals(5, latency.getCount());
    assertTrue(latency.getMin() >= 0);
  }

  /** Every request to {@code host} after the first starts at least {@code delay} after the previous one. */
  static void assertMinimumGaps(List<LocalSiteServer.LoggedRequest> log, String host, Duration delay, int pages) {
    List<Instant> times = log.stream().filter(r -> r.host().equals(host)).map(LocalSiteServer.LoggedRequest::time)
        .sorted().toList();
    long detailRequests = log.stream().filter(r -> r.host().equals(host) && !r.path().endsWith("/robots.txt")).count();
    assertEquals(pages, detailRequests);
    for (int i = 1; i < times.size(); i++) {
      long gapMicros = Duration.between(times.get(i - 1), times.get(i)).toNanos() / 1_000;
      assertTrue(host + ": request " + i + " came " + gapMicros + " µs after the previous one, below " + delay,
          gapMicros >= (delay.toMillis() - CLOCK_SLACK_MS) * 1_000);
    }
  }

  /** The first {@code n} good detail pages of {@code site} in the sample manifest. */
  static List<DetailRequest> sampleDetails(String site, int n) {
    try (InputStream in = FetchDetailPagesTest.class.getClassLoader()
        .getResourceAsStream(SAMPLE_ROOT + "/manifest.json")) {
      List<DetailRequest> out = new ArrayList<>();
      for (JsonNode e : new ObjectMapper().readTree(in)) {
        if (out.size() < n && site.equals(e.path("site").asText()) && "detail".equals(e.path("kind").asText())
            && e.path("status").asInt(200) == 200) {
          String url = e.path("url").asText();
          out.add(DetailRequest.create(site, url, url, null, "https://" + Urls.host(url).orElse("") + "/", url));
        }
      }
      assertEquals("sample detail pages of " + site, n, out.size());
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long counter(PipelineResult run, String namespace, String name) {
    long sum = 0;
    for (MetricResult<Long> c : run.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build()).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  static DistributionResult distribution(PipelineResult run, String namespace, String name) {
    for (MetricResult<DistributionResult> d : run.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build()).getDistributions()) {
      return d.getAttempted();
    }
    throw new AssertionError("no distribution " + namespace + "/" + name);
  }
}
