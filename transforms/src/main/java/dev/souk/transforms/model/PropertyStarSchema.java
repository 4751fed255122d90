package dev.souk.transforms.model;

import static dev.souk.transforms.model.ConformedDimensions.NULLABLE_STRING;

import dev.souk.model.PropertyListing;
import dev.souk.model.Site;
import dev.souk.model.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The real-estate star schema: {@code fact_property_listing} at the grain of one listing
 * version (a listing whose content changed — a price drop — gets a new fact row; a re-scrape of
 * an unchanged listing does not), with {@code dim_property_type} and the {@link
 * ConformedDimensions} (source, location, seller, listing URL, date as published and scraped).
 */
public final class PropertyStarSchema {
  private PropertyStarSchema() {}

  private static final FieldType NULLABLE_INT = FieldType.INT32.withNullable(true);
  private static final FieldType NULLABLE_DOUBLE = FieldType.DOUBLE.withNullable(true);

  public static final WarehouseTable DIM_PROPERTY_TYPE = WarehouseTable.of("dim_property_type",
      Schema.builder()
          .addField("property_type_key", WarehouseTable.SURROGATE_KEY)
          .addStringField("property_type")
          .build(),
      List.of("property_type_key"));

  public static final WarehouseTable FACT_PROPERTY_LISTING = WarehouseTable.of("fact_property_listing",
      Schema.builder()
          .addField("listing_version_key", WarehouseTable.SURROGATE_KEY)
          .addField("listing_url_key", WarehouseTable.SURROGATE_KEY)
          .addField("source_key", WarehouseTable.SURROGATE_KEY)
          .addField("location_key", WarehouseTable.SURROGATE_KEY)
          .addField("property_type_key", WarehouseTable.SURROGATE_KEY)
          .addField("seller_key", WarehouseTable.SURROGATE_KEY)
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
          // Sorted codes, empty when clean (docs/sites.md §8.6): a filter, not a dimension.
          .addArrayField("quality_flags", FieldType.STRING)
          .addStringField("content_hash")
          .addDateTimeField("scraped_at")
          .build(),
      List.of("listing_version_key"));

  /** Every table this schema writes, dimensions first. */
  public static final List<WarehouseTable> TABLES = List.of(
      ConformedDimensions.DIM_SOURCE, ConformedDimensions.DIM_LOCATION, DIM_PROPERTY_TYPE,
      ConformedDimensions.DIM_SELLER, ConformedDimensions.DIM_LISTING_URL, ConformedDimensions.DIM_DATE,
      FACT_PROPERTY_LISTING);

  /**
   * Silver {@link PropertyListing} fields that no fact or dimension column is derived from, and
   * why. Every other silver field must reach the star ({@code PropertyStarSchemaTest} fails naming
   * a field that is in neither), so a field added to the silver schema is either mapped here or
   * left out on purpose.
   */
  public static final Map<String, String> NOT_IN_STAR = Collections.unmodifiableMap(new TreeMap<>(Map.of(
      "title", "free text; text analysis reads silver",
      "description", "free text; text analysis reads silver",
      "offerMatchesCrawl", "a crawl data-quality flag (bug 9.7), not a property of the listing",
      "condition", "not modelled in the star yet; in silver",
      "ageBucket", "not modelled in the star yet (the sites' buckets overlap); in silver",
      "zoning", "land zoning codes, a list; not modelled in the star yet; in silver",
      "latitude", "dim_location is by canonical name; coordinates stay in silver",
      "longitude", "dim_location is by canonical name; coordinates stay in silver")));

  /** The rows one listing contributes: its fact row and the dimension rows it references. */
  public static List<TableRow> rowsFor(PropertyListing l) {
    Site site = Site.fromCode(l.getSource());
    List<TableRow> rows = new ArrayList<>();
    var source = ConformedDimensions.source(site);
    var location = ConformedDimensions.location(site, l.getCity(), l.getNeighbourhood());
    var seller = ConformedDimensions.seller(site, l.getSellerName(), l.getSellerUrl(), l.getSellerIsStore());
    var url = ConformedDimensions.listingUrl(site, l.getListingId(), l.getUrl());
    var scraped = ConformedDimensions.date(l.getScrapedAt());
    var published = l.getPublishedAt() == null ? null : ConformedDimensions.date(l.getPublishedAt());
    String propertyType = l.getPropertyType() == null ? ConformedDimensions.UNKNOWN : l.getPropertyType();
    String propertyTypeKey = SurrogateKey.of(propertyType);

    for (var dim : List.of(source, location, seller, url)) {
      rows.add(dim.row());
    }
    rows.add(scraped.row());
    if (published != null) {
      rows.add(published.row());
    }
    rows.add(TableRow.of(DIM_PROPERTY_TYPE)
        .set("property_type_key", propertyTypeKey)
        .set("property_type", propertyType)
        .build());
    rows.add(TableRow.of(FACT_PROPERTY_LISTING)
        .set("listing_version_key",
            SurrogateKey.of(site.code(), l.getListingId(), l.getContentHash()))
        .set("listing_url_key", url.key())
        .set("source_key", source.key())
        .set("location_key", location.key())
        .set("property_type_key", propertyTypeKey)
        .set("seller_key", seller.key())
        .set("published_date_key", published == null ? null : published.key())
        .set("scraped_date_key", scraped.key())
        .set("offer", l.getOffer())
        .set("price_amount", l.getPriceAmount())
        .set("price_currency", l.getPriceCurrency())
        .set("price_on_request", l.getPriceOnRequest())
        .set("price_per_m2", pricePerM2(l))
        .set("surface_total_m2", l.getSurfaceTotalM2())
        .set("surface_living_m2", l.getSurfaceLivingM2())
        .set("rooms", l.getRooms())
        .set("bedrooms", l.getBedrooms())
        .set("bathrooms", l.getBathrooms())
        .set("floor", l.getFloor())
        .set("image_count", l.getImages().size())
        .set("equipment_count", l.getEquipments().size())
        .set("quality_flags", l.getQualityFlags())
        .set("content_hash", l.getContentHash())
        .set("scraped_at", l.getScrapedAt().toDateTime())
        .build());
    return rows;
  }

  /** Price per m² of living (else total) surface, in the price's currency; null when unknown. */
  static @Nullable BigDecimal pricePerM2(PropertyListing l) {
    Double surface = l.getSurfaceLivingM2() != null ? l.getSurfaceLivingM2() : l.getSurfaceTotalM2();
    if (l.getPriceAmount() == null || surface == null || surface <= 0) {
      return null;
    }
    return l.getPriceAmount().divide(BigDecimal.valueOf(surface), 2, RoundingMode.HALF_UP);
  }
}
