package dev.souk.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.souk.model.PropertyListing;
import dev.souk.transforms.SilverSamples;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class PropertyStarSchemaTest {
  private static final StarCoverage<PropertyListing> COVERAGE = new StarCoverage<>(
      PropertyListing.class, PropertyStarSchema::rowsFor, PropertyStarSchema.TABLES,
      PropertyStarSchema.FACT_PROPERTY_LISTING, PropertyStarSchema.NOT_IN_STAR,
      Map.of("source", "mubawab"));

  @Test
  void everySilverFieldIsInTheStarOrListedAsNot() {
    COVERAGE.assertEverySilverFieldIsInTheStarOrListed(SilverSamples.fullProperty());
  }

  @Test
  void everyFactColumnIsSetFromTheListing() {
    COVERAGE.assertEveryFactColumnIsSetFromTheListing(SilverSamples.fullProperty());
  }

  @Test
  void everyTableGetsARow() {
    COVERAGE.assertEveryTableGetsARow(SilverSamples.fullProperty());
  }

  @Test
  void factColumnsHoldTheirOwnValues() {
    PropertyListing l = SilverSamples.fullProperty();
    Row fact = fact(l);
    assertEquals("rent", fact.getString("offer"));
    assertEquals(new BigDecimal("7000"), fact.getDecimal("price_amount"));
    assertEquals(new BigDecimal("70.00"), fact.getDecimal("price_per_m2"), "per m² of living surface");
    assertEquals(120.0, fact.getDouble("surface_total_m2"));
    assertEquals(100.0, fact.getDouble("surface_living_m2"));
    assertEquals(4, fact.getInt32("rooms"));
    assertEquals(3, fact.getInt32("bedrooms"));
    assertEquals(2, fact.getInt32("bathrooms"));
    assertEquals(2, fact.getInt32("floor"));
    assertEquals(1, fact.getInt32("image_count"));
    assertEquals(2, fact.getInt32("equipment_count"));
    assertEquals(20250310, fact.getInt32("published_date_key"));
    assertEquals(20250314, fact.getInt32("scraped_date_key"));
    assertEquals(l.getContentHash(), fact.getString("content_hash"));
    assertEquals(l.getScrapedAt(), fact.getDateTime("scraped_at").toInstant());
    // md5('MA-rabat-agdal'): generate_surrogate_key(['country', 'city', 'neighbourhood'])
    assertEquals("4d3707c0e9d4b5829a2eae793b25b17e", fact.getString("location_key"));
    // md5('avito'): generate_surrogate_key(['source_code'])
    assertEquals("a9b14f06758a8dff4f5b57724cc2c7b7", fact.getString("source_key"));
  }

  @Test
  void aMinimalListingHasNullsAndUnknowns() {
    PropertyListing l = SilverSamples.minimalProperty();
    Row fact = fact(l);
    assertNull(fact.getValue("published_date_key"));
    assertNull(fact.getValue("price_per_m2"));
    Row type = PropertyStarSchema.rowsFor(l).stream()
        .filter(r -> r.table().equals(PropertyStarSchema.DIM_PROPERTY_TYPE)).findFirst().orElseThrow().row();
    assertEquals("unknown", type.getString("property_type"));
    // No city, no neighbourhood: md5('MA-_dbt_utils_surrogate_key_null_-_dbt_utils_surrogate_key_null_')
    assertEquals("13c4befa3ef3250f2f947ae5728b82f0", fact.getString("location_key"));
  }

  private static Row fact(PropertyListing l) {
    List<TableRow> rows = PropertyStarSchema.rowsFor(l);
    return rows.stream().filter(r -> r.table().equals(PropertyStarSchema.FACT_PROPERTY_LISTING))
        .findFirst().orElseThrow().row();
  }
}
