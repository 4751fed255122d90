package dev.souk.transforms.model;

import dev.souk.io.warehouse.WarehouseTable;
import dev.souk.model.PropertyListing;
import dev.souk.model.Site;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The real-estate star schema: {@code fact_property_listing} at the grain of one listing
 * version (a listing whose content changed — a price drop — gets a new fact row; a re-scrape of
 * an unchanged listing does not), with surrogate-keyed dimensions for source, location, property
 * type, seller, listing URL and date (role-played as published and scraped date).
 *
 * <p>Pure mapping from a silver listing to its rows; {@link ModelPropertyStarSchema} runs it.
 */
public final class PropertyStarSchema {
  private PropertyStarSchema() {}

  private static final FieldType NULLABLE_STRING = FieldType.STRING.withNullable(true);
  private static final FieldType NULLABLE_INT = FieldType.INT32.withNullable(true);
  private static final FieldType NULLABLE_DOUBLE = FieldType.DOUBLE.withNullable(true);

  public static final WarehouseTable DIM_SOURCE = WarehouseTable.of("dim_source",
      Schema.builder()
          .addInt64Field("source_key")
          .addStringField("source_code")
          .addStringField("source_domain")
          .addStringField("country")
          .addStringField("default_currency")
          .addStringField("source_type")
          .build(),
      List.of("source_key"));

  public static final WarehouseTable DIM_LOCATION = WarehouseTable.of("dim_location",
      Schema.builder()
          .addInt64Field("location_key")
          .addStringField("country")
          .addField("city", NULLABLE_STRING)
          .addField("neighbourhood", NULLABLE_STRING)
          .build(),
      List.of("location_key"));

  public static final WarehouseTable DIM_PROPERTY_TYPE = WarehouseTable.of("dim_property_type",
      Schema.builder()
          .addInt64Field("property_type_key")
          .addStringField("property_type")
          .build(),
      List.of("property_type_key"));

  public static final WarehouseTable DIM_SELLER = WarehouseTable.of("dim_seller",
      Schema.builder()
          .addInt64Field("seller_key")
          .addStringField("source_code")
          .addStringField("seller_name")
          .addField("seller_display_name", NULLABLE_STRING)
          .addField("seller_url", NULLABLE_STRING)
          .addField("is_store", FieldType.BOOLEAN.withNullable(true))
          .build(),
      List.of("seller_key"));

  public static final WarehouseTable DIM_LISTING_URL = WarehouseTable.of("dim_listing_url",
      Schema.builder()
          .addInt64Field("listing_url_key")
          .addStringField("source_code")
          .addStringField("listing_id")
          .addStringField("full_url")
          .build(),
      List.of("listing_url_key"));

  public static final WarehouseTable DIM_DATE = WarehouseTable.of("dim_date",
      Schema.builder()
          .addInt32Field("date_key")
          .addLogicalTypeField("full_date", SqlTypes.DATE)
          .addInt32Field("year")
          .addInt32Field("month")
          .addInt32Field("day")
          .addInt32Field("iso_day_of_week")
          .build(),
      List.of("date_key"));

  public static final WarehouseTable FACT_PROPERTY_LISTING = WarehouseTable.of("fact_property_listing",
      Schema.builder()
          .addInt64Field("listing_version_key")
          .addInt64Field("listing_url_key")
          .addInt64Field("source_key")
          .addInt64Field("location_key")
          .addInt64Field("property_type_key")
          .addInt64Field("seller_key")
          .addField("published_date_key", NULLABLE_INT)
          .addInt32Field("scraped_date_key")
          .addField("offer", NULLABLE_STRING)
          .addField("price_amount", FieldType.DECIMAL.withNullable(true))
          .addField("price_currency", NULLABLE_STRING)
          .addBooleanField("price_on_request")
          .addField("price_per_m2", FieldType.DECIMAL.withNullable(true))
          .addField("surface_total_m2", NULLABLE_DOUBLE)
          .addField("surface_living_m2", NULLABLE_DOUBLE)
          .addField("rooms", NULLABLE_INT)
          .addField("bedrooms", NULLABLE_INT)
          .addField("bathrooms", NULLABLE_INT)
          .addField("floor", NULLABLE_INT)
          .addInt32Field("image_count")
          .addInt32Field("equipment_count")
          .addStringField("content_hash")
          .addDateTimeField("scraped_at")
          .build(),
      List.of("listing_version_key"));

  /** Every table, dimensions first (the order a warehouse with enforced foreign keys needs). */
  public static final List<WarehouseTable> TABLES = List.of(
      DIM_SOURCE, DIM_LOCATION, DIM_PROPERTY_TYPE, DIM_SELLER, DIM_LISTING_URL, DIM_DATE, FACT_PROPERTY_LISTING);

