package dev.souk.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each form of a URL Souk uses, and the parts it reads from one. */
class UrlsTest {
  private static final List<String> AVITO = List.of("www.avito.ma", "avito.ma");
  private static final Pattern AVITO_ID = Pattern.compile("_(\\d+)\\.htm$");

  @Test
  void browserUrlEncodesWhatABrowserWouldAndKeepsEscapes() {
    assertEquals("https://www.avito.ma/fr/maroc/locations_immobilieres-%C3%A0_louer?q=f%C3%A8s%20x",
        Urls.browserUrl("https://www.avito.ma/fr/maroc/locations_immobilieres-à_louer?q=fès x"));
    assertEquals("https://mobilemasr.com/search?q=a%2Bb&x=%D9%85|{}#top",
        Urls.browserUrl("https://mobilemasr.com/search?q=a%2Bb&x=م|{}#top"));
    assertEquals("a%F0%9F%93%B1%0A%7F", Urls.browserUrl("a\uD83D\uDCF1\n\u007F"));
  }

  @Test
  void decodePercentReadsUtf8AndLeavesMalformedEscapes() {
    assertEquals("/fr/à_louer a+b %zz %", Urls.decodePercent("/fr/%C3%A0_louer a+b %zz %"));
    assertEquals("مستعمل", Urls.decodePercent("%D9%85%D8%B3%D8%AA%D8%B9%D9%85%D9%84"));
  }

  @Test
  void idInPathReadsOnlyTheSitesOwnUrls() {
    assertEquals(Optional.of("56620071"),
        Urls.idInPath("https://WWW.Avito.ma/fr/x/Studio_meubl%C3%A9_56620071.htm?utm=1#gallery", AVITO, AVITO_ID));
    assertEquals(Optional.of("7"), Urls.idInPath("/fr/x/a_7.htm", AVITO, AVITO_ID), "relative: no host to refuse");
    assertEquals(Optional.empty(), Urls.idInPath("https://www.mubawab.ma/fr/x/a_7.htm", AVITO, AVITO_ID));
    assertEquals(Optional.empty(), Urls.idInPath("https://www.avito.ma/fr/x/a_7.html", AVITO, AVITO_ID));
    assertEquals(Optional.empty(), Urls.idInPath(null, AVITO, AVITO_ID));
    assertEquals(Optional.of("https://www.avito.ma/fr/é"), Urls.onHosts("  https://www.avito.ma/fr/%C3%A9?x", AVITO));
  }

  @Test
  void parseGivesTheUriTheFetcherRequests() throws Exception {
    assertEquals("https://www.avito.ma/fr/locations-%C3%A0_louer?q=f%C3%A8s%20sa%C3%AFss",
        Urls.parse("HTTPS://WWW.Avito.ma/fr/locations-à_louer?q=fès saïss#top").toString());
    assertEquals("https://www.avito.ma/", Urls.parse("https://www.avito.ma").toString());
    assertEquals("http://u@h.example:8080/a%7Cb%22?x=%7B%7D", Urls.parse(" http://u@H.example:8080/a|b\"?x={} ").toString());
    assertEquals("not%20a%20url", Urls.parse("not a url").toString(), "no scheme: left for the caller to refuse");
    assertThrows(URISyntaxException.class, () -> Urls.parse("https://www.avito.ma:99999/"));
    assertThrows(URISyntaxException.class, () -> Urls.parse("https://www.avito.ma/%zz"));
  }

  @Test
  void resolveReadsALocationAgainstThePageItAnswers() throws Exception {
    URI base = Urls.parse("https://www.avito.ma/fr/a");
    assertEquals("https://www.avito.ma/fr/b?x=1", Urls.resolve(base, "b?x=1").toString());
    assertEquals("https://avito.ma/%C3%A9", Urls.resolve(base, " HTTPS://Avito.MA/é ").toString());
  }

  @Test
  void partsOfAUrl() throws Exception {
    assertEquals(Optional.of("www.avito.ma"), Urls.host(" HTTPS://WWW.AVITO.MA/fr/x y"));
    assertEquals(Optional.empty(), Urls.host("/fr/x"));
    assertEquals(Optional.empty(), Urls.host("https://www.avito.ma/%zz"));
    assertEquals(Optional.empty(), Urls.host(null));
    assertEquals("https://www.avito.ma:8443", Urls.origin(Urls.parse("https://www.avito.ma:8443/fr/x?y")));
    // Read as written, even with characters java.net.URI refuses.
    assertEquals("www.mubawab.ma", Urls.authority("https://www.mubawab.ma?page=2#top"));
    assertEquals("/?page=2", Urls.requestTarget("https://www.mubawab.ma?page=2#top"));
    assertEquals("127.0.0.1:8080", Urls.authority("http://127.0.0.1:8080"));
    assertEquals("/", Urls.requestTarget("http://127.0.0.1:8080"));
    assertEquals("/ar/شقق/a b|c?x", Urls.requestTarget("https://www.avito.ma/ar/شقق/a b|c?x#f"));
    assertEquals("h", Urls.authority("https://h#f"));
  }

  @Test
  void canonicalIsTheIriFormWithoutQuery() {
    assertEquals("https://www.avito.ma/fr/maroc/locations_immobilieres-à_louer",
        Urls.canonical("  HTTPS://WWW.Avito.ma/fr/maroc/locations_immobilieres-%C3%A0_louer?o=1#x \n"));
    assertEquals("https://www.avito.ma/fr/a%2Fb%20c", Urls.canonical("https://www.avito.ma/fr/a%2Fb%20c"), "ASCII escapes stay");
    assertEquals("https://www.avito.ma/%E9", Urls.canonical("https://www.avito.ma/%E9"), "not UTF-8: stays escaped");
    assertEquals("https://www.avito.ma/", Urls.canonical("https://www.avito.ma"));
    assertEquals("https://www.avito.ma/fr", Urls.canonical("\u00A0https://www.avito.ma/fr\u00A0tail"));
    assertNull(Urls.canonical("ftp://www.avito.ma/x"));
    assertNull(Urls.canonical("  "));
    assertNull(Urls.canonical(null));
  }

  @Test
  void normalisedEscapesGiveOneSpellingPerMeaning() {
    assertEquals(Urls.normalisedEscapes("/fr/maroc/locations_immobilieres-%c3%a0_louer"),
        Urls.normalisedEscapes("/fr/maroc/locations_immobilieres-à_louer"));
    assertEquals("/fr/%C3%A0_louer", Urls.normalisedEscapes("/fr/%c3%a0_lou%65r"));
    assertEquals("q=a%2Fb%26c&page=2", Urls.normalisedEscapes("q=a%2fb%26c&page=2"), "reserved escapes keep their meaning");
  }
}
