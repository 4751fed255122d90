package dev.souk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fields a site adapter extracts from a detail page, as text exactly as shown (no cleaning).
 * Serialised as the JSON payload of a {@link RawListing} with format {@link #FORMAT}. A plain
 * mutable bean: adapters fill it field by field, the normaliser reads it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = true)
public final class RawListingFields {
  /** Payload format name of JSON written by {@link #toJson()}. */
  public static final String FORMAT = "souk-page-v1";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  // Bound to this type once: every page is written and read again (bronze), so the per-call type
  // lookups of writeValueAsString / readValue add up.
  private static final ObjectWriter WRITER = JSON.writerFor(RawListingFields.class);
  private static final ObjectReader READER = JSON.readerFor(RawListingFields.class);

  public String listingId;
  public String url;
  public String title;
  /** Price as displayed, e.g. "7 500 DH", "Prix à consulter", "999 999 EUR". */
  public String priceText;
  public String description;
  /** Breadcrumb texts in page order. */
  public List<String> breadcrumbs = new ArrayList<>();
  /** Avito category line, e.g. "Appartements, à louer". */
  public String category;
  /** Mubawab location line, e.g. "Casablanca Finance City à Casablanca". */
  public String locationText;
  /** Label → value, in page order, e.g. "Surface habitable" → "95". */
  public Map<String, String> attributes = new LinkedHashMap<>();
  /** Equipment / amenity labels as shown. */
  public List<String> equipments = new ArrayList<>();
  public String sellerName;
  public String sellerUrl;
  public Boolean sellerIsStore;
  /** Publication time as given: ISO-8601 ({@code time@datetime}) or relative text. */
  public String publishedText;
  public List<String> images = new ArrayList<>();
  public String latitude;
  public String longitude;
  /** The agency's own reference for the ad, when shown. */
  public String reference;
  /**
   * The crawl mode ("sale"/"rent") of the start page the listing was reached from: a fallback
   * for the offer, and a cross-check against what the page itself says.
   */
  public String crawlMode;

  public String toJson() {
    try {
      return WRITER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("RawListingFields could not be serialised", e);
    }
  }

  public static RawListingFields fromJson(String json) {
    try {
      return READER.readValue(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Payload is not a " + FORMAT + " JSON object: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawListingFields && toJson().equals(((RawListingFields) o).toJson());
  }

  @Override
  public int hashCode() {
    return Objects.hash(toJson());
  }

  @Override
  public String toString() {
    return toJson();
  }
}