  /** Seller name used as the natural key when the page shows none. */
  static final String UNKNOWN = "unknown";

  /**
   * The rows one listing contributes, by table name: one fact row and its dimension rows (the
   * date dimension once or twice, keyed {@code dim_date} and {@code dim_date#published}).
   */
  public static Map<String, Row> rowsFor(PropertyListing l) {
    Site site = Site.fromCode(l.getSource());
    Map<String, Row> rows = new LinkedHashMap<>();

    long sourceKey = SurrogateKey.of("source", site.code());
    rows.put(DIM_SOURCE.name(), Row.withSchema(DIM_SOURCE.schema())
        .addValues(sourceKey, site.code(), site.domain(), site.country(), site.defaultCurrency(), site.sourceType())
        .build());

    long locationKey = SurrogateKey.of("location", site.country(), l.getCity(), l.getNeighbourhood());
    rows.put(DIM_LOCATION.name(), Row.withSchema(DIM_LOCATION.schema())
        .addValues(locationKey, site.country(), l.getCity(), l.getNeighbourhood())
        .build());

    String propertyType = l.getPropertyType() == null ? UNKNOWN : l.getPropertyType();
    long propertyTypeKey = SurrogateKey.of("property_type", propertyType);
    rows.put(DIM_PROPERTY_TYPE.name(), Row.withSchema(DIM_PROPERTY_TYPE.schema())
        .addValues(propertyTypeKey, propertyType)
        .build());

    String sellerName = sellerKeyName(l.getSellerName());
    long sellerKey = SurrogateKey.of("seller", site.code(), sellerName);
    rows.put(DIM_SELLER.name(), Row.withSchema(DIM_SELLER.schema())
        .addValues(sellerKey, site.code(), sellerName, l.getSellerName(), l.getSellerUrl(), l.getSellerIsStore())
        .build());

    long urlKey = SurrogateKey.of("listing_url", site.code(), l.getListingId());
    rows.put(DIM_LISTING_URL.name(), Row.withSchema(DIM_LISTING_URL.schema())
        .addValues(urlKey, site.code(), l.getListingId(), l.getUrl())
        .build());

    LocalDate scraped = utcDate(l.getScrapedAt());
    rows.put(DIM_DATE.name(), dateRow(scraped));
    Integer publishedKey = null;
    if (l.getPublishedAt() != null) {
      LocalDate published = utcDate(l.getPublishedAt());
      publishedKey = dateKey(published);
      rows.put(DIM_DATE.name() + "#published", dateRow(published));
    }

    rows.put(FACT_PROPERTY_LISTING.name(), Row.withSchema(FACT_PROPERTY_LISTING.schema())
        .addValues(
            SurrogateKey.of("listing_version", site.code(), l.getListingId(), l.getContentHash()),
            urlKey, sourceKey, locationKey, propertyTypeKey, sellerKey,
            publishedKey, dateKey(scraped),
            l.getOffer(), l.getPriceAmount(), l.getPriceCurrency(), l.getPriceOnRequest(),
            pricePerM2(l),
            l.getSurfaceTotalM2(), l.getSurfaceLivingM2(),
            l.getRooms(), l.getBedrooms(), l.getBathrooms(), l.getFloor(),
            l.getImages().size(), l.getEquipments().size(),
            l.getContentHash(), l.getScrapedAt().toDateTime())
        .build());
    return rows;
  }

  /**
   * Sellers are matched by a folded name (case, spacing) within a site: "Serraj Immobilier" and
   * "Serraj immobilier" are one agency.
   */
  static String sellerKeyName(@Nullable String displayName) {
    if (displayName == null || displayName.isBlank()) {
      return UNKNOWN;
    }
    return displayName.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** Price per m² of living (else total) surface, for the same currency; null when unknown. */
  static @Nullable BigDecimal pricePerM2(PropertyListing l) {
    Double surface = l.getSurfaceLivingM2() != null ? l.getSurfaceLivingM2() : l.getSurfaceTotalM2();
    if (l.getPriceAmount() == null || surface == null || surface <= 0) {
      return null;
    }
    return l.getPriceAmount().divide(BigDecimal.valueOf(surface), 2, RoundingMode.HALF_UP);
  }

  static int dateKey(LocalDate date) {
    return date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth();
  }

  private static LocalDate utcDate(Instant instant) {
    return java.time.Instant.ofEpochMilli(instant.getMillis()).atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static Row dateRow(LocalDate date) {
    return Row.withSchema(DIM_DATE.schema())
        .addValues(dateKey(date), date, date.getYear(), date.getMonthValue(), date.getDayOfMonth(),
            date.getDayOfWeek().getValue())
        .build();
  }
}
