package dev.souk.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class ListingKeyTest {
  @Test
  void isSiteCodeSlashListingId() {
    assertEquals("avito/56620071", ListingKey.of("avito", "56620071"));
    assertEquals("noon/N53346840A", ListingKey.of(Site.NOON, "N53346840A"));
  }

  @Test
  void crawlStateSpellsItTheSameWay() {
    CrawlState state = CrawlState.create("mubawab", "8257903", "f", "https://www.mubawab.ma/fr/a/8257903", null, null, Instant.now());
    assertEquals(ListingKey.of(Site.MUBAWAB, "8257903"), state.listingKey());
  }
}
