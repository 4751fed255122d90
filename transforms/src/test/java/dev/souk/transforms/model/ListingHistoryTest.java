package dev.souk.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.transforms.SilverFields;
import dev.souk.transforms.SilverSamples;
import dev.souk.transforms.markets.Markets;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class ListingHistoryTest {
  private static final Instant T1 = Instant.parse("2025-01-05T10:00:00Z");
  private static final Instant T2 = Instant.parse("2025-02-20T08:00:00Z");
  private static final Instant T3 = Instant.parse("2025-04-01T00:00:00Z");

  private static Row v(String hash, Instant at, String price) {
    return ListingHistory.version("avito", "42", hash, at, price == null ? null : new BigDecimal(price),
        price == null ? null : "MAD", price == null);
  }

  @Test
  void versionsChainIntoValidityRangesInScrapeOrder() {
    // Given out of order, as stored and new versions arrive.
    List<Row> rows = ListingHistory.rowsFor(List.of(v("c", T3, null), v("a", T1, "900000"), v("b", T2, "850000")))
        .stream().map(TableRow::row).toList();

    assertEquals(List.of("a", "b", "c"), rows.stream().map(r -> r.getString("content_hash")).toList());
    assertEquals(List.of(1, 2, 3), rows.stream().map(r -> r.getInt32("version_number")).toList());
    assertEquals(T1, rows.get(0).getDateTime("valid_from").toInstant());
    assertEquals(20250105, rows.get(0).getInt32("valid_from_date_key"), "dim_date's key, as scraped_date_key");
    assertEquals(T2, rows.get(0).getDateTime("valid_to").toInstant(), "a version ends where the next begins");
    assertEquals(T3, rows.get(1).getDateTime("valid_to").toInstant());
    assertNull(rows.get(2).getValue("valid_to"), "the current version is open");
    assertEquals(List.of(false, false, true), rows.stream().map(r -> r.getBoolean("is_current")).toList());
    assertEquals(new BigDecimal("850000"), rows.get(1).getDecimal("price_amount"));
    assertTrue(rows.get(2).getBoolean("price_on_request"));
    assertNull(rows.get(2).getValue("price_currency"));
  }

  @Test
  void keysAreTheFactsAndTheListingsKeys() {
    PropertyListing l = SilverSamples.fullProperty();
    Row history = ListingHistory.rowsFor(List.of(ListingHistory.version(l.getSource(), l.getListingId(),
        l.getContentHash(), l.getScrapedAt(), l.getPriceAmount(), l.getPriceCurrency(), l.getPriceOnRequest())))
        .get(0).row();
    Row fact = PropertyStarSchema.rowsFor(l).stream()
        .filter(r -> r.table().equals(PropertyStarSchema.FACT_PROPERTY_LISTING)).findFirst().orElseThrow().row();
    assertEquals(fact.getString("listing_version_key"), history.getString("listing_version_key"));
    assertEquals(fact.getString("listing_url_key"), history.getString("listing_url_key"));
    assertEquals(l.getListingId(), history.getString("listing_id"));
  }

  @Test
  void aVersionGivenTwiceIsOneRowAtItsFirstScrapeAndEqualTimesOrderByHash() {
    List<Row> rows = ListingHistory.rowsFor(List.of(v("b", T1, "1"), v("a", T2, "2"), v("a", T1, "2")))
        .stream().map(TableRow::row).toList();
    assertEquals(2, rows.size());
    assertEquals(List.of("a", "b"), rows.stream().map(r -> r.getString("content_hash")).toList());
    assertEquals(T1, rows.get(0).getDateTime("valid_to").toInstant(), "a zero-length range, not a lost version");
  }

  @Test
  void versionsOfTwoListingsAreRefused() {
    Row other = ListingHistory.version("avito", "43", "x", T2, null, null, true);
    assertThrows(IllegalArgumentException.class, () -> ListingHistory.rowsFor(List.of(v("a", T1, "1"), other)));
  }

  @Test
  void bothMarketsSilverTablesHaveTheColumnsTheHistoryReads() {
    for (var market : Markets.all()) {
      Schema silver = SilverFields.schema(market.silverType());
      // The same types as VERSION's, so silver rows read back convert without loss.
      assertTrue(ListingHistory.silverColumns(silver).equivalent(ListingHistory.VERSION), market.name());
      assertTrue(market.starSchema().hasHistory(), market.name());
      assertTrue(market.starSchema().tables().contains(ListingHistory.TABLE), market.name());
    }
  }

  @Test
  void aSilverRowBecomesAVersion() {
    PhoneListing phone = SilverSamples.fullPhone();
    Row version = ListingHistory.version(SilverFields.toRow(PhoneListing.class, phone));
    assertEquals(phone.getContentHash(), version.getString("contentHash"));
    assertEquals(phone.getScrapedAt(), version.getDateTime("scrapedAt").toInstant());
    assertEquals(phone.getPriceAmount(), version.getDecimal("priceAmount"));
  }
}
