package dev.souk.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.souk.model.PhoneListing;
import dev.souk.transforms.SilverSamples;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class PhoneStarSchemaTest {
  private static final StarCoverage<PhoneListing> COVERAGE = new StarCoverage<>(
      PhoneListing.class, PhoneStarSchema::rowsFor, PhoneStarSchema.TABLES,
      PhoneStarSchema.FACT_USED_PHONE_LISTINGS, PhoneStarSchema.NOT_IN_STAR,
      Map.of("source", "noon"));

  @Test
  void everySilverFieldIsInTheStarOrListedAsNot() {
    COVERAGE.assertEverySilverFieldIsInTheStarOrListed(SilverSamples.fullPhone());
  }

  @Test
  void everyFactColumnIsSetFromTheListing() {
    COVERAGE.assertEveryFactColumnIsSetFromTheListing(SilverSamples.fullPhone());
  }

  @Test
  void everyTableGetsARow() {
    COVERAGE.assertEveryTableGetsARow(SilverSamples.fullPhone());
  }

  @Test
  void factAndProductHoldTheirOwnValues() {
    PhoneListing l = SilverSamples.fullPhone();
    Row fact = row(l, PhoneStarSchema.FACT_USED_PHONE_LISTINGS.name());
    assertEquals(new BigDecimal("26900"), fact.getDecimal("price_amount"));
    assertEquals("EGP", fact.getString("price_currency"));
    assertEquals(true, fact.getBoolean("price_negotiable"));
    assertEquals(false, fact.getBoolean("price_on_request"));
    assertEquals("used", fact.getString("condition"));
    assertEquals(88, fact.getInt32("battery_health_pct"));
    assertEquals(6, fact.getInt32("ram_gb"));
    assertEquals("blue", fact.getString("colour"));
    assertEquals(12, fact.getInt32("warranty_months"));
    assertEquals("international", fact.getString("warranty_scope"));
    Row product = row(l, PhoneStarSchema.DIM_PRODUCT.name());
    assertEquals("Apple", product.getString("brand"));
    assertEquals("iPhone 13 Pro Max", product.getString("model"));
    assertEquals(256, product.getInt32("storage_gb"));
    // md5('Apple-iPhone 13 Pro Max-256'): generate_surrogate_key(['brand', 'model', 'storage_gb'])
    assertEquals("00a22e5192e4d457a060bf63d0e9537d", product.getString("product_key"));
    assertEquals(product.getString("product_key"), fact.getString("product_key"));
    // md5('dubizzle-201234567-4567cdef'): (source, listingId, contentHash) of the silver listing
    assertEquals("d34ce1e515d2faa9bfa9f26324ab7965", fact.getString("listing_version_key"));
  }

  private static Row row(PhoneListing l, String table) {
    return PhoneStarSchema.rowsFor(l).stream().filter(r -> r.table().name().equals(table))
        .findFirst().orElseThrow().row();
  }
}
