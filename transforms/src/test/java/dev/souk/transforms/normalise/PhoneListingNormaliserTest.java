package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.souk.model.PhoneListing;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Every distinct title, price, condition and location of the two real phone CSVs, and the traps. */
class PhoneListingNormaliserTest {
  private static final Instant SCRAPED = Instant.parse("2025-10-21T12:00:00Z");
  private static final Pattern MM_GRAMMAR = Pattern.compile("رامات (\\d+) جيجابايت (\\d+) جيجابايت ");

  private static List<JsonNode> csv(String file) throws IOException {
    try (InputStream in = PhoneListingNormaliserTest.class.getClassLoader().getResourceAsStream("records/" + file);
        MappingIterator<JsonNode> it = new CsvMapper().readerFor(JsonNode.class)
            .with(CsvSchema.emptySchema().withHeader()).readValues(new String(in.readAllBytes(), "UTF-8").replace("\uFEFF", ""))) {
      return it.readAll();
    }
  }

  private static Set<String> distinct(List<JsonNode> rows, String column) {
    Set<String> values = new TreeSet<>();
    rows.forEach(r -> values.add(r.get(column).asText()));
    return values;
  }

  private static PhoneListing normalise(String site, RawListingFields f) throws NormalisationException {
    return PhoneListingNormaliser.normalise(RawListing.create(site, f.listingId, f.url, f.toJson(), RawListingFields.FORMAT, "test", SCRAPED, SCRAPED));
  }

  @Test
  void everyMobileMasrTitleFollowsItsGrammarAndNeverReadsACutToken() throws IOException {
    for (String title : distinct(csv("mobilemasr_search_iphone13_used_2025-10-21.csv"), "product_name")) {
      PhoneTitle t = PhoneTitle.parse(title);
      // Every Mobile Masr title opens with an Arabic brand word.
      assertTrue(t.brand() != null, title + " → " + t);
      assertTrue(t.model() != null && !t.model().contains("رامات"), title + " → " + t);
      Matcher m = MM_GRAMMAR.matcher(title + " ");
      if (m.find()) {
        assertEquals(Integer.valueOf(m.group(1)), t.ramGb(), title);
        assertEquals(Integer.valueOf(m.group(2)), t.storageGb(), title);
      } else {
        assertNull(t.storageGb(), "storage from a cut unit: " + title);
      }
      if (title.startsWith("ايفون")) {
        assertTrue(t.model().startsWith("iPhone 13"), title + " → " + t.model());
      }
      if (title.endsWith("...")) {
        String beforeCut = title.substring(0, title.length() - 3);
        assertTrue(t.colour() == null || !beforeCut.endsWith(t.colour()), title);
      }
    }
  }

  @Test
  void mobileMasrTitlesReadExactly() {
    assertEquals(new PhoneTitle("Apple", "iPhone 13", 128, 4, "midnight", null),
        PhoneTitle.parse("ايفون 13 رامات 4 جيجابايت 128 جيجابايت أسود (Midnight)"));
    assertEquals(new PhoneTitle("Apple", "iPhone 13 Pro Max", 256, 6, "blue", null),
        PhoneTitle.parse("ايفون 13 Pro Max رامات 6 جيجابايت 256 جيجابايت أزرق (Sierra ..."));
    assertEquals(new PhoneTitle("Xiaomi", "13 Ultra", null, 16, null, null),
        PhoneTitle.parse("شاومي 13 Ultra (Chinese version) رامات 16 جيجابايت 512 جيجاب..."));
    assertEquals(new PhoneTitle("Xiaomi", "Redmi Note 14 Pro 4G", 256, 8, null, null),
        PhoneTitle.parse("شاومي Redmi Note 14 Pro 4G رامات 8 جيجابايت 256 جيجابايت ذهب..."));
    assertEquals(new PhoneTitle("Samsung", "Galaxy M55", 128, 8, "light green", null),
        PhoneTitle.parse("سامسونج Galaxy M55 رامات 8 جيجابايت 128 جيجابايت أخضر فاتح (..."));
  }

