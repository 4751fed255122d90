package dev.souk.transforms.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.text.SellerKind;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every good detail page of the sample site, parsed and compared field by field with the real
 * record it was filled from. Expected values are derived from the records here, independently of
 * the generator, undoing only the documented quirks of the scrapers that produced them.
 */
class SampleSiteDetailTest {
  private static final String AVITO_RAW = "avito_raw_2025-11-03.jsonl";
  private static final String AVITO_AMRES = "bjibjihamza_AMRES_raw_avito_locations_2025-11-24.jsonl";
  private static final String MUBAWAB_AMRES = "bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl";
  private static final String MUBAWAB_CSV = "mubawab_ads_sample_2025-11-05.csv";
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000Z'");

  /** site → field → {matched, compared}. */
  private final Map<String, Map<String, int[]>> tally = new TreeMap<>();
  private final List<String> mismatches = new ArrayList<>();

  @Test
  void everyGoodDetailPageMatchesItsRecord() throws PageParseException {
    int pages = 0;
    for (SampleSite.Entry e : SampleSite.manifest()) {
      // The phone sites have their own record comparison (PhoneSampleSiteDetailTest).
      if (!e.kind().equals("detail") || !"listing".equals(e.expect()) || Site.fromCode(e.site()).market() != Site.Market.REAL_ESTATE) {
        continue;
      }
      SiteAdapter adapter = SiteAdapters.forSite(Site.fromCode(e.site()));
      RawListingFields got = adapter.parseDetailPage(e.url(), e.html());
      JsonNode record = SampleSite.record(e);
      Map<String, Object> expected = e.site().equals("avito") ? expectedAvito(e.recordFile(), record) : expectedMubawab(e.recordFile(), record);
      compare(e, expected, actual(got));
      assertEquals(record.get("id").asText(), got.listingId, e.url());
      pages++;
    }
    printTable();
    assertTrue(pages > 150, "only " + pages + " good detail pages");
    assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches:\n" + String.join("\n", mismatches));
  }

