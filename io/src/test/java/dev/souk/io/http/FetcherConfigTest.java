package dev.souk.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.Site;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FetcherConfigTest {
  @Test
  void defaultsArePoliteAndCoverEverySite() {
    FetcherConfig c = FetcherConfig.defaults();
    for (Site site : Site.values()) {
      assertTrue(c.allowedHosts().containsAll(site.hosts()), site.code());
    }
    assertTrue(c.obeyRobots());
    assertEquals(10L * 1024 * 1024, c.maxBodyBytes());
    assertEquals("soukbot", c.robotName());
    assertTrue(c.userAgent().contains("+https://"));
    assertTrue(c.mirrors().isEmpty());
  }

  @Test
  void normalisesHostNames() {
    FetcherConfig c = FetcherConfig.builder()
        .setAllowedHosts(Set.of("WWW.Avito.MA."))
        .setMirrors(Map.of("WWW.AVITO.MA", "http://localhost:8080/www.avito.ma/"))
        .build();
    assertEquals(Set.of("www.avito.ma"), c.allowedHosts());
    assertEquals(Map.of("www.avito.ma", "http://localhost:8080/www.avito.ma"), c.mirrors());
  }

  @Test
  void refusesMirrorsOffThisMachine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FetcherConfig.builder()
        .setMirrors(Map.of("www.avito.ma", "http://10.0.0.5:8080/www.avito.ma")).build());
    assertTrue(e.getMessage().contains("mirrors") && e.getMessage().contains("127.0.0.1"), e.getMessage());
  }

  @Test
  void namesTheSettingOnInvalidValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FetcherConfig.builder().setReadTimeout(Duration.ZERO).build());
    assertTrue(e.getMessage().contains("readTimeout"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FetcherConfig.builder().setMaxRetries(99).build());
    assertTrue(e.getMessage().contains("maxRetries"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FetcherConfig.builder().setUserAgent("/x").build());
    assertTrue(e.getMessage().contains("userAgent"), e.getMessage());
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    FetcherConfig c = FetcherConfig.builder().setMirrors(Map.of("www.avito.ma", "http://127.0.0.1:1/www.avito.ma")).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(c, in.readObject());
    }
  }
}