  @Test
  void arabicBrandsAndDigits() {
    assertEquals("Huawei", PhoneTitle.parse("هواوي Nova 12i").brand());
    assertEquals("vivo", PhoneTitle.parse("فيفو Y36").brand());
    assertEquals(new PhoneTitle("OnePlus", "Nord CE 3", 256, null, null, null), PhoneTitle.parse("وان بلس Nord CE 3 ٢٥٦ جيجا"));
    assertEquals(new PhoneTitle("Apple", "iPhone 13", 128, null, null, 100),
        PhoneTitle.parse("iphone 13 زيرو استخدام خفيف بطاريه ١٠٠٪\u061c مساحه 128GB"));
    assertEquals(new PhoneTitle("Apple", "iPhone 13 Pro", 256, null, null, null), PhoneTitle.parse("ايفون ۱۳ برو ۲۵۶ جيجا"));
    assertEquals(1024, PhoneTitle.parse("iphone 15 pro max 1 تيرا").storageGb());
    // The seller states 128 (the unit mistyped); a size the iPhone 13 is sold in reads without a unit.
    assertEquals(128, PhoneTitle.parse("iphone 13 مساحه 128H").storageGb());
    assertNull(PhoneTitle.parse("iphone 13 مساحه 100H").storageGb(), "100 is no size the iPhone 13 is sold in");
  }

  @Test
  void everyDubizzleTitleNamingAnIphone13ReadsAsOne() throws IOException {
    Pattern iphone13 = Pattern.compile("(iphone|ايفون)\\s*13(?!\\d)", Pattern.CASE_INSENSITIVE);
    int read = 0;
    for (String title : distinct(csv("dubizzle_eg_search_iphone13_2025-10-21.csv"), "description")) {
      PhoneTitle t = PhoneTitle.parse(title);
      String western = title.chars().mapToObj(c -> c >= 0x660 && c <= 0x669 ? String.valueOf(c - 0x660)
          : c >= 0x6F0 && c <= 0x6F9 ? String.valueOf(c - 0x6F0) : String.valueOf((char) c)).reduce("", String::concat);
      if (iphone13.matcher(western).find()) {
        assertEquals("Apple", t.brand(), title);
        assertTrue(t.model() != null && t.model().startsWith("iPhone"), title + " → " + t.model());
        read++;
      }
      assertTrue(t.storageGb() == null || Set.of(16, 32, 64, 128, 256, 512, 1024).contains(t.storageGb()), title);
      assertTrue(t.batteryPct() == null || (t.batteryPct() >= 50 && t.batteryPct() <= 100), title);
    }
    assertTrue(read > 300, "titles naming an iPhone 13: " + read);
  }

  @Test
  void everyDistinctPriceText() throws IOException, NormalisationException {
    Set<String> prices = distinct(csv("dubizzle_eg_search_iphone13_2025-10-21.csv"), "price");
    distinct(csv("mobilemasr_search_iphone13_used_2025-10-21.csv"), "price").forEach(p -> prices.add(p + " جنيه"));
    prices.add("4,099 5,899 30% OFF");
    prices.add("EGP 4,099 5,899 30% OFF");
    for (String text : prices) {
      RawListingFields f = fields("dubizzle", text);
      PhoneListing l = normalise("dubizzle", f);
      boolean none = text.equals("Not Available");
      assertEquals(none, l.getPriceOnRequest(), text);
      assertEquals(text.contains("Negotiable"), l.getPriceNegotiable(), text);
      if (!none) {
        String first = text.replaceAll("^\\D*", "").split("[ \\n]")[0].replace(",", "");
        assertEquals(new BigDecimal(first), l.getPriceAmount(), text);
        assertEquals("EGP", l.getPriceCurrency(), text);
      } else {
        assertNull(l.getPriceAmount());
      }
    }
  }

