package dev.souk.transforms.archive;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.common.collect.HashMultiset;
import com.google.common.collect.Multiset;
import com.google.common.collect.Multisets;
import dev.souk.io.http.FetcherConfig;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.model.Site;
import dev.souk.transforms.crawl.CrawlSites;
import dev.souk.transforms.crawl.FetcherProvider;
import dev.souk.transforms.normalise.NormaliseListings;
import dev.souk.transforms.parse.ParseDetailPages;
import dev.souk.transforms.sites.SiteAdapters;
import dev.souk.transforms.sites.StartPage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

/** Record to WARC and replay: the replayed crawl must give exactly what the live crawl gave. */
@RunWith(JUnit4.class)
public class WarcReplayTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TestPipeline replay = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void replayedSampleCrawlGivesIdenticalSilverRowsAndFailures() throws IOException {
    Path warcDir = tmp.newFolder("warc").toPath();
    Path garbage = tmp.newFile("garbage.warc.gz").toPath();
    Files.writeString(garbage, "<html>not a WARC file, whatever its name says</html>\n".repeat(50));
    // The real-estate sites: enough pages to cover list and detail, good and broken, and it keeps
    // the comparison on one silver type.
    List<StartPage> starts = SiteAdapters.all().stream()
        .filter(a -> a.site().market() == Site.Market.REAL_ESTATE)
        .flatMap(a -> a.startPages().stream()).toList();

    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> crawled =
        pipeline
            .apply("StartPages", Create.of(starts))
            .apply("Crawl", CrawlSites.with(FetcherProvider.bundledSample(
                FetcherConfig.defaults().toBuilder().setPerHostDelay(Duration.ZERO).setMaxRetries(0).build(), "sample-site"))
                .withMaxListPages(50));
    PCollection<String> written = crawled.output().apply("Record", WriteWarc.to(warcDir.toString()));
    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> replayed =
        PCollectionList.of(written)
            .and(pipeline.apply("GarbageFile", Create.of(garbage.toString())))
            .apply("WarcFiles", Flatten.pCollections())
            .apply("Replay", ReadWarc.readAll());

    assertSame("pages", crawled.output(), replayed.output());

    Silver live = parseAndNormalise("Live", crawled.output());
    Silver fromWarc = parseAndNormalise("FromWarc", replayed.output());
    assertSame("silver", live.rows(), fromWarc.rows());
    assertSame("failures", live.failureKeys(), fromWarc.failureKeys());
    // Guards against a vacuous pass: the sample has readable listings and broken pages.
    PAssert.that(live.rows()).satisfies(rows -> {
      long count = StreamSupport.stream(rows.spliterator(), false).count();
      assertTrue("only " + count + " silver rows", count > 150);
      return null;
    });
    PAssert.that(live.failureKeys()).satisfies(keys -> {
      assertTrue(keys.toString(), StreamSupport.stream(keys.spliterator(), false).anyMatch(k -> k.contains("layout_changed")));
      return null;
    });
    PAssert.that(failureKeys("ReplayFailures", replayed.failures()))
        .containsInAnyOrder("read_warc null " + garbage + " bad_warc_record");

