package dev.souk.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link ApacheHttpFetcher} against real HTTP servers on 127.0.0.1. */
class ApacheHttpFetcherTest {
  private static final String AVITO = "www.avito.ma";
  private static final String MUBAWAB = "www.mubawab.ma";
  private static final String HTML = "text/html; charset=utf-8";
  /**
   * Gaps are measured where requests arrive; the first request on a new connection arrives a few
   * ms later than the ones after it, which shortens the gap that follows it by as much.
   */
  private static final long ARRIVAL_JITTER_MS = 20;

  private TestSite site;

  @BeforeEach
  void startSite() throws IOException {
    site = new TestSite();
  }

  @AfterEach
  void stopSite() {
    site.close();
  }

  /** Fast settings; both sites mirrored to the test server. */
  private FetcherConfig.Builder config() {
    return FetcherConfig.builder()
        .setMirrors(Map.of(AVITO, site.mirrorBase(AVITO), MUBAWAB, site.mirrorBase(MUBAWAB)))
        .setPerHostDelay(Duration.ZERO)
        .setConnectTimeout(Duration.ofSeconds(2))
        .setReadTimeout(Duration.ofSeconds(2))
        .setRetryBaseDelay(Duration.ofMillis(20))
        .setMaxRetryWait(Duration.ofSeconds(2));
  }

