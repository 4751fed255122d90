package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.transforms.text.PriceParser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void priceMustBePositiveAndWithinTheMarketsBound() throws Exception {
    BigDecimal max = FieldLimits.MAX_PROPERTY_PRICE;
    assertEquals(new BigDecimal("1500000"), FieldLimits.price("x", new BigDecimal("1500000"), max));
    assertEquals(max, FieldLimits.price("x", max, max));
    assertNull(FieldLimits.price("x", null, max));
    assertEquals(new BigDecimal("10.12"), FieldLimits.price("x", new BigDecimal("10.125"), max),
        "a third decimal is rounded to the sinks' scale, half-even");
    for (String bad : new String[] {"1E+30", "10000000000000000", "1000000000000.01", "-5000", "0"}) {
      NormalisationException e =
          assertThrows(NormalisationException.class, () -> FieldLimits.price("avito/1", new BigDecimal(bad), max), bad);
      assertEquals(FieldLimits.OUT_OF_RANGE, e.reason());
      assertTrue(e.getMessage().contains("priceAmount = " + new BigDecimal(bad).toPlainString()), e.getMessage());
      assertTrue(e.getMessage().contains("0 < price <= 1000000000000"), e.getMessage());
    }
  }

  @Test
  void everyBoundFitsTheSinksDecimalColumn() {
    BigDecimal decimal18x2 = new BigDecimal("9999999999999999.99");
    assertTrue(FieldLimits.MAX_PROPERTY_PRICE.compareTo(decimal18x2) < 0);
    assertTrue(FieldLimits.MAX_PHONE_PRICE.compareTo(decimal18x2) < 0);
    // The warehouse's price per m² divides the price by the surface.
    BigDecimal worstPricePerM2 = FieldLimits.MAX_PROPERTY_PRICE.divide(BigDecimal.valueOf(FieldLimits.MIN_SURFACE_M2));
    assertTrue(worstPricePerM2.compareTo(decimal18x2) < 0, worstPricePerM2.toPlainString());
  }

  @Test
  void rangeRefusesNanInfinityAndTheOutOfBounds() throws Exception {
    FieldLimits.requireRange("x", "latitude", 33.5, -90, 90);
    FieldLimits.requireRange("x", "latitude", null, -90, 90);
    for (Double bad : new Double[] {200.0, -90.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      NormalisationException e = assertThrows(NormalisationException.class,
          () -> FieldLimits.requireRange("avito/1", "latitude", bad, -90, 90));
      assertEquals("Listing avito/1: latitude = " + bad + " is outside -90 .. 90", e.getMessage());
    }
  }

  @Test
  void saturatedIntKeepsAbsurdCountsAsNumbers() {
    assertEquals(42, FieldLimits.saturatedInt("0042"));
    assertEquals(Integer.MAX_VALUE, FieldLimits.saturatedInt("99999999999999999999999"));
    assertEquals(Integer.MAX_VALUE, FieldLimits.saturatedInt(12L * Integer.MAX_VALUE));
  }

  @Test
  void truncationMarksTheCutAndNeverSplitsASurrogatePair() {
    assertEquals("abc", FieldLimits.truncate("abc", 3));
    assertEquals("ab…", FieldLimits.truncate("abcd", 3));
    String emoji = "a\uD83D\uDE00b";
    assertEquals("a…", FieldLimits.truncate(emoji, 3));
    assertNull(FieldLimits.truncate(null, 3));
  }

  @Test
  void pricesOfTenToTheThirtyOrSixteenFailThePropertyListing() {
    for (String price : new String[] {"1" + "0".repeat(30) + " DH", "10 000 000 000 000 000 DH"}) {
      NormalisationException e = assertThrows(NormalisationException.class,
          () -> PropertyListingNormaliser.normalise(raw(property(price)), "sale"));
      assertEquals(FieldLimits.OUT_OF_RANGE, e.reason(), price);
      assertTrue(e.getMessage().startsWith("Listing avito/57133177: priceAmount = 1"), e.getMessage());
    }
  }

  @Test
  void aNegativePriceIsRefusedNeverMadePositive() throws Exception {
    assertEquals(new BigDecimal("-5000"), PriceParser.parse("-5 000 DH", "MAD").amount());
    assertEquals(new BigDecimal("-5000"), PriceParser.parse("\u2212 5000", "MAD").amount());
    assertEquals(new BigDecimal("5000"), PriceParser.parse("Prix-5000 DH", "MAD").amount(), "a dash glued to a word");
    NormalisationException e = assertThrows(NormalisationException.class,
        () -> PropertyListingNormaliser.normalise(raw(property("-5 000 DH")), "sale"));
    assertTrue(e.getMessage().contains("priceAmount = -5000"), e.getMessage());
  }

  @Test
  void anOriginalPayloadsNegativeOrHugeIntegerPriceIsRefused() throws Exception {
    for (String price : new String[] {"-14000", "1" + "0".repeat(30)}) {
      ObjectNode p = (ObjectNode) JSON.readTree(notebookPayload());
      p.put("price", new BigInteger(price));
      RawListing raw = RawListing.create("mubawab", "1", "https://www.mubawab.ma/fr/a/1", p.toString(), OriginalPayloads.MUBAWAB_KAFKA_V1, "test",
          RealRecords.SCRAPED, RealRecords.SCRAPED);
      NormalisationException e = assertThrows(NormalisationException.class,
          () -> PropertyListingNormaliser.normalise(raw, null), price);
      assertEquals(FieldLimits.OUT_OF_RANGE, e.reason());
      assertTrue(e.getMessage().contains("priceAmount = " + price), e.getMessage());
    }
  }

  @Test
  void absurdSurfaceRoomsOrFloorFailTheListing() throws Exception {
    for (Map.Entry<String, String> attr : Map.of("Nombre de pièces", "5000", "Salle de bain", "3000").entrySet()) {
      RawListingFields f = property("5 500 DH");
      f.attributes = Map.of(attr.getKey(), attr.getValue());
      // The attribute parser already drops implausible counts; the bounds are the backstop below.
      PropertyListing l = PropertyListingNormaliser.normalise(raw(f), "sale");
      assertNull(l.getRooms(), attr.toString());
      assertNull(l.getBathrooms(), attr.toString());
    }
    PropertyListing absurd = PropertyListing.builder().setSource("avito").setListingId("1").setUrl("https://x.test/1")
        .setScrapedAt(RealRecords.SCRAPED).setSurfaceTotalM2(1e12).build();
    NormalisationException e = assertThrows(NormalisationException.class, () -> FieldLimits.check(absurd));
    assertEquals("Listing avito/1: surfaceTotalM2 = 1.0E12 is outside 0.01 .. 100000000", e.getMessage());
    PropertyListing rooms = absurd.toBuilder().setSurfaceTotalM2(80.0).setRooms(5000).build();
    assertEquals("Listing avito/1: rooms = 5000 is outside 0 .. 1000",
        assertThrows(NormalisationException.class, () -> FieldLimits.check(rooms)).getMessage());
    PropertyListing lat = absurd.toBuilder().setSurfaceTotalM2(80.0).setLatitude(200.0).build();
    assertThrows(NormalisationException.class, () -> FieldLimits.check(lat));
    PropertyListing fine = absurd.toBuilder().setSurfaceTotalM2(80.0).setLatitude(33.5).setFloor(-2).build();
    assertEquals(fine, FieldLimits.check(fine));
  }

  @Test
  void aPublishDateInTheYear3000IsNulledAndTheListingLands() throws Exception {
    RawListingFields f = property("5 500 DH");
    f.publishedText = "3000-01-01 12:00:00";
    PropertyListing l = PropertyListingNormaliser.normalise(raw(f), "sale");
    assertNull(l.getPublishedAt());
    assertEquals(new BigDecimal("5500"), l.getPriceAmount());
  }

  @Test
  void aTwentyMegabyteFieldFailsTheRecordAndAFiveMegabyteOneIsTruncated() throws Exception {
    RawListingFields twenty = property("5 500 DH");
    twenty.description = "x".repeat(20 * 1024 * 1024);
    NormalisationException tooBig = assertThrows(NormalisationException.class,
        () -> PropertyListingNormaliser.normalise(raw(twenty), "sale"));
    assertEquals("bad_payload", tooBig.reason(), "the JSON reader's own 20 M character limit");
    assertTrue(tooBig.getMessage().contains("exceeds the maximum length"), tooBig.getMessage());

    String five = "x".repeat(5 * 1024 * 1024);
    RawListingFields f = property("5 500 DH");
    f.description = five;
    f.title = five;
    f.sellerName = five;
    PropertyListing l = PropertyListingNormaliser.normalise(raw(f), "sale");
    assertEquals(FieldLimits.MAX_DESCRIPTION_CHARS, l.getDescription().length());
    assertTrue(l.getDescription().endsWith(FieldLimits.TRUNCATED_MARK));
    assertEquals(FieldLimits.MAX_TITLE_CHARS, l.getTitle().length());
    assertEquals(FieldLimits.MAX_SHORT_TEXT_CHARS, l.getSellerName().length());
    assertEquals(ContentHash.of(l), l.getContentHash(), "the hash is of the truncated row");

    RawListingFields longUrl = property("5 500 DH");
    longUrl.url = longUrl.url + "?q=" + five;
    longUrl.sellerUrl = "https://www.avito.ma/fr/boutique?id=" + five;
    PropertyListing withoutQuery = PropertyListingNormaliser.normalise(raw(longUrl), "sale");
    assertEquals("https://www.avito.ma/fr/autre_secteur/bureaux/Bureau_57133177.htm", withoutQuery.getUrl(),
        "the canonical URL drops the query");
    assertNull(withoutQuery.getSellerUrl(), "a seller URL too long is nulled");
    PropertyListing longPath = withoutQuery.toBuilder().setUrl("https://www.avito.ma/" + five).build();
    NormalisationException e = assertThrows(NormalisationException.class, () -> FieldLimits.check(longPath));
    assertEquals(FieldLimits.TOO_LONG, e.reason());
    assertTrue(e.getMessage().length() < 400, "the message quotes the value abbreviated");
  }

  @Test
  void phoneBoundsCoverPriceStorageAndWarranty() {
    RawListingFields price = phone("EGP 1" + "0".repeat(30));
    NormalisationException e = assertThrows(NormalisationException.class, () -> PhoneListingNormaliser.normalise(raw(price)));
    assertTrue(e.getMessage().contains("priceAmount"), e.getMessage());

    assertEquals(Integer.MAX_VALUE, PhoneListingNormaliser.warrantyMonths("ضمان 99999999999 سنة"),
        "an absurd warranty stays a number for the bounds to name, not a NumberFormatException");
    PhoneListing ram = PhoneListing.builder().setSource("noon").setListingId("1").setUrl("https://x.test/1")
        .setScrapedAt(RealRecords.SCRAPED).setRamGb(Integer.MAX_VALUE).build();
    NormalisationException r = assertThrows(NormalisationException.class, () -> FieldLimits.check(ram));
    assertEquals("Listing noon/1: ramGb = 2147483647 is outside 1 .. 1024", r.getMessage());
    PhoneListing warranty = ram.toBuilder().setRamGb(8).setWarrantyMonths(Integer.MAX_VALUE).build();
    assertThrows(NormalisationException.class, () -> FieldLimits.check(warranty));
  }

  @Test
  void nulIsRemovedFromEveryTextValueBeforeTheHash() throws Exception {
    RawListingFields f = property("5 500 DH");
    f.title = "Bureau\u0000 à louer";
    PropertyListing l = PropertyListingNormaliser.normalise(raw(f), "sale");
    PropertyListing clean = PropertyListingNormaliser.normalise(raw(property("5 500 DH")), "sale");
    assertEquals("Bureau à louer", l.getTitle());
    assertEquals(clean.getContentHash(), l.getContentHash(), "the same listing as without the NUL, one version");

    PhoneListing phone = PhoneListing.builder().setSource("noon").setListingId("N1\u0000").setUrl("https://www.noon.com/x")
        .setTitle("iPhone\u0000 13").setSellerName("\u0000Shop").setImages(java.util.List.of("https://i.test/a\u0000.jpg"))
        .setScrapedAt(RealRecords.SCRAPED).build();
    PhoneListing checked = FieldLimits.check(phone);
    assertEquals("N1", checked.getListingId());
    assertEquals("iPhone 13", checked.getTitle());
    assertEquals("Shop", checked.getSellerName());
    assertEquals(java.util.List.of("https://i.test/a.jpg"), checked.getImages());
    assertTrue(FieldLimits.withoutNul(PropertyListing.class, clean) == clean, "a listing without NUL is kept as is");
  }

  static RawListingFields property(String priceText) {
    RawListingFields f = new RawListingFields();
    f.listingId = "57133177";
    f.url = "https://www.avito.ma/fr/autre_secteur/bureaux/Bureau_57133177.htm";
    f.title = "Bureau à louer";
    f.category = "Bureaux, à louer";
    f.priceText = priceText;
    return f;
  }

  private static RawListingFields phone(String priceText) {
    RawListingFields f = new RawListingFields();
    f.listingId = "1";
    f.url = "https://www.noon.com/egypt-en/iphone-13/N1/p/";
    f.title = "iphone 13";
    f.priceText = priceText;
    return f;
  }

  private static RawListing raw(RawListingFields f) {
    String site = f.url.contains("noon") ? "noon" : "avito";
    return RawListing.create(site, f.listingId, f.url, f.toJson(), RawListingFields.FORMAT, "test", RealRecords.SCRAPED,
        RealRecords.SCRAPED);
  }

  private static String notebookPayload() throws Exception {
    return JSON.readTree(RealRecords.lines("notebook_sample_payloads.jsonl").get(1)).get("payload").toString();
  }
}