    pipeline.run().waitUntilFinish();
  }

  @Test
  public void awkwardPagesRoundTripThroughFiles() throws IOException {
    Path warcDir = tmp.newFolder("warc").toPath();
    List<FetchedPage> pages = List.of(
        page("https://www.avito.ma/ar/شقة_1.htm", 200, Map.of("content-type", "text/html; charset=utf-8"),
            "<h1>شقة للبيع</h1><p>1\u202F250\u202F000 درهم</p>"),
        page("https://www.mubawab.ma/fr/a/2", 200, Map.of("content-type", "text/html; charset=windows-1256", "etag", "\"x\""),
            "<p>عقار في مراكش</p>"),
        page("https://www.avito.ma/fr/x_3.htm", 502, Map.of("content-type", "text/html", "retry-after", "60"), "Bad gateway"),
        page("https://www.avito.ma/fr/x_4.htm", 200, Map.of(), "").toBuilder().setKind("LIST").setOfferHint(null).build());

    PCollection<String> files = pipeline.apply(Create.of(pages)).apply(WriteWarc.to(warcDir.toString()));
    PAssert.that(files).satisfies(names -> {
      for (String name : names) {
        assertTrue(name, Path.of(name).getFileName().toString().matches("souk-\\d{17}-[0-9a-f-]{36}\\.warc\\.gz"));
      }
      return null;
    });
    pipeline.run().waitUntilFinish();

    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> read =
        replay.apply(ReadWarc.from(warcDir.resolve("*.warc.gz").toString()));
    PAssert.that(read.output()).containsInAnyOrder(pages);
    PAssert.that(read.failures()).empty();
    replay.run().waitUntilFinish();
  }

  @Test
  public void otherCrawlersResponsesAreAttributedAndJunkRecordsFail() throws IOException {
    Path file = tmp.newFolder("foreign").toPath().resolve("heritrix.warc.gz");
    String detail = "https://www.avito.ma/fr/maarif/appartements/Appartement_a_vendre_55123456.htm";
    String list = "https://www.avito.ma/fr/maroc/appartements-à_vendre";
    try (WarcWriter writer = new WarcWriter(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        WarcCompression.GZIP)) {
      writer.write(new Warcinfo.Builder().fields(Map.of("software", List.of("Heritrix/3.4"))).build());
      for (String url : List.of(detail, list, "https://example.org/page")) {
        writer.write(new WarcResponse.Builder(url).date(java.time.Instant.parse("2025-11-03T10:00:00Z"))
            .body(MediaType.HTTP_RESPONSE, new HttpResponse.Builder(200, "OK")
                .addHeader("Content-Type", "text/html; charset=utf-8").body(null, "<p>صفحة</p>".getBytes(StandardCharsets.UTF_8)).build())
            .build());
      }
      writer.write(new WarcResponse.Builder("https://www.avito.ma/fr/x_7.htm")
          .body(MediaType.HTTP_RESPONSE, "this block is not an HTTP message".getBytes(StandardCharsets.UTF_8)).build());
    }

    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> read = pipeline.apply(ReadWarc.from(file.toString()));
    PAssert.that(read.output().apply("Identify", MapElements.into(TypeDescriptors.strings())
            .via(p -> p.getSite() + " " + p.getKind() + " " + p.getOfferHint() + " " + p.getFetchedAt().getMillis() + " "
                + p.getUrl().equals(p.getFinalUrl()) + " " + p.getHeaders() + " " + p.getBody())))
        .containsInAnyOrder(
            "avito DETAIL null 1762164000000 true {content-type=text/html; charset=utf-8} <p>صفحة</p>",
            "avito LIST null 1762164000000 true {content-type=text/html; charset=utf-8} <p>صفحة</p>");
    PAssert.that(failureKeys("FailureKeys", read.failures())).containsInAnyOrder(
        "read_warc null https://example.org/page unknown_site",
        "read_warc null " + file + " bad_warc_record");
    pipeline.run().waitUntilFinish();
  }

  private static FetchedPage page(String url, int status, Map<String, String> headers, String body) {
    return FetchedPage.builder().setUrl(url).setFinalUrl(url).setSite(url.contains("avito") ? "avito" : "mubawab")
        .setKind("DETAIL").setOfferHint("rent").setStatus(status).setFetchedAt(new Instant(1_762_171_234_567L))
        .setHeaders(headers).setBody(body).build();
  }

  private record Silver(PCollection<PropertyListing> rows, PCollection<String> failureKeys) {}

  private static Silver parseAndNormalise(String name, PCollection<FetchedPage> pages) {
    WithFailures.Result<PCollection<RawListing>, FailureRecord> parsed = pages.apply(name + "Parse", ParseDetailPages.create());
    WithFailures.Result<PCollection<PropertyListing>, FailureRecord> normalised =
        parsed.output().apply(name + "Normalise", NormaliseListings.realEstate());
    PCollection<FailureRecord> failures = PCollectionList.of(parsed.failures()).and(normalised.failures())
        .apply(name + "Failures", Flatten.pCollections());
    return new Silver(normalised.output(), failureKeys(name + "FailureKeys", failures));
  }

  /** What identifies a failure: everything but its message wording and the time it was recorded. */
  private static PCollection<String> failureKeys(String name, PCollection<FailureRecord> failures) {
    return failures.apply(name, MapElements.into(TypeDescriptors.strings())
        .via(f -> f.getStep() + " " + f.getSite() + " " + f.getUrl() + " " + f.getReason()));
  }

  /**
   * Asserts two collections hold the same elements, each as often; on failure names the
   * elements found on one side only rather than printing both collections whole.
   */
  private static <T> void assertSame(String what, PCollection<T> expected, PCollection<T> actual) {
    KvCoder<Boolean, T> coder = KvCoder.of(BooleanCoder.of(), expected.getCoder());
    PCollection<KV<Boolean, T>> both = PCollectionList
        .of(expected.apply(what + "TagExpected", WithKeys.<Boolean, T>of(true)).setCoder(coder))
        .and(actual.apply(what + "TagActual", WithKeys.<Boolean, T>of(false)).setCoder(coder))
        .apply(what + "Both", Flatten.pCollections());
    PAssert.that(what, both).satisfies((SerializableFunction<Iterable<KV<Boolean, T>>, Void>) all -> {
      Multiset<T> exp = HashMultiset.create();
      Multiset<T> act = HashMultiset.create();
      all.forEach(kv -> (kv.getKey() ? exp : act).add(kv.getValue()));
      assertEquals(what + " only in the live crawl: " + sample(Multisets.difference(exp, act))
              + "; only in the replay: " + sample(Multisets.difference(act, exp)),
          exp, act);
      assertTrue(what + " is empty", !exp.isEmpty());
      return null;
    });
  }

  private static String sample(Multiset<?> elements) {
    return elements.size() + " " + elements.stream().limit(3).map(String::valueOf)
        .map(s -> s.length() > 600 ? s.substring(0, 600) + "…" : s).collect(Collectors.joining(" | ", "[", "]"));
  }
}