  private static Map<String, Object> actual(RawListingFields f) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("title", f.title);
    a.put("priceText", f.priceText);
    a.put("breadcrumbs", f.breadcrumbs);
    a.put("cityCrumb", crumb(f.breadcrumbs, 2));
    a.put("areaCrumb", crumb(f.breadcrumbs, 3));
    a.put("category", f.category);
    a.put("attributes", new ArrayList<>(f.attributes.entrySet()));
    f.attributes.forEach((k, v) -> a.put("attributes[" + k + "]", v));
    a.put("equipments", f.equipments);
    a.put("sellerName", f.sellerName);
    a.put("sellerUrl", f.sellerUrl);
    a.put("sellerIsStore", f.sellerIsStore);
    a.put("images", f.images);
    a.put("publishedText", f.publishedText);
    a.put("description", f.description);
    a.put("locationText", f.locationText);
    a.put("latitude", f.latitude);
    a.put("longitude", f.longitude);
    return a;
  }

  private static String crumb(List<String> crumbs, int i) {
    return crumbs.size() > i ? crumbs.get(i) : null;
  }

  // ---------------------------------------------------------------- Avito expectations

  private static Map<String, Object> expectedAvito(String file, JsonNode r) {
    Map<String, Object> x = new LinkedHashMap<>();
    boolean amres = file.equals(AVITO_AMRES);
    x.put("title", text(r, "title"));
    // The original scraper's \s+ turned U+202F into spaces; the AMRES data kept the page's own.
    x.put("priceText", amres ? text(r, "price_text") : spaced(text(r, "price_text")));
    List<String> crumbs = amres ? strings(SampleSite.readJson(text(r, "breadcrumbs_list")))
        : Arrays.stream(text(r, "breadcrumbs").split(" > ")).collect(Collectors.toList());
    // BeautifulSoup's get_text() read the home crumb's svg title ("Home Icon") as text.
    crumbs.set(0, crumbs.get(0).replaceFirst("^Home Icon ", ""));
    x.put("breadcrumbs", crumbs);
    if (crumbs.size() > 3 && crumbs.get(1).equals("Tout le Maroc")) {
      x.put("cityCrumb", crumbs.get(2));
      x.put("areaCrumb", crumbs.get(3));
    }
    x.put("category", text(r, amres ? "category_label" : "category"));
    Map<String, String> attributes = new LinkedHashMap<>();
    JsonNode attrJson = r.hasNonNull("attributes") ? SampleSite.readJson(text(r, "attributes")) : SampleSite.JSON.createObjectNode();
    attrJson.fields().forEachRemaining(f -> attributes.put(f.getKey(), f.getValue().asText()));
    putAttributes(x, attributes, true);
    List<String> equipments = splitOrEmpty(text(r, "equipments"), "; ");
    if (!amres) {
      // The original's equipment selector also caught every attribute value, in attribute order.
      List<String> values = new ArrayList<>(attributes.values());
      assertEquals(values, equipments.subList(0, Math.min(values.size(), equipments.size())), "polluted prefix of " + r.get("id"));
      equipments = equipments.subList(values.size(), equipments.size());
    }
    x.put("equipments", equipments);
    x.put("sellerName", text(r, "seller_name"));
    // The producers' own flags missed agencies: a shop link or an agency's name says store too.
    boolean recorded = amres ? r.get("seller_is_store").asBoolean() : "Boutique".equals(text(r, "seller_type"));
    String sellerUrl = amres ? text(r, "seller_url") : null;
    if (amres) {
      x.put("sellerUrl", sellerUrl);
    }
    x.put("sellerIsStore", recorded || sellerUrl != null && sellerUrl.contains("avito.ma/fr/boutique")
        || SellerKind.hasAgencyName(text(r, "seller_name")));
    // Avito's image URLs carry no ad id: the producers read the gallery, and so does the adapter.
    x.put("images", splitOrEmpty(text(r, amres ? "images" : "image_urls"), amres ? ", " : " | "));
    x.put("publishedText", amres ? text(r, "published_date") : publishedUtc(text(r, "published_date")));
    x.put("description", collapse(text(r, "description")));
    return x;
  }

  /** The original wrote Africa/Casablanca wall time; the page carries the instant in UTC. */
  private static String publishedUtc(String local) {
    if (local == null || !local.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d")) {
      return local;
    }
    return LocalDateTime.parse(local, LOCAL).atZone(ZoneId.of("Africa/Casablanca"))
        .withZoneSameInstant(ZoneOffset.UTC).format(ISO_MILLIS);
  }

  // ---------------------------------------------------------------- Mubawab expectations

  private static Map<String, Object> expectedMubawab(String file, JsonNode r) {
    Map<String, Object> x = new LinkedHashMap<>();
    // The AMRES scraper kept h1's trailing newline; a page shows it collapsed.
    x.put("title", collapse(text(r, "title")));
    x.put("locationText", collapse(text(r, file.equals(MUBAWAB_AMRES) ? "location" : "location_text")));
    Map<String, String> attributes = new LinkedHashMap<>();
    if (file.equals(MUBAWAB_AMRES)) {
      x.put("priceText", text(r, "price_text"));
      JsonNode attrs = r.get("attributes");
      attrs.fields().forEachRemaining(f -> {
        String k = f.getKey();
        String v = collapse(f.getValue().asText());
        if (!List.of("Latitude", "Longitude", "Location ID", "Location Type").contains(k)) {
          // The AMRES scraper keyed "2 Chambres" by its own text and bathrooms as "Salle de bain".
          boolean icon = k.equals("Surface") || k.equals("Pièces") || k.contains("Chambre") || k.equals("Salle de bain");
          attributes.put(icon ? iconKey(v) : k, v);
        }
      });
      x.put("equipments", strings(r.get("equipments")));
      // The AMRES producer also kept the similar-ads thumbnails, whose paths spell other ids.
      x.put("images", ownMubawabImages(text(r, "id"), strings(r.get("images"))));
      x.put("breadcrumbs", strings(r.get("breadcrumbs_list")));
      x.put("latitude", attrs.get("Latitude").asText());
      x.put("longitude", attrs.get("Longitude").asText());
      x.put("description", collapse(text(r, "description")));
      x.put("sellerName", emptyToNull(text(r, "seller_name")));
      x.put("sellerUrl", emptyToNull(text(r, "seller_url")));
    } else {
      boolean csv = file.equals(MUBAWAB_CSV);
      // The CSV scraper normalised U+00A0 to spaces; the final one stored only the integer.
      x.put("priceText", csv ? spaced(text(r, "price_text")) : r.get("price").asText());
      if (csv) {
        strings(SampleSite.readJson(text(r, "ad_details_text"))).forEach(t -> attributes.put(iconKey(t), t));
      }
      SampleSite.readJson(text(r, "features_main_json")).fields()
          .forEachRemaining(f -> attributes.put(f.getKey(), f.getValue().asText()));
      x.put("equipments", strings(SampleSite.readJson(text(r, "features_amenities_json"))));
      x.put("images", ownMubawabImages(text(r, "id"), strings(SampleSite.readJson(text(r, "gallery_urls")))));
      x.put("description", collapse(text(r, "description_text")));
      x.put("sellerName", emptyToNull(text(r, "agency_name")));
      x.put("sellerUrl", emptyToNull(text(r, "agency_url")));
    }
    putAttributes(x, attributes, false);
    // Mubawab pages say nothing of the seller's kind: a business page (/fr/b/<id>) or an agency's name does.
    String url = (String) x.get("sellerUrl");
    boolean store = url != null && url.contains("mubawab.ma/fr/b/") || SellerKind.hasAgencyName((String) x.get("sellerName"));
    x.put("sellerIsStore", store ? Boolean.TRUE : null);
    return x;
  }

  /** Images whose path spells the ad id ("/ad/8/257/884F/" for 8257884), as the site files them. */
  private static List<String> ownMubawabImages(String id, List<String> images) {
    String spelled = "/ad/" + id.substring(0, id.length() - 6) + "/" + id.substring(id.length() - 6, id.length() - 3)
        + "/" + id.substring(id.length() - 3) + "F/";
    return images.stream().filter(u -> u.contains(spelled)).collect(Collectors.toList());
  }

  private static String iconKey(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return t.contains("m²") ? "Surface" : t.contains("pièce") ? "Pièces" : t.contains("chambre") ? "Chambres" : "Salles de bain";
  }

  private static void putAttributes(Map<String, Object> x, Map<String, String> attributes, boolean ordered) {
    // The Avito payloads kept page order (a JSON string); Mubawab ones went through maps that did not.
    x.put("attributes", ordered ? new ArrayList<>(attributes.entrySet()) : new TreeMap<>(attributes));
    attributes.forEach((k, v) -> {
      String key = k.toLowerCase(Locale.ROOT);
      if (key.contains("surface") || key.contains("pièce") || key.contains("chambre") || key.contains("salle")) {
        x.put("attributes[" + k + "]", v);
      }
    });
  }

  // ---------------------------------------------------------------- comparison and report

  private void compare(SampleSite.Entry e, Map<String, Object> expected, Map<String, Object> actual) {
    for (Map.Entry<String, Object> field : expected.entrySet()) {
      Object want = field.getValue();
      Object got = actual.get(field.getKey());
      if (field.getKey().equals("priceText") && !e.recordFile().equals(AVITO_AMRES) && !e.recordFile().equals(MUBAWAB_AMRES)) {
        // Older payloads lost the page's separators (or the whole text): compare what they kept.
        got = e.site().equals("mubawab") && e.recordFile().startsWith("notebook") ? digits((String) got) : spaced((String) got);
      }
      if (field.getKey().equals("attributes") && want instanceof TreeMap<?, ?>) {
        @SuppressWarnings("unchecked")
        List<Map.Entry<String, String>> entries = (List<Map.Entry<String, String>>) got;
        got = new TreeMap<>(entries.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
      }
      String key = field.getKey();
      int[] t = tally.computeIfAbsent(e.site(), s -> new TreeMap<>()).computeIfAbsent(key, k -> new int[2]);
      t[1]++;
      if (Objects.equals(want, got)) {
        t[0]++;
      } else {
        mismatches.add(e.file() + " " + key + ": expected <" + want + "> got <" + got + ">");
      }
    }
  }

  private void printTable() {
    StringBuilder out = new StringBuilder("\nParser accuracy against the real records (matched / compared):\n");
    tally.forEach((site, fields) -> fields.forEach((field, t) -> out.append(String.format(
        "  %-8s %-36s %4d / %-4d %6.1f%%%n", site, field, t[0], t[1], 100.0 * t[0] / t[1]))));
    System.out.println(out);
  }

  // ---------------------------------------------------------------- small helpers

  private static String text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static List<String> splitOrEmpty(String joined, String separator) {
    return joined == null || joined.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(joined.split(Pattern.quote(separator))));
  }

  private static String spaced(String s) {
    return s == null ? null : s.replace('\u202F', ' ').replace('\u00A0', ' ');
  }

  private static String digits(String s) {
    return s == null ? null : s.replaceAll("\\D", "");
  }

  private static String collapse(String s) {
    return s == null ? null : emptyToNull(s.replaceAll("[ \\t\\n\\r\\f]+", " ").trim());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  @Test
  void accuracyHarnessNoticesAWrongValue() throws PageParseException {
    SampleSite.Entry e = SampleSite.entries("avito", "detail").stream().filter(x -> "listing".equals(x.expect())).findFirst().orElseThrow();
    RawListingFields got = SiteAdapters.forSite(Site.AVITO).parseDetailPage(e.url(), e.html());
    got.title = got.title + " (changed)";
    compare(e, expectedAvito(e.recordFile(), SampleSite.record(e)), actual(got));
    assertEquals(1, mismatches.size(), String.join("\n", mismatches));
    assertTrue(mismatches.get(0).contains(" title: "), mismatches.get(0));
  }
}
