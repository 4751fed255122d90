package dev.souk.io.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.FetchedPage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.netpreserve.jwarc.HttpMessage;
import org.netpreserve.jwarc.HttpRequest;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

class WarcArchiveTest {
  private static final Charset WINDOWS_1256 = Charset.forName("windows-1256");

  static FetchedPage page(String url, int status, Map<String, String> headers, String body) {
    return FetchedPage.builder()
        .setUrl(url)
        .setFinalUrl(url)
        .setSite("avito")
        .setKind("DETAIL")
        .setOfferHint("sale")
        .setStatus(status)
        .setFetchedAt(new Instant(1_762_171_234_567L))
        .setHeaders(headers)
        .setBody(body)
        .build();
  }

  /** Pages whose bodies or headers have each tripped up an archive format somewhere. */
  static List<FetchedPage> awkwardPages() {
    String arabic = "<html><head><meta charset=\"utf-8\"></head><body><h1>شقة للبيع في الدار البيضاء</h1>"
        + "<p>السعر: 1\u202F250\u202F000 درهم</p></body></html>";
    return List.of(
        page("https://www.avito.ma/ar/casablanca/شقق/شقة_1.htm", 200,
            Map.of("content-type", "text/html; charset=utf-8", "etag", "\"abc\""), arabic),
        page("https://www.avito.ma/fr/x_2.htm", 200, Map.of("content-type", "text/html; charset=windows-1256"),
            "<html><body>عقار بسعر 2.500.000 درهم، الطابق الثاني</body></html>").toBuilder()
            .setFinalUrl("https://www.avito.ma/fr/x_2.htm?redirected=1").setOfferHint(null).build(),
        page("https://www.avito.ma/fr/x_3.htm", 502, Map.of("content-type", "text/html", "retry-after", "120"),
            "<h1>Bad gateway</h1>"),
        page("https://www.avito.ma/fr/x_4.htm", 200, Map.of(), "").toBuilder().setKind("LIST").build(),
        // Declares Latin-1 yet holds text only UTF-8 can carry (the fetcher decoded it as windows-1252).
        page("https://www.avito.ma/fr/x_5.htm", 200, Map.of("content-type", "text/html; charset=iso-8859-1"),
            "Prix : 900 € — شقة"),
        // No Content-Type header: the meta tag is the only declaration.
        page("https://www.avito.ma/fr/x_6.htm", 200, Map.of(),
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"><p>مراكش</p>"));
  }

