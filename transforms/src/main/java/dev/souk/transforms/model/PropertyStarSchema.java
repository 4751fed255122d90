package dev.souk.transforms.model;

import static dev.souk.transforms.model.ConformedDimensions.NULLABLE_STRING;

import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.model.PropertyListing;
import dev.souk.model.Site;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
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
          .addInt64Field("property_type_key")
          .addStringField("property_type")
          .build(),
      List.of("property_type_key"));

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

  /** Every table this schema writes, dimensions first. */
  public static final List<WarehouseTable> TABLES = List.of(
      ConformedDimensions.DIM_SOURCE, ConformedDimensions.DIM_LOCATION, DIM_PROPERTY_TYPE,
      ConformedDimensions.DIM_SELLER, ConformedDimensions.DIM_LISTING_URL, ConformedDimensions.DIM_DATE,
      FACT_PROPERTY_LISTING);

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
    long propertyTypeKey = SurrogateKey.of("property_type", propertyType);

    for (var dim : List.of(source, location, seller, url)) {
      rows.add(dim.row());
    }
    rows.add(scraped.row());
    if (published != null) {
      rows.add(published.row());
    }
    rows.add(new TableRow(DIM_PROPERTY_TYPE,
        Row.withSchema(DIM_PROPERTY_TYPE.schema()).addValues(propertyTypeKey, propertyType).build()));
    rows.add(new TableRow(FACT_PROPERTY_LISTING, Row.withSchema(FACT_PROPERTY_LISTING.schema())
        .addValues(
            SurrogateKey.of("listing_version", site.code(), l.getListingId(), l.getContentHash()),
            url.key(), source.key(), location.key(), propertyTypeKey, seller.key(),
            published == null ? null : published.key(), scraped.key(),
            l.getOffer(), l.getPriceAmount(), l.getPriceCurrency(), l.getPriceOnRequest(),
            pricePerM2(l),
            l.getSurfaceTotalM2(), l.getSurfaceLivingM2(),
            l.getRooms(), l.getBedrooms(), l.getBathrooms(), l.getFloor(),
            l.getImages().size(), l.getEquipments().size(),
            l.getContentHash(), l.getScrapedAt().toDateTime())
        .build()));
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
