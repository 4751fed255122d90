package dev.souk.io.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.io.http.FetchException;
import dev.souk.io.http.FetchResponse;
import dev.souk.io.http.FetcherConfig;
import dev.souk.io.http.ApacheHttpFetcher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing and HTTP behaviour of {@link LocalSiteServer}, and the fetcher reading through it. */
class LocalSiteServerTest {
  private static final String ROOT = "souk-sample-test";
  private static LocalSiteServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    server = LocalSiteServer.start(ROOT);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void bindsLoopbackAndMirrorsEveryManifestHost() {
    assertTrue(server.baseUrl().startsWith("http://127.0.0.1:"));
    assertEquals(Map.of(
            "www.avito.ma", server.baseUrl() + "/www.avito.ma",
            "www.mubawab.ma", server.baseUrl() + "/www.mubawab.ma"),
        server.mirrors());
  }

  @Test
  void routesNonAsciiPathsWhateverTheEscapeCase() throws Exception {
    for (String path : new String[] {
        "/www.avito.ma/fr/maroc/locations_immobilieres-%C3%A0_louer",
        "/www.avito.ma/fr/maroc/locations_immobilieres-%c3%a0_louer",
        "/www.avito.ma/fr/maroc/locations_immobilieres-%c3%a0%5Flouer"}) {
      HttpResponse<byte[]> r = get(path);
      assertEquals(200, r.statusCode(), path);
      assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
      assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("Locations immobilières à louer"));
    }
  }

  @Test
  void matchesRawAndEncodedNonAsciiAlike() {
    assertEquals(
        LocalSiteServer.key("www.avito.ma", "/fr/maroc/locations_immobilieres-à_louer", "q=fès"),
        LocalSiteServer.key("www.avito.ma", "/fr/maroc/locations_immobilieres-%c3%a0_louer", "q=f%C3%A8s"));
  }

  @Test
  void routesQueriesAndServesManifestStatus() throws Exception {
    assertEquals(200, get("/www.avito.ma/fr/maroc/appartements?o=2&q=f%c3%a8s").statusCode());
    assertEquals(404, get("/www.avito.ma/fr/maroc/appartements?o=3&q=f%c3%a8s").statusCode());
    assertEquals(410, get("/www.mubawab.ma/fr/gone").statusCode());
  }

  @Test
  void answersUnknownPathsAndHostsWith404() throws Exception {
    assertEquals(404, get("/www.avito.ma/fr/nowhere").statusCode());
    assertEquals(404, get("/www.noon.com/").statusCode());
  }

  @Test
  void answers304WhenTheEtagMatches() throws Exception {
    String path = "/www.avito.ma/ar/ad-header";
    HttpResponse<byte[]> first = get(path);
    String etag = first.headers().firstValue("etag").orElseThrow();
    HttpResponse<byte[]> again = get(path, "If-None-Match", etag);
    assertEquals(304, again.statusCode());
    assertEquals(0, again.body().length);
    assertEquals(200, get(path, "If-None-Match", "\"other\"").statusCode());
    assertNotEquals(etag, get("/www.avito.ma/ar/ad-meta").headers().firstValue("etag").orElseThrow());
  }

  @Test
  void gzipsOnlyWhenAsked() throws Exception {
    String path = "/www.avito.ma/robots.txt";
    HttpResponse<byte[]> plain = get(path);
    HttpResponse<byte[]> gz = get(path, "Accept-Encoding", "gzip");
    assertTrue(plain.headers().firstValue("content-encoding").isEmpty());
    assertEquals("gzip", gz.headers().firstValue("content-encoding").orElseThrow());
    byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes();
    assertEquals(new String(plain.body(), StandardCharsets.UTF_8), new String(unzipped, StandardCharsets.UTF_8));
  }

  @Test
  void logsRequestsInOrder() throws Exception {
    try (LocalSiteServer own = LocalSiteServer.start(ROOT)) {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(own.baseUrl() + "/www.avito.ma/a")).build(),
          HttpResponse.BodyHandlers.discarding());
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(own.baseUrl() + "/www.avito.ma/b?x=1")).build(),
          HttpResponse.BodyHandlers.discarding());
      assertEquals(2, own.requestLog().size());
      assertEquals("/www.avito.ma/a", own.requestLog().get(0).path());
      assertEquals("/www.avito.ma/b?x=1", own.requestLog().get(1).path());
      assertEquals("www.avito.ma", own.requestLog().get(1).host());
      assertFalse(own.requestLog().get(1).time().isBefore(own.requestLog().get(0).time()));
    }
  }

  @Test
  void sharesOneServerPerRootUntilClosed() {
    LocalSiteServer shared = LocalSiteServer.shared(ROOT);
    try {
      assertSame(shared, LocalSiteServer.shared("/" + ROOT + "/"));
      assertNotSame(server, shared);
    } finally {
      shared.close();
    }
    LocalSiteServer restarted = LocalSiteServer.shared(ROOT);
    try {
      assertNotSame(shared, restarted);
    } finally {
      restarted.close();
    }
  }

  @Test
  void fetcherReadsTheSampleThroughMirrorsWithPublicUrlsAndCharsets() throws Exception {
    FetcherConfig config = FetcherConfig.builder()
        .setMirrors(server.mirrors())
        .setPerHostDelay(Duration.ZERO)
        .setReadTimeout(Duration.ofSeconds(2))
        .build();
    try (ApacheHttpFetcher fetcher = new ApacheHttpFetcher(config)) {
      String url = "https://www.avito.ma/fr/maroc/locations_immobilieres-à_louer";
      FetchResponse list = fetcher.fetch(url);
      assertEquals(url, list.requestedUrl());
      assertEquals(url, list.finalUrl());
      assertTrue(list.body().contains("Locations immobilières à louer au Maroc"));

      assertTrue(fetcher.fetch("https://www.avito.ma/ar/ad-header").body().contains("شقة للبيع في الدار البيضاء"));
      assertTrue(fetcher.fetch("https://www.avito.ma/ar/ad-meta").body().contains("شقة للكراء في الرباط"));
      assertTrue(fetcher.fetch("https://www.mubawab.ma/fr/latin1-header").body().contains("Très belle villa, prix négociable"));
      assertTrue(fetcher.fetch("https://www.mubawab.ma/fr/latin1-meta").body().contains("Séjour, cuisine équipée"));
      assertEquals(410, fetcher.fetch("https://www.mubawab.ma/fr/gone").status());

      FetchException denied =
          assertThrows(FetchException.class, () -> fetcher.fetch("https://www.avito.ma/private/x"));
      assertEquals("robots_denied", denied.reason());
    }
  }
}