  // Egypt's 27 governorates, as Dubizzle spells them.
  private static final Set<String> GOVERNORATES = Set.of("Cairo", "Giza", "Alexandria", "Qalyubia", "Sharqia",
      "Dakahlia", "Gharbia", "Monufia", "Beheira", "Kafr al-Sheikh", "Damietta", "Port Said", "Ismailia", "Suez",
      "Fayoum", "Beni Suef", "Minya", "Asyut", "Sohag", "Qena", "Luxor", "Aswan", "Red Sea", "New Valley", "Matrouh",
      "North Sinai", "South Sinai");

  @Test
  void everyDistinctLocationLandsInAGovernorateWithItsDistrict() throws IOException, NormalisationException {
    for (String text : distinct(csv("dubizzle_eg_search_iphone13_2025-10-21.csv"), "location")) {
      RawListingFields f = fields("dubizzle", "EGP 1");
      f.locationText = text;
      PhoneListing l = normalise("dubizzle", f);
      if (text.replace("•", "").isBlank()) {
        assertNull(l.getLocation(), "a bare separator is no location");
        assertNull(l.getCity());
        continue;
      }
      assertFalse(l.getLocation().contains("•"), text);
      String[] parts = text.replace("•", "").split(", ");
      assertTrue(GOVERNORATES.contains(l.getCity()), text + " → city " + l.getCity());
      // The district is one of the two parts as shown, never a governorate.
      assertTrue(l.getDistrict() != null && !GOVERNORATES.contains(l.getDistrict())
          && (l.getDistrict().equals(parts[0]) || l.getDistrict().equals(parts[1])), text + " → district " + l.getDistrict());
      if (GOVERNORATES.contains(parts[1])) {
        assertEquals(parts[1], l.getCity(), text);
        assertEquals(parts[0], l.getDistrict(), text);
      }
    }
  }

  private static void place(String location, String city, String district) {
    EgyptPlaces.Place p = EgyptPlaces.gazetteer().resolve(location);
    assertEquals(city, p.city(), location);
    assertEquals(district, p.district(), location);
  }

  @Test
  void aDistrictInTheCitySlotResolvesToItsGovernorate() {
    // Real Dubizzle lines: the parent is a district as often as a governorate.
    place("El Maadi, Maadi", "Cairo", "Maadi");
    place("Maadi, Cairo", "Cairo", "Maadi");
    place("Hadayek El Maadi, Maadi", "Cairo", "Maadi");
    place("5th Settlement, New Cairo", "Cairo", "New Cairo");
    place("New Cairo, Cairo", "Cairo", "New Cairo");
    place("2nd District, 6th of October", "Giza", "6th of October");
    place("12th District, Sheikh Zayed", "Giza", "Sheikh Zayed");
    place("Zahraa Madinat Nasr, Nasr City", "Cairo", "Nasr City");
    place("Go Heliopolis Compound, Heliopolis", "Cairo", "Heliopolis");
    place("Al Bitash, Agami", "Alexandria", "Agami");
    place("Dar Misr, 10th of Ramadan", "Sharqia", "10th of Ramadan");
    place("Nasr City, Cairo", "Cairo", "Nasr City");
    place("Warraq, Giza", "Giza", "Warraq");
    // A district alone, and Arabic lines.
    place("Sheikh Zayed", "Giza", "Sheikh Zayed");
    place("المعادي", "Cairo", "Maadi");
    place("مدينة نصر، القاهرة", "Cairo", "Nasr City");
    place("التجمع الخامس، القاهرة الجديدة", "Cairo", "New Cairo");
    place("الحي الثاني، ٦ أكتوبر", "Giza", "6th of October");
    place("مصر الجديدة", "Cairo", "Heliopolis");
    place("سموحة، الإسكندرية", "Alexandria", "Smoha");
    place("الاسكندريه", "Alexandria", null);
    // Nothing known: the line as shown, parent in the city slot.
    place("Somewhere, Nowhere", "Nowhere", "Somewhere");
    place(null, null, null);
  }

