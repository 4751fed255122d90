package dev.souk.io.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link UrlGuard} as the client's name resolver: what it returns is all a connection may use. */
class UrlGuardTest {
  private static final String AVITO = "www.avito.ma";
  private static final String PUBLIC = "41.248.0.1";
  private static final String PUBLIC_V6 = "2a00:1450:4007:80e::200e";

  private static final FetcherConfig LIVE = FetcherConfig.builder().setAllowedHosts(Set.of(AVITO)).build();

  @Test
  void returnsTheVettedAnswerOfThePublicName() throws Exception {
    ScriptedNames names = new ScriptedNames().answer(AVITO, PUBLIC, PUBLIC_V6);
    InetAddress[] addresses = new UrlGuard(LIVE, names).resolve(AVITO);
    assertArrayEquals(new InetAddress[] {InetAddresses.forString(PUBLIC), InetAddresses.forString(PUBLIC_V6)},
        addresses);
  }

  @Test
  void refusesTheWholeAnswerWhenAnyAddressIsSpecialPurpose() {
    for (String special : new String[] {"127.0.0.1", "10.0.0.7", "169.254.169.254", "::ffff:192.168.1.1", "fd00::1"}) {
      ScriptedNames names = new ScriptedNames().answer(AVITO, PUBLIC, special);
      UrlGuard.RefusedAddressException e =
          assertThrows(UrlGuard.RefusedAddressException.class, () -> new UrlGuard(LIVE, names).resolve(AVITO));
      assertTrue(e.getMessage().contains("non-public address " + InetAddresses.forString(special).getHostAddress()),
          e.getMessage());
    }
  }

  @Test
  void aRebindingAnswerPassesTheCheckButNotTheConnectionLookup() throws Exception {
    ScriptedNames names = new ScriptedNames().answer(AVITO, PUBLIC).answer(AVITO, "127.0.0.1");
    UrlGuard guard = new UrlGuard(LIVE, names);
    guard.check(URI.create("https://www.avito.ma/fr/annonce"), null);
    assertThrows(UrlGuard.RefusedAddressException.class, () -> guard.resolve(AVITO));
    assertEquals(List.of(AVITO, AVITO), names.lookups());
  }

  @Test
  void aRedirectHopToAPrivateAnswerIsARefusedRedirect() {
    ScriptedNames names = new ScriptedNames().answer(AVITO, "192.168.0.10");
    FetchException e = assertThrows(FetchException.class,
        () -> new UrlGuard(LIVE, names).check(URI.create("https://www.avito.ma/next"), "https://www.avito.ma/old"));
    assertEquals("redirect_not_allowed", e.reason());
    assertTrue(e.getMessage().contains("redirect from https://www.avito.ma/old")
        && e.getMessage().contains("192.168.0.10"), e.getMessage());
  }

  @Test
  void looksUpNoNameOutsideTheAllowListEvenIfAskedDirectly() {
    ScriptedNames names = new ScriptedNames().answer("evil.example.com", PUBLIC).answer("10.0.0.1", "10.0.0.1");
    UrlGuard guard = new UrlGuard(LIVE, names);
    assertThrows(UrlGuard.RefusedAddressException.class, () -> guard.resolve("evil.example.com"));
    assertThrows(UrlGuard.RefusedAddressException.class, () -> guard.resolve("10.0.0.1"));
    assertEquals(List.of(), names.lookups());
  }

  @Test
  void inSampleModeOnlyTheMirrorHostIsLookedUpAndOnlyAsLoopback() throws Exception {
    FetcherConfig sample = FetcherConfig.builder()
        .setAllowedHosts(Set.of(AVITO, "www.mubawab.ma"))
        .setMirrors(Map.of(AVITO, "http://localhost:8080/" + AVITO))
        .build();
    ScriptedNames names = new ScriptedNames().answer("localhost", "127.0.0.1", "::1").answer("www.mubawab.ma", PUBLIC);
    UrlGuard guard = new UrlGuard(sample, names);
    assertEquals(2, guard.resolve("localhost").length);
    // An allowed host without a local copy is never looked up in sample mode.
    assertThrows(UrlGuard.RefusedAddressException.class, () -> guard.resolve("www.mubawab.ma"));
    assertEquals(List.of("localhost"), names.lookups());

    ScriptedNames hijacked = new ScriptedNames().answer("localhost", PUBLIC);
    UrlGuard.RefusedAddressException e =
        assertThrows(UrlGuard.RefusedAddressException.class, () -> new UrlGuard(sample, hijacked).resolve("localhost"));
    assertTrue(e.getMessage().contains("not loopback"), e.getMessage());
  }

  @Test
  void aLoopbackAllowanceIsOnlyForMirrorsNotForAllowListedNames() {
    FetcherConfig config = FetcherConfig.builder().setAllowedHosts(Set.of("localhost")).build();
    ScriptedNames names = new ScriptedNames().answer("localhost", "127.0.0.1");
    assertThrows(UrlGuard.RefusedAddressException.class, () -> new UrlGuard(config, names).resolve("localhost"));
  }
}
