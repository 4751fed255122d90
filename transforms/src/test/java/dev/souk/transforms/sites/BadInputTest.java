package dev.souk.transforms.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.normalise.NormalisationException;
import dev.souk.transforms.normalise.OriginalPayloads;
import dev.souk.transforms.normalise.PropertyListingNormaliser;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.joda.time.Instant;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Inputs a crawler or a producer really sends, run through the whole parse + normalise path:
 * each becomes a silver row or a {@link PageParseException}/{@link NormalisationException} with a
 * reason and a message, never another exception, and nothing is lost (in = silver + failures).
 */
class BadInputTest {
  private static final Instant NOW = Instant.parse("2025-11-25T00:16:12Z");
  private static final String SILVER = "silver";
  private static final Charset CP1256 = Charset.forName("windows-1256");

  /** An input: what it is, how it enters, the expected outcome (a failure reason or {@link #SILVER}). */
  private record Case(String name, String expected, Input input, Consumer<PropertyListing> check) {}

  private interface Input {
    PropertyListing run() throws PageParseException, NormalisationException;
  }

  private int in;
  private int silver;
  private int failed;

  @TestFactory
  Stream<DynamicTest> everyBadInputEndsAsSilverOrANamedFailure() {
    List<Case> cases = cases();
    Stream<DynamicTest> each = cases.stream().map(c -> dynamicTest(c.name(), () -> {
      in++;
      // Generous bound for a 2-core CI box: the point is "no hang", not a benchmark.
      String outcome = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> outcome(c));
      assertEquals(c.expected(), outcome, c.name());
    }));
    return Stream.concat(each, Stream.of(dynamicTest("in = silver + failures", () -> {
      assertEquals(cases.size(), in);
      assertEquals(in, silver + failed, "in " + in + ", silver " + silver + ", failures " + failed);
    })));
  }

  private String outcome(Case c) {
    try {
      PropertyListing row = c.input().run();
      silver++;
      c.check().accept(row);
      return SILVER;
    } catch (PageParseException e) {
      failed++;
      assertFalse(e.getMessage() == null || e.getMessage().isBlank(), c.name() + ": no message");
      return e.reason();
    } catch (NormalisationException e) {
      failed++;
      assertFalse(e.getMessage() == null || e.getMessage().isBlank(), c.name() + ": no message");
      return e.reason();
    }
  }

  private static List<Case> cases() {
    SampleSite.Entry avito = listing("avito", "37621456");
    SampleSite.Entry mubawab = listing("mubawab", "8248870");
    String avitoHtml = avito.html();
    String mubawabHtml = mubawab.html();
    String notAPage = PageParseException.NOT_A_PAGE;
    String layout = PageParseException.LAYOUT_CHANGED;
    List<Case> cases = new ArrayList<>();

    // ---- pages
    cases.add(page("avito page cut before its title", layout, avito, avitoHtml.substring(0, avitoHtml.indexOf("<h1") / 2)));
    cases.add(page("mubawab page cut before its title", layout, mubawab, mubawabHtml.substring(0, mubawabHtml.indexOf("<h1") / 2)));
    SampleSite.Entry cut = SampleSite.manifest().stream()
        .filter(e -> e.site().equals("mubawab") && "layout_changed".equals(e.expect())).findFirst().orElseThrow();
    cases.add(page("mubawab page cut mid-document (sample site)", layout, cut, cut.html()));
    cases.add(page("avito empty body", notAPage, avito, ""));
    cases.add(page("mubawab whitespace body", notAPage, mubawab, " \r\n\t "));
    cases.add(page("avito binary garbage", notAPage, avito, garbage(64 * 1024)));
    cases.add(page("mubawab binary garbage", notAPage, mubawab, garbage(64 * 1024)));
    cases.add(page("mubawab page given to the avito adapter", notAPage, avito, mubawabHtml));
    cases.add(page("avito page given to the mubawab adapter", notAPage, mubawab, avitoHtml));
    String title = "Appartement à vendre 64 m² à Casablanca";
    cases.add(page("avito 20 MB page", SILVER, avito, huge(avitoHtml, 20 << 20),
        row -> assertEquals(title, row.getTitle())));
    // Bytes in a legacy charset read as UTF-8: every non-ASCII byte becomes U+FFFD, the rest survives.
    cases.add(page("avito ISO-8859-1 bytes read as UTF-8", SILVER, avito, misread(avitoHtml, StandardCharsets.ISO_8859_1),
        row -> {
          assertEquals(misread(title, StandardCharsets.ISO_8859_1), row.getTitle());
          assertEquals("Appartement \uFFFD vendre 64 m\uFFFD \uFFFD Casablanca", row.getTitle());
          assertEquals("casablanca", row.getCity());
          assertEquals("sale", row.getOffer(), "the ASCII category survives");
        }));
    String arabic = SampleSite.read("sample-site/avito/variants/56620071_20251103002515.html");
    String arabicUrl = "https://www.avito.ma/fr/val_fleuri/appartements/Studio_meubl%C3%A9_Val_Fleuri_TRAMWAY_56620071.htm";
    cases.add(new Case("avito Arabic crumbs, windows-1256 bytes read as UTF-8", SILVER,
        () -> normalise("avito", Site.AVITO, arabicUrl, misread(arabic, CP1256)),
        row -> {
          assertEquals(misread("Studio meublé Val Fleuri TRAMWAY", CP1256), row.getTitle());
          assertTrue(row.getTitle().startsWith("Studio meubl\uFFFD Val Fleuri"), row.getTitle());
          assertNull(row.getCity(), "an unreadable Arabic city is no city, never a wrong one");
        }));
    // UTF-8 bytes read as windows-1252 (the other way round): mojibake the normaliser's rules see.
    cases.add(page("mubawab UTF-8 bytes read as windows-1252", SILVER, mubawab,
        new String(mubawabHtml.getBytes(StandardCharsets.UTF_8), Charset.forName("windows-1252")),
        row -> {
          assertEquals("Location longue durÃ©e meublÃ©", row.getTitle());
          assertEquals("marrakech", row.getCity());
        }));

    // ---- JSON payloads of Souk's own format
    for (String notObject : List.of("[1, 2]", "\"a string\"", "42", "null", "{\"title\": ")) {
      cases.add(soukPayload("souk-page-v1 " + notObject, "bad_payload", notObject));
    }
    cases.add(soukPayload("souk-page-v1 price as an object", "bad_payload",
        "{\"url\":\"https://www.avito.ma/fr/x/a_1.htm\",\"priceText\":{\"amount\":5}}"));
    cases.add(soukPayload("souk-page-v1 attributes as a number", "bad_payload",
        "{\"url\":\"https://www.avito.ma/fr/x/a_1.htm\",\"attributes\":5}"));

    // ---- JSON payloads of the original producers, as Kafka records
    for (String notObject : List.of("[1, 2]", "\"a string\"", "42", "null", "", "\u0000\u00ff\u00fe garbage")) {
      cases.add(kafka("kafka value " + notObject.replace("\u0000", "\\0"), OriginalPayloads.NOT_A_JSON_OBJECT, "avito", notObject));
    }
    cases.add(kafka("kafka error-only payload", OriginalPayloads.UPSTREAM_ERROR, "avito",
        "{\"id\":\"56333284\",\"url\":\"https://www.avito.ma/fr/agdal/appartements/a_56333284.htm\","
            + "\"error\":\"502 Server Error: Bad Gateway for url: https://www.avito.ma/fr/agdal/appartements/a_56333284.htm\","
            + "\"listing_type\":\"location\"}"));
    cases.add(kafka("kafka mubawab price as an object", "bad_payload", "mubawab",
        "{\"id\":\"1\",\"url\":\"https://www.mubawab.ma/fr/a/1/x\",\"error\":null,\"title\":\"T\",\"price\":{\"v\":1},"
            + "\"location_text\":\"Agdal à Rabat\"}"));
    cases.add(kafka("kafka avito attributes as a number", "bad_payload", "avito",
        "{\"id\":\"1\",\"url\":\"https://www.avito.ma/fr/x/a_1.htm\",\"error\":null,\"title\":\"T\",\"price_text\":\"5 DH\","
            + "\"breadcrumbs\":\"Accueil\",\"attributes\":5,\"image_urls\":null}"));
    cases.add(kafka("kafka avito attributes string that is not JSON", "bad_payload", "avito",
        "{\"id\":\"1\",\"url\":\"https://www.avito.ma/fr/x/a_1.htm\",\"error\":null,\"title\":\"T\",\"price_text\":\"5 DH\","
            + "\"breadcrumbs\":\"Accueil\",\"attributes\":\"{Chambres: 2\",\"image_urls\":null}"));
    cases.add(kafka("kafka payload of no known producer", OriginalPayloads.UNKNOWN_PAYLOAD_FORMAT, "avito",
        "{\"id\":\"1\",\"name\":\"iPhone 13\",\"price\":\"EGP 26,900\"}"));
    return cases;
  }

  // ---------------------------------------------------------------- inputs

  private static Case page(String name, String expected, SampleSite.Entry e, String html) {
    return page(name, expected, e, html, row -> {});
  }

  private static Case page(String name, String expected, SampleSite.Entry e, String html, Consumer<PropertyListing> check) {
    return new Case(name, expected, () -> normalise(e.site(), Site.fromCode(e.site()), e.url(), html), check);
  }

  private static PropertyListing normalise(String site, Site adapterSite, String url, String html)
      throws PageParseException, NormalisationException {
    RawListingFields f = SiteAdapters.forSite(adapterSite).parseDetailPage(url, html);
    return PropertyListingNormaliser.normalise(
        RawListing.create(site, f.listingId, url, f.toJson(), RawListingFields.FORMAT, "page:" + url, NOW, NOW), null);
  }

  private static Case soukPayload(String name, String expected, String payload) {
    return new Case(name, expected, () -> PropertyListingNormaliser.normalise(RawListing.create("avito", "1",
        "https://www.avito.ma/fr/x/a_1.htm", payload, RawListingFields.FORMAT, "test", NOW, NOW), null), row -> {});
  }

  private static Case kafka(String name, String expected, String site, String value) {
    return new Case(name, expected, () -> PropertyListingNormaliser.normalise(
        OriginalPayloads.toRawListing(site, "1", value, "realestate." + site + ".raw", 0, 0L, NOW, NOW), null), row -> {});
  }

  private static SampleSite.Entry listing(String site, String id) {
    return SampleSite.manifest().stream().filter(e -> e.site().equals(site) && id.equals(e.recordId())
        && "listing".equals(e.expect())).findFirst().orElseThrow();
  }

  private static String garbage(int bytes) {
    byte[] b = new byte[bytes];
    new Random(42).nextBytes(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Text stored in {@code charset} (unmappable characters as '?') and read back as UTF-8. */
  private static String misread(String text, Charset charset) {
    return new String(text.getBytes(charset), StandardCharsets.UTF_8);
  }

  /**
   * The page with {@code size} bytes of realistic bulk before {@code </body>}: half similar-ad
   * cards, half an inline data script, as a page with a huge embedded state would carry.
   */
  private static String huge(String html, int size) {
    String card = "<a class=\"sc-1jge648-0 QuLDGL\" href=\"https://www.avito.ma/fr/maarif/appartements/Appartement_%d.htm\">"
        + "<div class=\"sc-1lb3x1r-0\"><p class=\"sc-1x0vz2r-0 aLxpnb\">Appartement à louer</p>"
        + "<p class=\"sc-1x0vz2r-0 JxbkTo\">7\u202F500 DH</p><span>il y a 3 heures</span></div></a>\n";
    StringBuilder bulk = new StringBuilder(size + 1024).append("<section class=\"sc-b341c660-0 HkEnHF\">");
    for (int i = 0; bulk.length() < size / 2; i++) {
      bulk.append(String.format(card, 50_000_000 + i));
    }
    bulk.append("</section><script>window.__STATE__=\"");
    while (bulk.length() < size) {
      bulk.append("0123456789abcdef");
    }
    bulk.append("\";</script>");
    int body = html.lastIndexOf("</body>");
    return html.substring(0, body) + bulk + html.substring(body);
  }
}
