package dev.souk.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.io.Urls;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fetcher's pure helpers: address classes, URL normalisation, charsets, retry timing. */
class FetchHelpersTest {
  @Test
  void classifiesNonPublicAddresses() throws Exception {
    for (String a : new String[] {"10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "127.0.0.1",
        "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "ff02::1"}) {
      assertFalse(UrlGuard.isPublic(InetAddress.getByName(a)), a);
    }
    for (String a : new String[] {"8.8.8.8", "41.248.0.1", "2001:4860:4860::8888"}) {
      assertTrue(UrlGuard.isPublic(InetAddress.getByName(a)), a);
    }
  }

  @Test
  void normalisesUrls() throws Exception {
    assertEquals("https://www.avito.ma/fr/locations-%C3%A0_louer?q=f%C3%A8s%20sa%C3%AFss",
        Urls.parse("HTTPS://WWW.Avito.ma/fr/locations-à_louer?q=fès saïss#top").toString());
    assertEquals("https://www.avito.ma/", Urls.parse("https://www.avito.ma").toString());
    assertEquals("https://www.avito.ma/fr/b?x=1",
        Urls.resolve(Urls.parse("https://www.avito.ma/fr/a"), "b?x=1").toString());
  }

  @Test
  void bomWinsOverHeaderAndMetaOverDefault() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xC3, (byte) 0xA9};
    assertEquals("é", PageCharset.decode(bom, "text/html; charset=windows-1256"));
    assertEquals("é", PageCharset.decode("é".getBytes(StandardCharsets.UTF_8), "text/html"));
    assertEquals("’", PageCharset.decode(new byte[] {(byte) 0x92}, "text/html; charset=iso-8859-1"));
  }

  @Test
  void parsesRetryAfterSecondsAndDates() {
    Instant now = Instant.parse("2025-11-03T10:00:00Z");
    assertEquals(Optional.of(Duration.ofSeconds(120)), RetryTiming.retryAfter("120", now));
    assertEquals(Optional.of(Duration.ofSeconds(30)), RetryTiming.retryAfter("Mon, 03 Nov 2025 10:00:30 GMT", now));
    assertEquals(Optional.of(Duration.ZERO), RetryTiming.retryAfter("Mon, 03 Nov 2025 09:00:00 GMT", now));
    assertEquals(Optional.empty(), RetryTiming.retryAfter("soon", now));
  }

  @Test
  void backoffGrowsWithinJitterBoundsAndCap() {
    for (int i = 0; i < 50; i++) {
      long third = RetryTiming.backoff(3, Duration.ofMillis(100), Duration.ofSeconds(60)).toMillis();
      assertTrue(third >= 200 && third <= 400, "third retry waited " + third);
      long capped = RetryTiming.backoff(12, Duration.ofMillis(100), Duration.ofSeconds(1)).toMillis();
      assertTrue(capped >= 500 && capped <= 1000, "capped retry waited " + capped);
    }
  }
}
