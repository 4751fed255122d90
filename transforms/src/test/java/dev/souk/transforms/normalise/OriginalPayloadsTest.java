package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class OriginalPayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2025-11-03T01:15:15Z");

  @Test
  void everyRecordFileFormatIsRecognisedByItsKeys() throws Exception {
    assertEquals(OriginalPayloads.AVITO_KAFKA_V1, OriginalPayloads.detectFormat(avitoRaw(0)));
    assertEquals(OriginalPayloads.AVITO_KAFKA_V1, OriginalPayloads.detectFormat(notebook(0)));
    assertEquals(OriginalPayloads.MUBAWAB_KAFKA_V1, OriginalPayloads.detectFormat(notebook(1)));
    assertEquals(OriginalPayloads.AVITO_KAFKA_V1, OriginalPayloads.detectFormat(notebook(3)));
    assertEquals(OriginalPayloads.AMRES_V1,
        OriginalPayloads.detectFormat(RealRecords.lines("bjibjihamza_AMRES_raw_avito_locations_2025-11-24.jsonl").get(0)));
    assertEquals(OriginalPayloads.AMRES_V1,
        OriginalPayloads.detectFormat(RealRecords.lines("bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl").get(0)));
    assertEquals(OriginalPayloads.MUBAWAB_KAFKA_V0, OriginalPayloads.detectFormat(
        "{\"id\":\"8246881\",\"url\":\"https://www.mubawab.ma/fr/a/8246881/x\",\"error\":null,\"title\":\"T\","
            + "\"price_text\":\"Prix à consulter\",\"price_number\":null,\"ad_details_text\":\"[\\\"60 m²\\\"]\"}"));
  }

  @Test
  void avitoPackingIsUndone() throws Exception {
    RawListingFields f = OriginalPayloads.toFields("avito", OriginalPayloads.AVITO_KAFKA_V1, avitoRaw(0));
    assertEquals("57133177", f.listingId);
    assertEquals("Accueil", f.breadcrumbs.get(0), "BeautifulSoup's svg title is not a crumb");
    assertEquals("Tanger", f.breadcrumbs.get(2));
    assertEquals(Map.of("Salle de bain", "1", "Surface totale", "75", "Frais de syndic / mois", "200",
        "Nombre de pièces", "3", "Étage", "4"), f.attributes);
    assertEquals(List.of("Ascenseur"), f.equipments, "the attribute values the original put first are gone");
    assertEquals(4, f.images.size());
    assertEquals("2025-11-02 12:15:03", f.publishedText);
    // seller_type said "Particulier" for "AWRACH imobilier": the name says agency (docs/sites.md §9.10).
    assertEquals("AWRACH imobilier", f.sellerName);
    assertEquals(true, f.sellerIsStore);

    RawListingFields withMode = OriginalPayloads.toFields("avito", OriginalPayloads.AVITO_KAFKA_V1, notebook(0));
    assertEquals("rent", withMode.crawlMode, "listing_type location");
    assertEquals("il y a 5 heures",
        OriginalPayloads.toFields("avito", OriginalPayloads.AVITO_KAFKA_V1, notebook(3)).publishedText);
  }

  @Test
  void mubawabFinalFormatKeepsTheIntegerPriceAndUnpacksJsonStrings() throws Exception {
    RawListingFields f = OriginalPayloads.toFields("mubawab", OriginalPayloads.MUBAWAB_KAFKA_V1, notebook(1));
    assertEquals("14000", f.priceText);
    assertEquals("Hivernage à Marrakech", f.locationText);
    assertEquals("150 m²", f.attributes.get("Surface"));
    assertEquals(List.of("Terrasse", "Garage"), f.equipments);
    assertEquals(7, f.images.size());
    assertEquals("Marrakech Homes", f.sellerName);
    assertEquals("rent", f.crawlMode);
    assertEquals("sale", OriginalPayloads.toFields("mubawab", OriginalPayloads.MUBAWAB_KAFKA_V1, notebook(2)).crawlMode);

    ObjectNode detail = (ObjectNode) JSON.readTree(notebook(1));
    detail.put("features_main_json", "{\"Detail_1\": \"2 Salles de bains\"}");
    assertEquals(Map.of("Salles de bain", "2 Salles de bains"),
        OriginalPayloads.toFields("mubawab", OriginalPayloads.MUBAWAB_KAFKA_V1, detail.toString()).attributes,
        "docs/sites.md §9.12: the unlabelled icon gets the adapter's label");
  }

  @Test
  void failuresNameTheirReason() {
    String errorOnly = "{\"id\":\"56333284\",\"url\":\"https://www.avito.ma/fr/agdal/appartements/a_56333284.htm\","
        + "\"error\":\"502 Server Error: Bad Gateway for url: https://www.avito.ma/fr/agdal/appartements/a_56333284.htm\","
        + "\"listing_type\":\"location\"}";
    NormalisationException upstream = assertThrows(NormalisationException.class, () -> OriginalPayloads.detectFormat(errorOnly));
    assertEquals(OriginalPayloads.UPSTREAM_ERROR, upstream.reason());
    assertTrue(upstream.getMessage().contains("502 Server Error: Bad Gateway"), upstream.getMessage());
    assertEquals(OriginalPayloads.UPSTREAM_ERROR,
        reason(() -> OriginalPayloads.toFields("avito", OriginalPayloads.AVITO_KAFKA_V1, errorOnly)));

    for (String notObject : List.of("[1,2]", "\"a string\"", "42", "null", "", "{\"id\": ", "\u0000\u00ff garbage")) {
      assertEquals(OriginalPayloads.NOT_A_JSON_OBJECT, reason(() -> OriginalPayloads.detectFormat(notObject)), notObject);
    }
    assertEquals(OriginalPayloads.UNKNOWN_PAYLOAD_FORMAT, reason(() -> OriginalPayloads.detectFormat("{\"id\":\"1\",\"foo\":1}")));
    assertEquals(OriginalPayloads.UNKNOWN_PAYLOAD_FORMAT,
        reason(() -> OriginalPayloads.toFields("avito", "avito-kafka-v9", avitoRaw(0))));
    assertEquals(OriginalPayloads.SITE_MISMATCH,
        reason(() -> OriginalPayloads.toFields("mubawab", OriginalPayloads.AVITO_KAFKA_V1, avitoRaw(0))));
  }

  @Test
  void kafkaRecordsKeepTheirPayloadAndProvenance() throws Exception {
    String value = avitoRaw(0);
    RawListing raw = OriginalPayloads.toRawListing("avito", "ignored-key", value, "realestate.avito.raw", 0, 417L, T, T);
    assertEquals("57133177", raw.getListingId(), "payload.id wins over the key");
    assertEquals("kafka:realestate.avito.raw/0/417", raw.getProvenance());
    assertEquals(OriginalPayloads.AVITO_KAFKA_V1, raw.getPayloadFormat());
    assertEquals(value, raw.getPayload());
    assertEquals(T, raw.getObservedAt());

    ObjectNode noId = (ObjectNode) JSON.readTree(value);
    noId.remove("id");
    RawListing keyed = OriginalPayloads.toRawListing("avito", "57133177", noId.toString(), "t", 2, 9L, T);
    assertEquals("57133177", keyed.getListingId(), "the key when the payload has no id");
    assertEquals("rent", PropertyListingNormaliser.normalise(keyed, null).getOffer());
    assertEquals("missing_listing_id",
        reason(() -> OriginalPayloads.toRawListing("avito", null, noId.toString(), "t", 0, 0L, T, T)));
  }

  private interface Call {
    void run() throws Exception;
  }

  private static String reason(Call call) {
    NormalisationException e = assertThrows(NormalisationException.class, call::run);
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    return e.reason();
  }

  /** The exact Kafka value of row {@code i} of the Iceberg raw export. */
  private static String avitoRaw(int i) throws Exception {
    return JSON.readTree(RealRecords.lines("avito_raw_2025-11-03.jsonl").get(i)).get("payload").asText();
  }

  private static String notebook(int i) throws Exception {
    JsonNode row = JSON.readTree(RealRecords.lines("notebook_sample_payloads.jsonl").get(i));
    return row.get("payload").toString();
  }
}
