package dev.souk.transforms.model;

import dev.souk.model.Site;
import dev.souk.model.warehouse.WarehouseTable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Dimensions shared by every star schema (source, location, seller, listing URL, date), so that
 * real-estate and used-phone facts can be sliced by the same source, seller or calendar. Each
 * builder returns the surrogate key the fact references and the dimension row to upsert; each key
 * is made from the parts its {@link StarKeys} recipe names, in that order.
 */
public final class ConformedDimensions {
  private ConformedDimensions() {}

  static final FieldType NULLABLE_STRING = FieldType.STRING.withNullable(true);

  /** Seller name used as the natural key when the page shows none. */
  static final String UNKNOWN = "unknown";

  public static final WarehouseTable DIM_SOURCE = WarehouseTable.of("dim_source",
      Schema.builder()
          .addField("source_key", WarehouseTable.SURROGATE_KEY)
          .addStringField("source_code")
          .addStringField("source_domain")
          .addStringField("country")
          .addStringField("default_currency")
          .addStringField("source_type")
          .build(),
      List.of("source_key"));

  public static final WarehouseTable DIM_LOCATION = WarehouseTable.of("dim_location",
      Schema.builder()
          .addField("location_key", WarehouseTable.SURROGATE_KEY)
          .addStringField("country")
          .addField("city", NULLABLE_STRING)
          .addField("neighbourhood", NULLABLE_STRING)
          .build(),
      List.of("location_key"));

  public static final WarehouseTable DIM_SELLER = WarehouseTable.of("dim_seller",
      Schema.builder()
          .addField("seller_key", WarehouseTable.SURROGATE_KEY)
          .addStringField("source_code")
          .addStringField("seller_name")
          .addField("seller_display_name", NULLABLE_STRING)
          .addField("seller_url", NULLABLE_STRING)
          .addField("is_store", FieldType.BOOLEAN.withNullable(true))
          .build(),
      List.of("seller_key"));

  public static final WarehouseTable DIM_LISTING_URL = WarehouseTable.of("dim_listing_url",
      Schema.builder()
          .addField("listing_url_key", WarehouseTable.SURROGATE_KEY)
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

  public static final List<WarehouseTable> TABLES =
      List.of(DIM_SOURCE, DIM_LOCATION, DIM_SELLER, DIM_LISTING_URL, DIM_DATE);

  /** A surrogate key and the dimension row it names. */
  public record Keyed<K>(K key, TableRow row) {}

  public static Keyed<String> source(Site site) {
    String key = SurrogateKey.of(site.code());
    return new Keyed<>(key, TableRow.of(DIM_SOURCE)
        .set("source_key", key)
        .set("source_code", site.code())
        .set("source_domain", site.domain())
        .set("country", site.country())
        .set("default_currency", site.defaultCurrency())
        .set("source_type", site.sourceType())
        .build());
  }

  public static Keyed<String> location(Site site, @Nullable String city, @Nullable String neighbourhood) {
    String key = SurrogateKey.of(site.country(), city, neighbourhood);
    return new Keyed<>(key, TableRow.of(DIM_LOCATION)
        .set("location_key", key)
        .set("country", site.country())
        .set("city", city)
        .set("neighbourhood", neighbourhood)
        .build());
  }

  /**
   * Sellers are matched by a folded name (case, spacing) within a site: "Serraj Immobilier" and
   * "Serraj immobilier" are one agency.
   */
  public static Keyed<String> seller(Site site, @Nullable String displayName, @Nullable String url,
      @Nullable Boolean isStore) {
    String name = sellerKeyName(displayName);
    String key = SurrogateKey.of(site.code(), name);
    return new Keyed<>(key, TableRow.of(DIM_SELLER)
        .set("seller_key", key)
        .set("source_code", site.code())
        .set("seller_name", name)
        .set("seller_display_name", displayName)
        .set("seller_url", url)
        .set("is_store", isStore)
        .build());
  }

  public static Keyed<String> listingUrl(Site site, String listingId, String url) {
    String key = SurrogateKey.of(site.code(), listingId);
    return new Keyed<>(key, TableRow.of(DIM_LISTING_URL)
        .set("listing_url_key", key)
        .set("source_code", site.code())
        .set("listing_id", listingId)
        .set("full_url", url)
        .build());
  }

  /** The UTC calendar date of an instant, keyed yyyymmdd. */
  public static Keyed<Integer> date(Instant instant) {
    LocalDate date = java.time.Instant.ofEpochMilli(instant.getMillis()).atZone(ZoneOffset.UTC).toLocalDate();
    int key = date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth();
    return new Keyed<>(key, TableRow.of(DIM_DATE)
        .set("date_key", key)
        .set("full_date", date)
        .set("year", date.getYear())
        .set("month", date.getMonthValue())
        .set("day", date.getDayOfMonth())
        .set("iso_day_of_week", date.getDayOfWeek().getValue())
        .build());
  }

  static String sellerKeyName(@Nullable String displayName) {
    if (displayName == null || displayName.isBlank()) {
      return UNKNOWN;
    }
    return displayName.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
