package dev.souk.transforms.model;

import static dev.souk.transforms.model.ConformedDimensions.NULLABLE_STRING;

import dev.souk.model.PhoneListing;
import dev.souk.model.Site;
import dev.souk.model.warehouse.WarehouseTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * The used-phone star schema of the original design: {@code fact_used_phone_listings} (one row
 * per listing version) with {@code dim_product(brand, model, storage_gb)} and the {@link
 * ConformedDimensions} (source, seller, listing URL, location, date).
 */
public final class PhoneStarSchema {
  private PhoneStarSchema() {}

  private static final FieldType NULLABLE_INT = FieldType.INT32.withNullable(true);

  public static final WarehouseTable DIM_PRODUCT = WarehouseTable.of("dim_product",
      Schema.builder()
          .addField("product_key", WarehouseTable.SURROGATE_KEY)
          .addStringField("brand")
          .addField("model", NULLABLE_STRING)
          .addField("storage_gb", NULLABLE_INT)
          .build(),
      List.of("product_key"));

  public static final WarehouseTable FACT_USED_PHONE_LISTINGS = WarehouseTable.of("fact_used_phone_listings",
      Schema.builder()
          .addField("listing_version_key", WarehouseTable.SURROGATE_KEY)
          .addField("listing_url_key", WarehouseTable.SURROGATE_KEY)
          .addField("source_key", WarehouseTable.SURROGATE_KEY)
          .addField("product_key", WarehouseTable.SURROGATE_KEY)
          .addField("seller_key", WarehouseTable.SURROGATE_KEY)
          .addField("location_key", WarehouseTable.SURROGATE_KEY)
          .addInt32Field("scraped_date_key")
          .addField("price_amount", FieldType.DECIMAL.withNullable(true))
          .addField("price_currency", NULLABLE_STRING)
          .addBooleanField("price_negotiable")
          .addBooleanField("price_on_request")
          .addField("condition", NULLABLE_STRING)
          .addField("battery_health_pct", NULLABLE_INT)
          .addField("ram_gb", NULLABLE_INT)
          .addField("colour", NULLABLE_STRING)
          .addField("warranty_months", NULLABLE_INT)
          .addField("warranty_scope", NULLABLE_STRING)
          // Sorted codes, empty when clean (docs/sites.md §8.6): a filter, not a dimension.
          .addArrayField("quality_flags", FieldType.STRING)
          .addStringField("content_hash")
          .addDateTimeField("scraped_at")
          .build(),
      List.of("listing_version_key"));

  public static final List<WarehouseTable> TABLES = List.of(
      ConformedDimensions.DIM_SOURCE, ConformedDimensions.DIM_LOCATION, DIM_PRODUCT,
      ConformedDimensions.DIM_SELLER, ConformedDimensions.DIM_LISTING_URL, ConformedDimensions.DIM_DATE,
      FACT_USED_PHONE_LISTINGS);

  /**
   * Silver {@link PhoneListing} fields that no fact or dimension column is derived from, and why.
   * Every other silver field must reach the star ({@code PhoneStarSchemaTest} fails naming a
   * field that is in neither), so a field added to the silver schema is either mapped here or
   * left out on purpose.
   */
  public static final Map<String, String> NOT_IN_STAR = Collections.unmodifiableMap(new TreeMap<>(Map.of(
      "title", "free text (and often cut short with \"...\"); brand, model and storage are parsed from it",
      "warranty", "the warranty as shown; its parsed warranty_months and warranty_scope are in the fact",
      "location", "the location line as shown; its parsed city and district are dim_location",
      "publishedAt", "the phone fact has no publication date; not modelled yet; in silver",
      "images", "the phone fact has no image count; not modelled yet; in silver")));

  /** The rows one listing contributes: its fact row and the dimension rows it references. */
  public static List<TableRow> rowsFor(PhoneListing l) {
    Site site = Site.fromCode(l.getSource());
    var source = ConformedDimensions.source(site);
    var location = ConformedDimensions.location(site, l.getCity(), l.getDistrict());
    var seller = ConformedDimensions.seller(site, l.getSellerName(), l.getSellerUrl(), null);
    var url = ConformedDimensions.listingUrl(site, l.getListingId(), l.getUrl());
    var scraped = ConformedDimensions.date(l.getScrapedAt());
    String brand = l.getBrand() == null ? ConformedDimensions.UNKNOWN : l.getBrand();
    String productKey = SurrogateKey.of(brand, l.getModel(), l.getStorageGb());

    List<TableRow> rows = new ArrayList<>();
    for (var dim : List.of(source, location, seller, url)) {
      rows.add(dim.row());
    }
    rows.add(scraped.row());
    rows.add(TableRow.of(DIM_PRODUCT)
        .set("product_key", productKey)
        .set("brand", brand)
        .set("model", l.getModel())
        .set("storage_gb", l.getStorageGb())
        .build());
    rows.add(TableRow.of(FACT_USED_PHONE_LISTINGS)
        .set("listing_version_key",
            SurrogateKey.of(site.code(), l.getListingId(), l.getContentHash()))
        .set("listing_url_key", url.key())
        .set("source_key", source.key())
        .set("product_key", productKey)
        .set("seller_key", seller.key())
        .set("location_key", location.key())
        .set("scraped_date_key", scraped.key())
        .set("price_amount", l.getPriceAmount())
        .set("price_currency", l.getPriceCurrency())
        .set("price_negotiable", l.getPriceNegotiable())
        .set("price_on_request", l.getPriceOnRequest())
        .set("condition", l.getCondition())
        .set("battery_health_pct", l.getBatteryHealthPct())
        .set("ram_gb", l.getRamGb())
        .set("colour", l.getColour())
        .set("warranty_months", l.getWarrantyMonths())
        .set("warranty_scope", l.getWarrantyScope())
        .set("quality_flags", l.getQualityFlags())
        .set("content_hash", l.getContentHash())
        .set("scraped_at", l.getScrapedAt().toDateTime())
        .build());
    return rows;
  }
}
