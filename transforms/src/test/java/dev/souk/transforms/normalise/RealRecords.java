package dev.souk.transforms.normalise;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.transforms.sites.Csv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;

/**
 * The real Avito and Mubawab records of {@code testdata/records} (a test resource directory),
 * turned into the {@link RawListingFields} an adapter would have extracted from the same page.
 */
final class RealRecords {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Instant SCRAPED = Instant.parse("2025-11-25T00:16:12Z");

  /** One record: the adapter's fields, plus the offer the original recorded, if any. */
  record Record(String site, String file, RawListingFields fields, String recordedOffer) {
    RawListing raw() {
      return RawListing.create(site, fields.listingId, fields.url, fields.toJson(), RawListingFields.FORMAT,
          "test:" + file, SCRAPED, SCRAPED);
    }
  }

  private RealRecords() {}

  static List<Record> all() {
    List<Record> all = new ArrayList<>();
    all.addAll(avito());
    all.addAll(mubawab());
    return all;
  }

  static List<Record> avito() {
    List<Record> out = new ArrayList<>();
    for (String line : lines("avito_raw_2025-11-03.jsonl")) {
      JsonNode p = tree(tree(line).get("payload").asText());
      if (p.path("error").isNull() && p.hasNonNull("title")) {
        out.add(oldAvito(p, "avito_raw_2025-11-03.jsonl"));
      }
    }
    for (String line : lines("notebook_sample_payloads.jsonl")) {
      JsonNode p = tree(line).get("payload");
      if (p.get("url").asText().contains("avito.ma")) {
        out.add(oldAvito(p, "notebook_sample_payloads.jsonl"));
      }
    }
    for (String line : lines("bjibjihamza_AMRES_raw_avito_locations_2025-11-24.jsonl")) {
      JsonNode p = tree(line);
      RawListingFields f = common(p);
      f.breadcrumbs = split(text(p, "breadcrumbs"), " > ");
      f.category = text(p, "category_label");
      f.attributes = map(tree(text(p, "attributes")));
      f.equipments = split(text(p, "equipments"), "; ");
      f.images = split(text(p, "images"), ", ");
      out.add(new Record("avito", "AMRES avito", f, text(p, "offre")));
    }
    return out;
  }

  static List<Record> mubawab() {
    List<Record> out = new ArrayList<>();
    for (String line : lines("bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl")) {
      JsonNode p = tree(line);
      RawListingFields f = common(p);
      f.breadcrumbs = JSON.convertValue(p.get("breadcrumbs_list"), new TypeReference<List<String>>() {});
      f.category = text(p, "category_label");
      f.locationText = text(p, "location");
      f.attributes = map(p.get("attributes"));
      f.equipments = JSON.convertValue(p.get("equipments"), new TypeReference<List<String>>() {});
      f.images = JSON.convertValue(p.get("images"), new TypeReference<List<String>>() {});
      f.publishedText = null; // Mubawab shows no date; AMRES stored its scrape time there.
      out.add(new Record("mubawab", "AMRES mubawab", f, text(p, "offre")));
    }
    for (String line : lines("notebook_sample_payloads.jsonl")) {
      JsonNode p = tree(line).get("payload");
      if (p.get("url").asText().contains("mubawab.ma")) {
        RawListingFields f = new RawListingFields();
        f.listingId = text(p, "id");
        f.url = text(p, "url");
        f.title = text(p, "title");
        f.priceText = p.hasNonNull("price") ? p.get("price").asText() + " DH" : null;
        f.locationText = text(p, "location_text");
        f.attributes = map(tree(text(p, "features_main_json")));
        f.equipments = JSON.convertValue(tree(text(p, "features_amenities_json")), new TypeReference<List<String>>() {});
        f.sellerName = text(p, "agency_name");
        f.sellerUrl = text(p, "agency_url");
        out.add(new Record("mubawab", "notebook_sample_payloads.jsonl", f, text(p, "listing_type")));
      }
    }
    for (JsonNode row : Csv.rows(String.join("\n", lines("mubawab_ads_sample_2025-11-05.csv")))) {
      RawListingFields f = new RawListingFields();
      f.listingId = row.path("id").asText();
      f.url = row.path("url").asText();
      f.title = row.path("title").asText();
      f.priceText = row.path("price_text").asText();
      f.locationText = row.path("location_text").asText();
      f.attributes = map(tree(row.path("features_main_json").asText()));
      // The first scraper kept the icons as a list; an adapter labels them by their unit word.
      for (JsonNode icon : tree(row.path("ad_details_text").asText())) {
        f.attributes.put("Detail_" + f.attributes.size(), icon.asText());
      }
      f.equipments = JSON.convertValue(tree(row.path("features_amenities_json").asText()), new TypeReference<List<String>>() {});
      f.sellerName = row.path("agency_name").asText();
      out.add(new Record("mubawab", "mubawab_ads_sample_2025-11-05.csv", f, "location"));
    }
    return out;
  }

  /** The original Avito payload: attributes as a JSON string, "; " and " | " joined lists. */
  private static Record oldAvito(JsonNode p, String file) {
    RawListingFields f = common(p);
    f.breadcrumbs = split(text(p, "breadcrumbs"), " > ");
    f.category = text(p, "category");
    f.attributes = text(p, "attributes") == null ? new LinkedHashMap<>() : map(tree(text(p, "attributes")));
    f.equipments = split(text(p, "equipments"), "; ");
    f.images = split(text(p, "image_urls"), " | ");
    return new Record("avito", file, f, text(p, "listing_type"));
  }

  private static RawListingFields common(JsonNode p) {
    RawListingFields f = new RawListingFields();
    f.listingId = text(p, "id");
    f.url = text(p, "url");
    f.title = text(p, "title");
    f.priceText = text(p, "price_text");
    f.description = text(p, "description");
    f.sellerName = text(p, "seller_name");
    f.sellerUrl = text(p, "seller_url");
    f.sellerIsStore = p.hasNonNull("seller_is_store") ? p.get("seller_is_store").asBoolean() : null;
    f.publishedText = text(p, "published_date");
    return f;
  }

  private static String text(JsonNode p, String field) {
    return p.hasNonNull(field) ? p.get(field).asText() : null;
  }

  private static List<String> split(String s, String sep) {
    List<String> items = new ArrayList<>();
    if (s != null) {
      Arrays.stream(s.split(java.util.regex.Pattern.quote(sep))).filter(i -> !i.isBlank()).forEach(items::add);
    }
    return items;
  }

  private static Map<String, String> map(JsonNode node) {
    Map<String, String> m = new LinkedHashMap<>();
    if (node != null) {
      node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    }
    return m;
  }

  private static JsonNode tree(String json) {
    try {
      return json == null ? JSON.nullNode() : JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String resource) {
    try (InputStream in = RealRecords.class.getResourceAsStream("/records/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("test resource /records/" + resource + " missing: is testdata/records a test resource dir?");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Quote-all CSV with quoted newlines and "" escapes. */
}