  static byte[] write(List<FetchedPage> pages) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WarcArchive.Writer writer = WarcArchive.writer(Channels.newChannel(out), "test.warc.gz")) {
      for (FetchedPage page : pages) {
        writer.write(page);
      }
    }
    return out.toByteArray();
  }

  static List<ArchivedPage> read(byte[] warc) throws IOException {
    List<ArchivedPage> pages = new ArrayList<>();
    try (WarcReader reader = new WarcReader(new ByteArrayInputStream(warc))) {
      for (WarcRecord record : reader) {
        WarcArchive.read(record).ifPresent(pages::add);
      }
    }
    return pages;
  }

  static FetchedPage toFetchedPage(ArchivedPage a) {
    return FetchedPage.builder().setUrl(a.url()).setFinalUrl(a.finalUrl()).setSite(a.site()).setKind(a.kind())
        .setOfferHint(a.offerHint()).setStatus(a.status()).setFetchedAt(new Instant(a.fetchedAt().toEpochMilli()))
        .setHeaders(a.headers()).setBody(a.body()).build();
  }

  @Test
  void pagesReadBackIdentical() throws IOException {
    List<FetchedPage> pages = awkwardPages();
    List<ArchivedPage> archived = read(write(pages));
    assertEquals(pages.size(), archived.size());
    for (int i = 0; i < pages.size(); i++) {
      assertTrue(archived.get(i).isSouk());
      assertEquals(pages.get(i), toFetchedPage(archived.get(i)));
    }
  }

  @Test
  void recordsAreStandardWarcForJwarcsOwnReader() throws IOException {
    FetchedPage page = awkwardPages().get(1);
    byte[] warc = write(List.of(page));
    try (WarcReader reader = new WarcReader(new ByteArrayInputStream(warc))) {
      assertEquals(WarcCompression.GZIP, reader.compression());
    }
    List<Captured> records = capture(warc);
    assertEquals(List.of("warcinfo", "request", "response"), records.stream().map(c -> c.record().type()).toList());
    assertTrue(records.get(0).record() instanceof Warcinfo);

    WarcRequest request = (WarcRequest) records.get(1).record();
    assertEquals(page.getUrl(), request.target());
    assertEquals("GET", request.http().method());
    assertEquals("/fr/x_2.htm", request.http().target());

    WarcResponse response = (WarcResponse) records.get(2).record();
    assertEquals(List.of(response.id()), request.concurrentTo());
    assertEquals(MessageVersion.WARC_1_1, response.version());
    assertEquals(page.getUrl(), response.target());
    assertEquals(page.getFetchedAt().getMillis(), response.date().toEpochMilli());
    assertEquals("application/http;msgtype=response", response.contentType().toString());
    HttpResponse http = (HttpResponse) records.get(2).http();
    assertEquals(200, http.status());
    assertEquals("text/html; charset=windows-1256", http.headers().sole("Content-Type").orElseThrow());
    assertArrayEquals(page.getBody().getBytes(WINDOWS_1256), records.get(2).body());
  }

  @Test
  void contentTypeStatesTheCharsetActuallyUsed() throws IOException {
    FetchedPage latin1ButNot = awkwardPages().get(4);
    Captured response = capture(write(List.of(latin1ButNot))).get(2);
    assertEquals("text/html; charset=UTF-8", response.http().headers().sole("content-type").orElseThrow());
    assertEquals("text/html; charset=iso-8859-1",
        response.record().headers().sole(WarcArchive.ORIGINAL_CONTENT_TYPE).orElseThrow());
    assertArrayEquals(latin1ButNot.getBody().getBytes(StandardCharsets.UTF_8), response.body());

    FetchedPage metaOnly = awkwardPages().get(5);
    Captured metaResponse = capture(write(List.of(metaOnly))).get(2);
    assertEquals("windows-1256", metaResponse.record().headers().sole(WarcArchive.CHARSET).orElseThrow());
    assertEquals(Optional.empty(), metaResponse.http().headers().first("content-type"));
    assertArrayEquals(metaOnly.getBody().getBytes(WINDOWS_1256), metaResponse.body());
  }

  @Test
  void otherCrawlersResponsesReadWithoutSoukFields() throws IOException {
    byte[] html = "<html><head><meta charset=windows-1256></head><body>بيت</body></html>".getBytes(WINDOWS_1256);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WarcWriter writer = new WarcWriter(out)) {
      writer.write(new Warcinfo.Builder().fields(Map.of("software", List.of("Heritrix"))).build());
      writer.write(new WarcResponse.Builder("https://www.avito.ma/fr/x_9.htm")
          .date(java.time.Instant.parse("2025-11-03T10:00:00Z"))
          .body(MediaType.HTTP_RESPONSE, new HttpResponse.Builder(200, "OK")
              .addHeader("Content-Type", "text/html").addHeader("Server", "nginx").addHeader("ETag", "\"e\"")
              .body(null, html).build())
          .build());
    }
    List<ArchivedPage> pages = read(out.toByteArray());
    assertEquals(1, pages.size());
    ArchivedPage page = pages.get(0);
    assertFalse(page.isSouk());
    assertEquals("https://www.avito.ma/fr/x_9.htm", page.finalUrl());
    assertEquals(Map.of("content-type", "text/html", "etag", "\"e\""), page.headers());
    assertEquals("<html><head><meta charset=windows-1256></head><body>بيت</body></html>", page.body());
  }

  @Test
  void soukRecordWithBadFieldsIsRejected() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WarcWriter writer = new WarcWriter(out)) {
      writer.write(new WarcResponse.Builder("https://www.avito.ma/fr/x_1.htm")
          .body(MediaType.HTTP_RESPONSE, new HttpResponse.Builder(200, "OK").body(null, new byte[0]).build())
          .addHeader(WarcArchive.SITE, "avito")
          .addHeader(WarcArchive.KIND, "SEARCH")
          .build());
    }
    IOException e = assertThrows(IOException.class, () -> read(out.toByteArray()));
    assertTrue(e.getMessage().contains("WARC-Souk-Kind"), e.getMessage());
  }

  @Test
  void requestTargetKeepsPathAndQueryOnly() throws IOException {
    FetchedPage page = page("https://www.mubawab.ma?page=2#top", 200, Map.of(), "x");
    HttpRequest request = (HttpRequest) capture(write(List.of(page))).get(1).http();
    assertEquals("/?page=2", request.target());
    assertEquals(Optional.of("www.mubawab.ma"), request.headers().sole("Host"));
  }

  /** A record with its HTTP message and body read while the reader still holds them. */
  private record Captured(WarcRecord record, HttpMessage http, byte[] body) {}

  private static List<Captured> capture(byte[] warc) throws IOException {
    List<Captured> records = new ArrayList<>();
    try (WarcReader reader = new WarcReader(new ByteArrayInputStream(warc))) {
      for (WarcRecord record : reader) {
        HttpMessage http = record instanceof WarcResponse r ? r.http()
            : record instanceof WarcRequest q ? q.http() : null;
        records.add(new Captured(record, http, http == null ? null : http.body().stream().readAllBytes()));
      }
    }
    return records;
  }
}
