package dev.souk.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.io.http.FetcherConfig;
import dev.souk.io.sample.LocalSiteServer;
import dev.souk.transforms.crawl.DetailRequest;
import dev.souk.transforms.crawl.FetchDetailPages;
import dev.souk.transforms.crawl.FetcherProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reshuffle;

/**
 * Load driver (not a JMH benchmark: one measurement is a whole pipeline run, seconds long).
 * Fetches the same listing pages of the bundled sample, served on 127.0.0.1, through
 * {@link FetchDetailPages} on the DirectRunner at several per-host delays, and reports throughput
 * as a ratio to the no-delay run of the same invocation, and as a share of the politeness bound:
 * with {@code n} pages per host and a gap {@code d}, no crawler can take less than {@code (n - 1)
 * d} from a host's first request to its last. A share near 1 means the crawler spends its time
 * waiting for politeness, not on itself.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.souk.benchmarks.PolitenessLoadDriver [pagesPerHost] [delayMs ...]</pre>
 */
public final class PolitenessLoadDriver {
  private static final String SAMPLE_ROOT = "sample-site";
  private static final int ROUNDS = 3;

  private PolitenessLoadDriver() {}

  public static void main(String[] args) throws IOException {
    int pagesPerHost = args.length > 0 ? Integer.parseInt(args[0]) : 25;
    List<Long> delays = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      delays.add(Long.parseLong(args[i]));
    }
    if (delays.isEmpty()) {
      delays = List.of(0L, 50L, 200L);
    }
    if (delays.get(0) != 0) {
      throw new IllegalArgumentException("the first delay must be 0: it is the baseline the others are compared with");
    }
    List<DetailRequest> requests = sampleDetails(pagesPerHost);
    long hosts = requests.stream().map(r -> URI.create(r.getUrl()).getHost()).distinct().count();
    System.out.printf("%d listing pages on %d hosts (%d per host), DirectRunner, %d cores, best of %d rounds%n",
        requests.size(), hosts, pagesPerHost, Runtime.getRuntime().availableProcessors(), ROUNDS);

    int threads = (int) hosts + 2; // a thread for every host's key, plus the shuffle's
    run(requests, 0, threads); // warm-up: JIT, sample server, robots.txt of each host
    double baseline = 0;
    System.out.printf("%10s %10s %10s %12s %14s %14s%n",
        "delay ms", "seconds", "pages/s", "vs no delay", "bound pages/s", "share of bound");
    for (long delay : delays) {
      // Best of a few rounds: other processes on the machine only ever make a round slower.
      double seconds = Double.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        seconds = Math.min(seconds, run(requests, delay, threads));
      }
      double rate = requests.size() / seconds;
      if (delay == 0) {
        baseline = rate;
        System.out.printf("%10d %10.2f %10.1f %12.3f %14s %14s%n", delay, seconds, rate, 1.0, "-", "-");
      } else {
        double bound = requests.size() / ((pagesPerHost - 1) * delay / 1000.0);
        System.out.printf("%10d %10.2f %10.1f %12.3f %14.1f %14.2f%n",
            delay, seconds, rate, rate / baseline, bound, rate / bound);
      }
    }
  }

  /** Seconds from the first to the last request the sample server saw during one pipeline run. */
  private static double run(List<DetailRequest> requests, long delayMs, int threads) {
    FetcherProvider fetcher = FetcherProvider.bundledSample(
        FetcherConfig.builder().setPerHostDelay(Duration.ofMillis(delayMs)).build(), SAMPLE_ROOT);
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(threads);
    // The driver measures the crawler, not the DirectRunner's test-only checks.
    options.setEnforceEncodability(false);
    options.setEnforceImmutability(false);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(Create.of(requests))
        .apply("SpreadOverWorkers", Reshuffle.viaRandomKey())
        .apply(FetchDetailPages.with(fetcher));
    Instant start = Instant.now();
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("run at " + delayMs + " ms ended " + state);
    }
    List<Instant> times = LocalSiteServer.shared(SAMPLE_ROOT).requestLog().stream()
        .filter(r -> !r.time().isBefore(start) && !r.path().endsWith("/robots.txt"))
        .map(LocalSiteServer.LoggedRequest::time).sorted().toList();
    if (times.size() != requests.size()) {
      throw new IllegalStateException("expected " + requests.size() + " page requests, the server saw " + times.size());
    }
    return Duration.between(times.get(0), times.get(times.size() - 1)).toNanos() / 1e9;
  }

  /** Up to {@code perHost} good listing pages of every host in the sample. */
  private static List<DetailRequest> sampleDetails(int perHost) throws IOException {
    Map<String, Integer> taken = new LinkedHashMap<>();
    List<DetailRequest> out = new ArrayList<>();
    try (InputStream in = PolitenessLoadDriver.class.getClassLoader().getResourceAsStream(SAMPLE_ROOT + "/manifest.json")) {
      if (in == null) {
        throw new IOException(SAMPLE_ROOT + "/manifest.json is not on the classpath; run from benchmarks.jar");
      }
      for (JsonNode e : new ObjectMapper().readTree(in)) {
        String url = e.path("url").asText();
        String host = URI.create(url).getHost();
        if ("detail".equals(e.path("kind").asText()) && e.path("status").asInt(200) == 200
            && taken.merge(host, 1, Integer::sum) <= perHost) {
          out.add(DetailRequest.create(e.path("site").asText(), url, url, null, "https://" + host + "/", url));
        }
      }
    }
    return out;
  }
}
