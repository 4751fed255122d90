package dev.souk.transforms.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.model.RawListingFields;
import dev.souk.transforms.sites.Csv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every real-estate payload of {@code testdata/records} as the original producers sent it, and what
 * {@link OriginalPayloads#toFields} makes of it. Error-only and title-less payloads are left out
 * (they become failures, tested elsewhere).
 */
final class RealPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> NOT_LISTINGS = Set.of(OriginalPayloads.UPSTREAM_ERROR, OriginalPayloads.LAYOUT_CHANGED);

  /** One payload: its file, its JSON as sent, and the fields Souk reads from it. */
  record Payload(String file, String site, JsonNode json, RawListingFields fields) {
    String text(String field) {
      JsonNode v = json.get(field);
      return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
  }

  private RealPayloads() {}

  static List<Payload> all() {
    List<Payload> out = new ArrayList<>();
    for (String line : RealRecords.lines("avito_raw_2025-11-03.jsonl")) {
      add(out, "avito_raw_2025-11-03.jsonl", "avito", tree(tree(line).get("payload").asText()));
    }
    for (String line : RealRecords.lines("notebook_sample_payloads.jsonl")) {
      JsonNode p = tree(line).get("payload");
      add(out, "notebook_sample_payloads.jsonl", p.get("url").asText().contains("avito.ma") ? "avito" : "mubawab", p);
    }
    for (String line : RealRecords.lines("bjibjihamza_AMRES_raw_avito_locations_2025-11-24.jsonl")) {
      add(out, "AMRES avito", "avito", tree(line));
    }
    for (String line : RealRecords.lines("bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl")) {
      add(out, "AMRES mubawab", "mubawab", tree(line));
    }
    // The CSV's columns are the first Mubawab producer's payload keys.
    for (JsonNode row : Csv.rows(String.join("\n", RealRecords.lines("mubawab_ads_sample_2025-11-05.csv")))) {
      add(out, "mubawab_ads_sample_2025-11-05.csv", "mubawab", row);
    }
    return out;
  }

  static List<Payload> of(String site) {
    return all().stream().filter(p -> p.site().equals(site)).toList();
  }

  private static void add(List<Payload> out, String file, String site, JsonNode payload) {
    try {
      String json = payload.toString();
      out.add(new Payload(file, site, payload, OriginalPayloads.toFields(site, OriginalPayloads.detectFormat(json), json)));
    } catch (NormalisationException e) {
      if (!NOT_LISTINGS.contains(e.reason())) {
        throw new AssertionError(file + " " + payload.path("id") + ": " + e.getMessage(), e);
      }
    }
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