  @Test
  void everyMobileMasrConditionBadge() throws IOException, NormalisationException {
    for (String badge : distinct(csv("mobilemasr_search_iphone13_used_2025-10-21.csv"), "other_conditions")) {
      RawListingFields f = fields("mobilemasr", "27,150 جنيه");
      f.attributes.put("badge", badge);
      f.attributes.put("الحالة", "ممتاز");
      PhoneListing l = normalise("mobilemasr", f);
      if (badge.endsWith("%")) {
        assertEquals(Integer.valueOf(badge.replace("%", "")), l.getBatteryHealthPct());
        assertEquals("excellent", l.getCondition());
      } else if (badge.startsWith("ضمان")) {
        assertEquals(badge, l.getWarranty());
        assertEquals(12, l.getWarrantyMonths());
        assertEquals(badge.contains("دولي") ? "international" : "local", l.getWarrantyScope());
      } else {
        assertEquals("very_good", l.getCondition(), badge);
      }
    }
    assertEquals(100, PhoneListingNormaliser.percent("١٠٠٪"));
    assertNull(PhoneListingNormaliser.percent("130%"));
    assertEquals("refurbished", PhoneListingNormaliser.condition("Renewed"));
    assertEquals("used", PhoneListingNormaliser.condition("مستعمل"));
  }

  @Test
  void specValuesWinOverTheTitleAndTheHashIgnoresOnlyTheScrapeTime() throws NormalisationException {
    RawListingFields f = fields("noon", "EGP 21,450 26,999 21% OFF");
    f.url = "https://www.noon.com/egypt-en/renewed-iphone-13/N70035184V/p/?o=z1a2";
    f.listingId = "N70035184V";
    f.title = "Renewed - iPhone 13 128GB Pink 5G With FaceTime";
    f.attributes.put("Brand", "Apple");
    f.attributes.put("Internal Memory", "256 GB");
    f.attributes.put("Colour Name", "Sunny Oasis");
    f.attributes.put("Condition", "Renewed");
    PhoneListing l = normalise("noon", f);
    assertEquals("https://www.noon.com/egypt-en/renewed-iphone-13/N70035184V/p/", l.getUrl());
    assertEquals(new BigDecimal("21450"), l.getPriceAmount());
    assertEquals(256, l.getStorageGb());
    assertEquals("iPhone 13", l.getModel());
    assertEquals("sunny oasis", l.getColour());
    assertEquals("refurbished", l.getCondition());
    PhoneListing later = PhoneListingNormaliser.normalise(RawListing.create("noon", f.listingId, f.url, f.toJson(), RawListingFields.FORMAT, "t",
        SCRAPED.plus(1000), SCRAPED.plus(1000)));
    assertEquals(l.getContentHash(), later.getContentHash());
    f.priceText = "EGP 20,999 26,999 22% OFF";
    assertNotEquals(l.getContentHash(), normalise("noon", f).getContentHash());
  }

  @Test
  void failureReasons() {
    RawListingFields f = fields("dubizzle", "EGP 1");
    assertEquals("unknown_site", assertThrows(NormalisationException.class, () -> normalise("avito", f)).reason());
    assertEquals("bad_payload", assertThrows(NormalisationException.class, () -> PhoneListingNormaliser.normalise(
        RawListing.create("noon", "1", "https://www.noon.com/x", "{", RawListingFields.FORMAT, "t", SCRAPED, SCRAPED))).reason());
    f.url = "not a url";
    assertEquals("bad_url", assertThrows(NormalisationException.class, () -> PhoneListingNormaliser.normalise(
        RawListing.create("dubizzle", "1", "ftp://x", f.toJson(), RawListingFields.FORMAT, "t", SCRAPED, SCRAPED))).reason());
    assertEquals("missing_listing_id", assertThrows(NormalisationException.class, () -> PhoneListingNormaliser.normalise(
        RawListing.create("dubizzle", " ", "https://x", "{}", RawListingFields.FORMAT, "t", SCRAPED, SCRAPED))).reason());
  }

  private static RawListingFields fields(String site, String priceText) {
    RawListingFields f = new RawListingFields();
    f.listingId = "1";
    f.url = "https://example.test/" + site + "/1";
    f.title = "iphone 13";
    f.priceText = priceText;
    return f;
  }
}
