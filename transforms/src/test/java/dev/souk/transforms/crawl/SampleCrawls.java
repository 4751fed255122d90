package dev.souk.transforms.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.souk.io.http.FetcherConfig;
import dev.souk.io.sample.LocalSiteServer;
import dev.souk.model.CrawlState;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.RawListing;
import dev.souk.model.Site;
import dev.souk.transforms.parse.ParseDetailPages;
import dev.souk.transforms.sites.SiteAdapters;
import dev.souk.transforms.sites.StartPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Runs Mubawab crawls on the DirectRunner against sample copies served by {@link LocalSiteServer},
 * and hands back what came out and which URLs the server was asked for.
 */
final class SampleCrawls {
  /** The bundled sample, as the transforms module's tests see it on the classpath. */
  static final String SAMPLE = "sample-site";

  static final List<StartPage> MUBAWAB_STARTS = SiteAdapters.forSite(Site.MUBAWAB).startPages();

  /** Outputs of the DirectRunner's workers (same JVM), per run id. */
  private static final Map<String, Queue<Object>> OUTPUTS = new ConcurrentHashMap<>();

  private SampleCrawls() {}

  /** What one crawl produced and requested. */
  record Run(List<FetchedPage> pages, List<FailureRecord> failures, List<CrawlState> states, List<RawListing> parsed,
      List<String> requests, PipelineResult result) {

    List<String> detailRequests() {
      return requests.stream().filter(r -> r.contains("/fr/a/")).toList();
    }

    List<String> listRequests() {
      return requests.stream().filter(r -> r.contains("/fr/cc/")).toList();
    }

    long counter(String name) {
      long total = 0;
      for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
          .addNameFilter(MetricNameFilter.named("souk.mubawab", name)).build()).getCounters()) {
        total += c.getAttempted();
      }
      return total;
    }
  }

  static FetcherProvider fetcher(String root) {
    return FetcherProvider.bundledSample(FetcherConfig.defaults().toBuilder()
        .setPerHostDelay(Duration.ZERO).setMaxRetries(0).build(), root);
  }

  /** A batch crawl of Mubawab's start pages from {@code root}, against {@code known} crawl state. */
  static Run crawl(String root, List<CrawlState> known, UnaryOperator<CrawlSites> configure) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionView<Map<String, CrawlState>> view = p.apply("Known", ReadKnownListings.from(rows(known)));
    PCollection<StartPage> starts = p.apply("Starts", Create.of(MUBAWAB_STARTS));
    return run(p, root, starts.apply("Crawl", configure.apply(CrawlSites.with(fetcher(root)).withKnownListings(view))));
  }

  /** Runs {@code p}, whose crawl gave {@code crawled}, collecting its outputs and server requests. */
  static Run run(Pipeline p, String root, WithFailures.Result<PCollection<FetchedPage>, FailureRecord> crawled) {
    String id = UUID.randomUUID().toString();
    crawled.output().apply("CollectPages", ParDo.of(new CollectFn<>(id + "/pages")));
    crawled.failures().apply("CollectFailures", ParDo.of(new CollectFn<>(id + "/failures")));
    crawled.output().apply("State", CrawlStateFromPages.create()).apply("CollectState", ParDo.of(new CollectFn<>(id + "/states")));
    crawled.output().apply("Parse", ParseDetailPages.create()).output()
        .apply("CollectParsed", ParDo.of(new CollectFn<>(id + "/parsed")));
    LocalSiteServer server = LocalSiteServer.shared(root);
    int before = server.requestLog().size();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    List<String> requests = server.requestLog().subList(before, server.requestLog().size()).stream()
        .map(LocalSiteServer.LoggedRequest::path).filter(path -> !path.endsWith("/robots.txt")).toList();
    return new Run(collected(id + "/pages"), collected(id + "/failures"), collected(id + "/states"),
        collected(id + "/parsed"), requests, result);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> collected(String key) {
    Queue<Object> q = OUTPUTS.remove(key);
    return q == null ? List.of() : new ArrayList<>((Queue<T>) (Queue<?>) q);
  }

  private static final class CollectFn<T> extends DoFn<T, Void> {
    private final String key;

    CollectFn(String key) {
      this.key = key;
    }

    @ProcessElement
    public void process(@Element T element) {
      OUTPUTS.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(element);
    }
  }

  /** Crawl-state rows as the lake would give them. */
  static PTransform<PBegin, PCollection<Row>> rows(List<CrawlState> states) {
    return new PTransform<>() {
      @Override
      public PCollection<Row> expand(PBegin begin) {
        Create.Values<CrawlState> values = states.isEmpty()
            ? Create.empty(TypeDescriptor.of(CrawlState.class))
            : Create.of(states).withType(TypeDescriptor.of(CrawlState.class));
        return begin.apply("States", values).apply("ToRows", Convert.toRows());
      }
    };
  }

  /**
   * Serves a copy of the sample's Mubawab pages under classpath root {@code root}, with {@code
   * edits} applied (file relative to the sample, old text, new text), and starts its server
   * (shared: the crawl's fetcher finds it by root).
   */
  static void serveEditedCopy(Path dir, String root, List<String[]> edits) throws IOException {
    serveEditedCopy(dir, root, edits, java.util.Set.of());
  }

  /** As {@link #serveEditedCopy(Path, String, List)}, with the pages of {@code failingFiles} answering 502. */
  static void serveEditedCopy(Path dir, String root, List<String[]> edits, java.util.Set<String> failingFiles)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ArrayNode kept = json.createArrayNode();
    for (JsonNode entry : json.readTree(read("manifest.json"))) {
      if (entry.path("site").asText().equals("mubawab")) {
        kept.add(entry);
        String file = entry.get("file").asText();
        if (failingFiles.contains(file)) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) entry).put("status", 502);
        }
        String body = read(file);
        for (String[] edit : edits) {
          if (edit[0].equals(file)) {
            if (!body.contains(edit[1])) {
              throw new AssertionError(file + " does not show " + edit[1]);
            }
            body = body.replace(edit[1], edit[2]);
          }
        }
        Path target = dir.resolve(root).resolve(file);
        Files.createDirectories(target.getParent());
        Files.writeString(target, body, StandardCharsets.UTF_8);
      }
    }
    Files.writeString(dir.resolve(root).resolve("manifest.json"), json.writeValueAsString(kept), StandardCharsets.UTF_8);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
      thread.setContextClassLoader(loader);
      LocalSiteServer.shared(root);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  static String read(String file) {
    try (InputStream in = SampleCrawls.class.getClassLoader().getResourceAsStream(SAMPLE + "/" + file)) {
      if (in == null) {
        throw new IOException("not on the classpath: " + SAMPLE + "/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