  private static FetchException fails(FetcherConfig config, String url) {
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config)) {
      return assertThrows(FetchException.class, () -> fetcher.fetch(url));
    }
  }

  private static long millisBetween(TestSite.Hit a, TestSite.Hit b) {
    return TimeUnit.NANOSECONDS.toMillis(b.nanos() - a.nanos());
  }

  @Test
  void mirroredFetchReportsPublicUrlsAndKeepsSelectedHeaders() throws Exception {
    site.route(AVITO, "/fr/annonce?id=7", exchange -> {
      exchange.getResponseHeaders().set("ETag", "\"abc\"");
      exchange.getResponseHeaders().set("X-Internal", "dropped");
      TestSite.send(exchange, 200, HTML, "<p>annonce</p>".getBytes(StandardCharsets.UTF_8));
    });
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().build())) {
      FetchResponse r = fetcher.fetch("https://www.avito.ma/fr/annonce?id=7");
      assertEquals("https://www.avito.ma/fr/annonce?id=7", r.requestedUrl());
      assertEquals("https://www.avito.ma/fr/annonce?id=7", r.finalUrl());
      assertEquals(200, r.status());
      assertEquals("<p>annonce</p>", r.body());
      assertEquals(14, r.bodyBytes());
      assertEquals(1, r.attempts());
      assertEquals(Map.of("content-type", HTML, "etag", "\"abc\""), r.headers());
    }
    assertEquals(1, site.hits(AVITO, "/fr/annonce?id=7").size());
  }

  @Test
  void conditionalFetchSendsValidatorsAndReturns304AsAResponse() throws Exception {
    List<String> sent = new ArrayList<>();
    site.route(AVITO, "/fr/annonce?id=7", exchange -> {
      String etag = exchange.getRequestHeaders().getFirst("If-None-Match");
      sent.add(etag + " | " + exchange.getRequestHeaders().getFirst("If-Modified-Since"));
      exchange.getResponseHeaders().set("ETag", "\"abc\"");
      if ("\"abc\"".equals(etag)) {
        exchange.sendResponseHeaders(304, -1);
      } else {
        TestSite.send(exchange, 200, HTML, "<p>annonce</p>".getBytes(StandardCharsets.UTF_8));
      }
    });
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().build())) {
      FetchResponse unchanged =
          fetcher.fetch("https://www.avito.ma/fr/annonce?id=7", "\"abc\"", "Tue, 04 Nov 2025 10:00:00 GMT");
      assertEquals(304, unchanged.status());
      assertTrue(unchanged.isNotModified() && !unchanged.isSuccess());
      assertEquals("", unchanged.body());
      assertEquals(1, unchanged.attempts());
      assertEquals("\"abc\"", unchanged.headers().get("etag"));

      FetchResponse changed = fetcher.fetch("https://www.avito.ma/fr/annonce?id=7", "\"old\"", null);
      assertEquals(200, changed.status());
      assertEquals("<p>annonce</p>", changed.body());

      assertEquals(200, fetcher.fetch("https://www.avito.ma/fr/annonce?id=7").status());
    }
    assertEquals(List.of("\"abc\" | Tue, 04 Nov 2025 10:00:00 GMT", "\"old\" | null", "null | null"), sent);
  }

  @Test
  void sendsIdentifyingUserAgent() throws Exception {
    List<String> agents = new ArrayList<>();
    site.route(AVITO, "/", exchange -> {
      agents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
      TestSite.send(exchange, 200, HTML, new byte[0]);
    });
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().build())) {
      fetcher.fetch("https://www.avito.ma/");
    }
    assertEquals(List.of(FetcherConfig.DEFAULT_USER_AGENT), agents);
  }

  @Test
  void refusesHostsOutsideTheAllowList() {
    FetchException e = fails(config().build(), "https://example.com/page");
    assertEquals("host_not_allowed", e.reason());
    assertTrue(e.getMessage().contains("https://example.com/page") && e.getMessage().contains("allowedHosts"),
        e.getMessage());
  }

  @Test
  void refusesIpLiteralsEvenWhenAllowListed() {
    FetcherConfig config = config().setAllowedHosts(ImmutableSet.of("127.0.0.1", "10.0.0.1", AVITO)).build();
    assertEquals("address_not_allowed", fails(config, "http://127.0.0.1:" + site.port() + "/www.avito.ma/").reason());
    assertEquals("address_not_allowed", fails(config, "http://10.0.0.1/").reason());
    assertEquals("address_not_allowed", fails(config, "http://[::1]/").reason());
    assertTrue(site.hits().isEmpty());
  }

  @Test
  void refusesHostsResolvingToPrivateAddresses() {
    // Live mode (no mirrors), on the web port: the address check is what refuses it.
    FetcherConfig config = config().setMirrors(Map.of()).setAllowedHosts(ImmutableSet.of("localhost")).build();
    FetchException e = fails(config, "http://localhost/www.avito.ma/");
    assertEquals("address_not_allowed", e.reason());
    assertTrue(e.getMessage().contains("non-public address"), e.getMessage());
    assertTrue(site.hits().isEmpty());
  }

  @Test
  void refusesNonHttpAndMalformedUrls() {
    assertEquals("bad_url", fails(config().build(), "ftp://www.avito.ma/file").reason());
    assertEquals("bad_url", fails(config().build(), "/relative/path").reason());
    assertEquals("bad_url", fails(config().build(), "https://www.avito.ma:99999999/").reason());
  }

  @Test
  void followsRedirectsWithinAllowedHostsAndReportsPublicFinalUrl() throws Exception {
    site.route(AVITO, "/old", TestSite.redirect(301, "/new"))
        .route(AVITO, "/new", TestSite.redirect(302, "https://www.mubawab.ma/landing"))
        .route(MUBAWAB, "/landing", TestSite.text(200, HTML, "arrived"));
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().build())) {
      FetchResponse r = fetcher.fetch("https://www.avito.ma/old");
      assertEquals("https://www.avito.ma/old", r.requestedUrl());
      assertEquals("https://www.mubawab.ma/landing", r.finalUrl());
      assertEquals("arrived", r.body());
      assertEquals(3, r.attempts());
    }
  }

  @Test
  void refusesRedirectToAnotherHost() {
    site.route(AVITO, "/out", TestSite.redirect(302, "https://evil.example.com/steal"));
    FetchException e = fails(config().build(), "https://www.avito.ma/out");
    assertEquals("redirect_not_allowed", e.reason());
    assertTrue(e.getMessage().contains("evil.example.com") && e.getMessage().contains("https://www.avito.ma/out"),
        e.getMessage());
  }

  @Test
  void refusesRedirectToLoopbackAddress() {
    site.route(AVITO, "/out", TestSite.redirect(302, "http://127.0.0.1:" + site.port() + "/www.avito.ma/inside"))
        .route(AVITO, "/inside", TestSite.text(200, HTML, "secret"));
    assertEquals("redirect_not_allowed", fails(config().build(), "https://www.avito.ma/out").reason());
    assertTrue(site.hits(AVITO, "/inside").isEmpty());
  }

  @Test
  void stopsRedirectLoops() {
    site.route(AVITO, "/a", TestSite.redirect(302, "/b")).route(AVITO, "/b", TestSite.redirect(302, "/a"));
    FetchException e = fails(config().setMaxRedirects(3).build(), "https://www.avito.ma/a");
    assertEquals("too_many_redirects", e.reason());
    assertTrue(e.getMessage().contains("maxRedirects"), e.getMessage());
    assertEquals(4, site.hits(AVITO, "/a").size() + site.hits(AVITO, "/b").size());
  }

  @Test
  void obeysRobotsDisallowAndFetchesRobotsOncePerHost() throws Exception {
    site.route(AVITO, "/robots.txt", TestSite.text(200, "text/plain", "User-agent: soukbot\nDisallow: /private\n"))
        .route(AVITO, "/public", TestSite.text(200, HTML, "ok"))
        .route(AVITO, "/private/x", TestSite.text(200, HTML, "hidden"));
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().build())) {
      assertEquals(200, fetcher.fetch("https://www.avito.ma/public").status());
      FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch("https://www.avito.ma/private/x"));
      assertEquals("robots_denied", e.reason());
      assertTrue(e.getMessage().contains("soukbot"), e.getMessage());
      assertEquals(200, fetcher.fetch("https://www.avito.ma/public").status());
    }
    assertTrue(site.hits(AVITO, "/private/x").isEmpty());
    assertEquals(1, site.hits(AVITO, "/robots.txt").size());
  }

  @Test
  void skipsRobotsWhenTold() throws Exception {
    site.route(AVITO, "/robots.txt", TestSite.text(200, "text/plain", "User-agent: *\nDisallow: /\n"))
        .route(AVITO, "/page", TestSite.text(200, HTML, "ok"));
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().setObeyRobots(false).build())) {
      assertEquals("ok", fetcher.fetch("https://www.avito.ma/page").body());
    }
    assertTrue(site.hits(AVITO, "/robots.txt").isEmpty());
  }

  @Test
  void missingRobotsAllowsAllButFailingRobotsDisallowsAll() throws Exception {
    site.route(AVITO, "/page", TestSite.text(200, HTML, "ok"))
        .route(MUBAWAB, "/robots.txt", TestSite.text(503, "text/plain", "down"))
        .route(MUBAWAB, "/page", TestSite.text(200, HTML, "ok"));
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().setMaxRetries(0).build())) {
      assertEquals(200, fetcher.fetch("https://www.avito.ma/page").status());
      FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch("https://www.mubawab.ma/page"));
      assertEquals("robots_denied", e.reason());
      assertTrue(e.getMessage().contains("503") && e.getMessage().contains("RFC 9309"), e.getMessage());
    }
    assertEquals(1, site.hits(AVITO, "/robots.txt").size());
    assertTrue(site.hits(MUBAWAB, "/page").isEmpty());
  }

  @Test
  void crawlDelayWidensTheGapBetweenRequests() throws Exception {
    site.route(AVITO, "/robots.txt", TestSite.text(200, "text/plain", "User-agent: *\nCrawl-delay: 0.3\n"));
    for (int i = 0; i < 3; i++) {
      site.route(AVITO, "/p" + i, TestSite.text(200, HTML, "p" + i));
    }
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().setPerHostDelay(Duration.ofMillis(10)).build())) {
      for (int i = 0; i < 3; i++) {
        fetcher.fetch("https://www.avito.ma/p" + i);
      }
    }
    List<TestSite.Hit> pages = site.hits().stream().filter(h -> h.path().startsWith("/www.avito.ma/p")).toList();
    assertEquals(3, pages.size());
    for (int i = 1; i < pages.size(); i++) {
      long gap = millisBetween(pages.get(i - 1), pages.get(i));
      assertTrue(gap >= 300 - ARRIVAL_JITTER_MS, "gap " + gap + " ms is below Crawl-delay 300 ms");
    }
  }

  @Test
  void politeDelayIsTheLargerOfPerHostDelayAndCrawlDelay() throws Exception {
    site.route(AVITO, "/robots.txt", TestSite.text(200, "text/plain", "User-agent: *\nCrawl-delay: 0.3\n"))
        .route(MUBAWAB, "/robots.txt", TestSite.text(200, "text/plain", "User-agent: *\nCrawl-delay: 0.3\n"));
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().setPerHostDelay(Duration.ofMillis(10)).build());
        ApacheHttpFetcher patient = new ApacheHttpFetcher(config().setPerHostDelay(Duration.ofSeconds(1)).build())) {
      assertEquals(Duration.ofMillis(300), fetcher.politeDelay("https://www.avito.ma/any"));
      assertEquals(Duration.ofSeconds(1), patient.politeDelay("https://www.mubawab.ma/any"));
    }
    // Asking reads robots.txt once; it is then cached like any fetch's.
    assertEquals(1, site.hits(AVITO, "/robots.txt").size());
  }

  @Test
  void theGapCountsFromTheEndOfASlowRequest() throws Exception {
    site.route(AVITO, "/slow", exchange -> {
      try {
        Thread.sleep(150);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      TestSite.send(exchange, 200, HTML, "slow".getBytes(StandardCharsets.UTF_8));
    }).route(AVITO, "/next", TestSite.text(200, HTML, "next"));
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().setPerHostDelay(Duration.ofMillis(100)).build())) {
      fetcher.fetch("https://www.avito.ma/slow");
      fetcher.fetch("https://www.avito.ma/next");
    }
    long gap = millisBetween(site.hits(AVITO, "/slow").get(0), site.hits(AVITO, "/next").get(0));
    assertTrue(gap >= 250, "next request came " + gap + " ms after the slow one started; expected 150 + 100");
  }

  @Test
  void perHostDelayHoldsAcrossThreadsSharingOneFetcher() throws Exception {
    for (int i = 0; i < 4; i++) {
      site.route(AVITO, "/t" + i, TestSite.text(200, HTML, "t" + i));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().setPerHostDelay(Duration.ofMillis(100)).build())) {
      List<Future<FetchResponse>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String url = "https://www.avito.ma/t" + i;
        results.add(threads.submit(() -> fetcher.fetch(url)));
      }
      for (Future<FetchResponse> r : results) {
        assertEquals(200, r.get().status());
      }
    } finally {
      threads.shutdownNow();
    }
    List<TestSite.Hit> hits = site.hits();
    assertEquals(5, hits.size()); // robots.txt + 4 pages
    for (int i = 1; i < hits.size(); i++) {
      long gap = millisBetween(hits.get(i - 1), hits.get(i));
      assertTrue(gap >= 100 - ARRIVAL_JITTER_MS, "gap " + gap + " ms is below perHostDelay 100 ms");
    }
  }

  @Test
  void honoursRetryAfterSecondsOn429() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    site.route(AVITO, "/busy", exchange -> {
      if (calls.getAndIncrement() == 0) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        TestSite.send(exchange, 429, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8));
      } else {
        TestSite.send(exchange, 200, HTML, "ok".getBytes(StandardCharsets.UTF_8));
      }
    });
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().build())) {
      FetchResponse r = fetcher.fetch("https://www.avito.ma/busy");
      assertEquals(200, r.status());
      assertEquals(2, r.attempts());
    }
    List<TestSite.Hit> hits = site.hits(AVITO, "/busy");
    long gap = millisBetween(hits.get(0), hits.get(1));
    assertTrue(gap >= 1000 - ARRIVAL_JITTER_MS && gap < 1900, "gap " + gap + " ms does not honour Retry-After: 1");
  }

  @Test
  void capsRetryAfterAtMaxRetryWait() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    site.route(AVITO, "/busy", exchange -> {
      exchange.getResponseHeaders().set("Retry-After", "3600");
      TestSite.send(exchange, calls.getAndIncrement() == 0 ? 503 : 200, HTML, "x".getBytes(StandardCharsets.UTF_8));
    });
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().setMaxRetryWait(Duration.ofMillis(200)).build())) {
      assertEquals(200, fetcher.fetch("https://www.avito.ma/busy").status());
    }
    List<TestSite.Hit> hits = site.hits(AVITO, "/busy");
    long gap = millisBetween(hits.get(0), hits.get(1));
    assertTrue(gap >= 200 - ARRIVAL_JITTER_MS && gap < 1000, "gap " + gap + " ms is not capped at maxRetryWait 200 ms");
  }

  @Test
  void retriesA503BurstWithGrowingBackoff() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    site.route(AVITO, "/flaky", exchange -> TestSite.send(exchange, calls.getAndIncrement() < 3 ? 503 : 200, HTML,
        "body".getBytes(StandardCharsets.UTF_8)));
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().setRetryBaseDelay(Duration.ofMillis(100)).build())) {
      FetchResponse r = fetcher.fetch("https://www.avito.ma/flaky");
      assertEquals(200, r.status());
      assertEquals(4, r.attempts());
    }
    List<TestSite.Hit> hits = site.hits(AVITO, "/flaky");
    assertEquals(4, hits.size());
    // Equal jitter: the n-th wait lies between half and all of 100 ms * 2^(n-1).
    for (int i = 1; i < hits.size(); i++) {
      long ceiling = 100L << (i - 1);
      long gap = millisBetween(hits.get(i - 1), hits.get(i));
      assertTrue(gap >= ceiling / 2 - ARRIVAL_JITTER_MS && gap <= ceiling + 3 * ARRIVAL_JITTER_MS,
          "wait " + i + " was " + gap + " ms, expected " + ceiling / 2 + ".." + ceiling);
    }
  }

  @Test
  void returnsTheLastErrorStatusOnceRetriesAreSpent() throws Exception {
    site.route(AVITO, "/broken", TestSite.text(500, HTML, "oops"));
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().setMaxRetries(2).build())) {
      FetchResponse r = fetcher.fetch("https://www.avito.ma/broken");
      assertEquals(500, r.status());
      assertEquals(3, r.attempts());
      assertEquals("oops", r.body());
    }
  }

  @Test
  void doesNotRetryClientErrors() throws Exception {
    site.route(AVITO, "/gone", TestSite.text(410, HTML, "gone"));
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().build())) {
      FetchResponse r = fetcher.fetch("https://www.avito.ma/gone");
      assertEquals(410, r.status());
      assertEquals(1, r.attempts());
    }
  }

  @Test
  void timesOutOnAHangingResponse() {
    site.route(AVITO, "/hang", exchange -> sleepQuietly(5_000));
    long start = System.nanoTime();
    FetchException e = fails(config().setReadTimeout(Duration.ofMillis(200)).setMaxRetries(1).build(),
        "https://www.avito.ma/hang");
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals("timeout", e.reason());
    assertTrue(e.getMessage().contains("readTimeout"), e.getMessage());
    assertTrue(elapsed < 2_000, "took " + elapsed + " ms");
    assertEquals(2, site.hits(AVITO, "/hang").size());
  }

  @Test
  void timesOutWhenTheBodyStalls() {
    site.route(AVITO, "/stall", exchange -> {
      exchange.sendResponseHeaders(200, 1000);
      OutputStream out = exchange.getResponseBody();
      out.write(new byte[10]);
      out.flush();
      sleepQuietly(5_000);
    });
    long start = System.nanoTime();
    FetchException e = fails(config().setReadTimeout(Duration.ofMillis(200)).setMaxRetries(0).build(),
        "https://www.avito.ma/stall");
    assertEquals("timeout", e.reason());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2_000);
  }

  @Test
  void refusesAnOversizedBodyDeclaredByContentLength() {
    site.route(AVITO, "/big", TestSite.bytes(200, HTML, new byte[100_000]));
    FetchException e = fails(config().setMaxBodyBytes(1_000).build(), "https://www.avito.ma/big");
    assertEquals("body_too_large", e.reason());
    assertTrue(e.getMessage().contains("maxBodyBytes"), e.getMessage());
  }

  @Test
  void stopsReadingAnOversizedStreamedBody() {
    long total = 256L * 1024 * 1024;
    AtomicLong written = new AtomicLong();
    site.route(AVITO, "/endless", exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked: no length to check up front
      byte[] chunk = new byte[64 * 1024];
      try (OutputStream out = exchange.getResponseBody()) {
        while (written.get() < total) {
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
      } catch (IOException clientHungUp) {
        // expected: the fetcher cancels the exchange
      }
    });
    FetchException e = fails(config().setMaxBodyBytes(100_000).setMaxRetries(0).build(), "https://www.avito.ma/endless");
    assertEquals("body_too_large", e.reason());
    assertTrue(written.get() < total, "the server could write the whole body: " + written.get());
  }

  @Test
  void refusesABodyThatOnlyDecompressesPastTheLimit() throws Exception {
    byte[] bomb = gzip(new byte[5_000_000]);
    site.route(AVITO, "/bomb", exchange -> {
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      TestSite.send(exchange, 200, HTML, bomb);
    });
    assertTrue(bomb.length < 100_000);
    assertEquals("body_too_large", fails(config().setMaxBodyBytes(100_000).build(), "https://www.avito.ma/bomb").reason());
  }

  @Test
  void decodesGzipAndDeflateBodies() throws Exception {
    String text = "<p>Appartement à Fès, 3 chambres</p>";
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
      out.write(utf8);
    }
    List<String> acceptEncodings = new ArrayList<>();
    site.route(AVITO, "/gz", exchange -> {
      acceptEncodings.add(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      TestSite.send(exchange, 200, HTML, gzip(utf8));
    }).route(AVITO, "/deflate", exchange -> {
      exchange.getResponseHeaders().set("Content-Encoding", "deflate");
      TestSite.send(exchange, 200, HTML, deflated.toByteArray());
    });
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().build())) {
      FetchResponse gz = fetcher.fetch("https://www.avito.ma/gz");
      assertEquals(text, gz.body());
      assertEquals(utf8.length, gz.bodyBytes());
      assertEquals(text, fetcher.fetch("https://www.avito.ma/deflate").body());
    }
    assertTrue(acceptEncodings.get(0).contains("gzip"), acceptEncodings.toString());
  }

  @Test
  void decodesCharsetFromHeaderAndFromMeta() throws Exception {
    String arabic = "شقة للبيع في الدار البيضاء";
    String french = "Très belle villa à vendre";
    site.route(AVITO, "/1256-header",
            TestSite.bytes(200, "text/html; charset=windows-1256", ("<p>" + arabic + "</p>").getBytes("windows-1256")))
        .route(AVITO, "/1256-meta", TestSite.bytes(200, "text/html",
            ("<meta charset=\"windows-1256\"><p>" + arabic + "</p>").getBytes("windows-1256")))
        .route(AVITO, "/latin1-header",
            TestSite.bytes(200, "text/html; charset=ISO-8859-1", ("<p>" + french + "</p>").getBytes(StandardCharsets.ISO_8859_1)))
        .route(AVITO, "/latin1-meta", TestSite.bytes(200, "text/html", ("<meta http-equiv=\"Content-Type\""
            + " content=\"text/html; charset=iso-8859-1\"><p>" + french + "</p>").getBytes(StandardCharsets.ISO_8859_1)));
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config().build())) {
      assertTrue(fetcher.fetch("https://www.avito.ma/1256-header").body().contains(arabic));
      assertTrue(fetcher.fetch("https://www.avito.ma/1256-meta").body().contains(arabic));
      assertTrue(fetcher.fetch("https://www.avito.ma/latin1-header").body().contains(french));
      assertTrue(fetcher.fetch("https://www.avito.ma/latin1-meta").body().contains(french));
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void sampleModeRefusesAnAllowedHostWithoutALocalCopyBeforeLookingItUp() {
    // Allowed but unmirrored; ".invalid" never resolves, so a lookup would fail as network_error.
    FetcherConfig config = config().setAllowedHosts(Set.of(AVITO, MUBAWAB, "shop.invalid")).build();
    FetchException e = fails(config, "https://shop.invalid/fr/annonce?id=1");
    assertEquals("host_not_allowed", e.reason());
    assertTrue(e.getMessage().contains("no local copy"), e.getMessage());
  }

  @Test
  void sampleModeRefusesARedirectToAnAllowedHostWithoutALocalCopy() {
    site.route(AVITO, "/go", TestSite.redirect(302, "https://shop.invalid/elsewhere"));
    FetcherConfig config = config().setAllowedHosts(Set.of(AVITO, MUBAWAB, "shop.invalid")).build();
    FetchException e = fails(config, "https://" + AVITO + "/go");
    assertEquals("redirect_not_allowed", e.reason());
    assertEquals(1, site.hits(AVITO, "/go").size());
  }

  @Test
  void portsOtherThan80And443AreRefused() {
    FetchException e = fails(config().build(), "https://" + AVITO + ":8443/fr/annonce?id=7");
    assertEquals("address_not_allowed", e.reason());
    assertTrue(site.hits().isEmpty());
  }

  /** Live settings with the web ports sent to the test server and names answered by {@code names}. */
  private ApacheHttpFetcher liveOnTestSite(FetcherConfig config, ScriptedNames names) {
    return new ApacheHttpFetcher(config, names, host -> site.port());
  }

  @Test
  void aRebindingAnswerAtConnectionTimeIsRefusedAndNothingReachesTheLoopbackServer() throws Exception {
    // The server records every request that reaches it, whatever its path.
    site.route(MUBAWAB, "/public", TestSite.text(200, HTML, "reachable"));
    // Control: a mirror on localhost:80 goes through the same port mapping and reaches the server,
    // so the server is where a connection to 127.0.0.1 would land.
    ScriptedNames local = new ScriptedNames().answer("localhost", "127.0.0.1");
    FetcherConfig mirrored =
        config().setMirrors(Map.of(MUBAWAB, "http://localhost/" + MUBAWAB)).setObeyRobots(false).build();
    try (ApacheHttpFetcher fetcher = liveOnTestSite(mirrored, local)) {
      assertEquals("reachable", fetcher.fetch("http://www.mubawab.ma/public").body());
    }
    assertEquals(1, site.hits().size());

    // The name server answers public to the guard's check, then 127.0.0.1 to the connection.
    ScriptedNames rebinding = new ScriptedNames().answer(AVITO, "41.248.0.1").answer(AVITO, "127.0.0.1");
    FetcherConfig live = config().setMirrors(Map.of()).setObeyRobots(false).build();
    FetchException e;
    try (ApacheHttpFetcher fetcher = liveOnTestSite(live, rebinding)) {
      e = assertThrows(FetchException.class, () -> fetcher.fetch("http://www.avito.ma/secret"));
    }
    assertEquals("address_not_allowed", e.reason());
    assertTrue(e.getMessage().contains("non-public address 127.0.0.1"), e.getMessage());
    assertEquals(List.of(AVITO, AVITO), rebinding.lookups(), "the connection must look the name up through the guard");
    assertEquals(1, site.hits().size(), "the loopback server saw a request: " + site.hits());
  }

  @Test
  void anAnswerMixingPublicAndLoopbackIsRefusedBeforeAnyConnection() {
    ScriptedNames mixed = new ScriptedNames().answer(AVITO, "41.248.0.1", "127.0.0.1");
    FetcherConfig live = config().setMirrors(Map.of()).setObeyRobots(false).setMaxRetries(2).build();
    FetchException e;
    try (ApacheHttpFetcher fetcher = liveOnTestSite(live, mixed)) {
      e = assertThrows(FetchException.class, () -> fetcher.fetch("http://www.avito.ma/secret"));
    }
    assertEquals("address_not_allowed", e.reason());
    assertEquals(List.of(AVITO), mixed.lookups(), "a refused answer is not retried");
    assertTrue(site.hits().isEmpty(), site.hits().toString());
  }

  @Test
  void robotsTxtIsFetchedThroughTheGuardToo() {
    site.route(AVITO, "/robots.txt", TestSite.text(200, "text/plain", "User-agent: *\nAllow: /\n"))
        .route(AVITO, "/page", TestSite.text(200, HTML, "page"));
    ScriptedNames rebinding = new ScriptedNames().answer(AVITO, "41.248.0.1").answer(AVITO, "127.0.0.1");
    FetcherConfig live = config().setMirrors(Map.of()).build();
    FetchException e;
    try (ApacheHttpFetcher fetcher = liveOnTestSite(live, rebinding)) {
      e = assertThrows(FetchException.class, () -> fetcher.fetch("http://www.avito.ma/page"));
    }
    // The robots.txt connection was refused, which RFC 9309 reads as "disallow all for now".
    assertEquals("robots_denied", e.reason());
    assertTrue(e.getMessage().contains("address_not_allowed"), e.getMessage());
    assertTrue(site.hits().isEmpty(), site.hits().toString());
  }
}
