package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class PropertyListingNormaliserTest {

  @Test
  void everyRealRecordBecomesAConsistentRow() throws Exception {
    int rows = 0;
    for (RealRecords.Record r : RealRecords.all()) {
      PropertyListing l = PropertyListingNormaliser.normalise(r.raw(), r.recordedOffer());
      String where = r.file() + " " + r.fields().listingId;
      String pageOnly = PropertyListingNormaliser.normalise(r.raw(), null).getOffer();
      assertEquals(r.site(), l.getSource(), where);
      assertFalse(l.getUrl().contains("?") || l.getUrl().contains("#"), where);
      assertNotNull(l.getPropertyType(), where);
      if (r.recordedOffer() != null) {
        String recorded = r.recordedOffer().startsWith("loc") ? "rent" : "sale";
        assertEquals(recorded, l.getOffer(), where);
        // What the page says alone never contradicts the crawl mode in this data.
        assertTrue(pageOnly == null || pageOnly.equals(recorded), where + ": page says " + pageOnly);
        assertEquals(pageOnly == null ? null : true, l.getOfferMatchesCrawl(), where);
      } else {
        assertNotNull(pageOnly, where + ": no crawl mode recorded, so the page must say it");
        assertNull(l.getOfferMatchesCrawl(), where);
      }
      if (r.fields().breadcrumbs.contains("Tout le Maroc") || r.site().equals("mubawab")) {
        assertNotNull(l.getCity(), where);
      }
      assertEquals(l.getPriceAmount() == null, l.getPriceCurrency() == null, where);
      assertEquals(RealRecords.SCRAPED, l.getScrapedAt());
      assertEquals(ContentHash.of(l), l.getContentHash(), where);
      assertEquals(64, l.getContentHash().length());
      rows++;
    }
    assertTrue(rows > 200, "rows: " + rows);
  }

  @Test
  void avitoRecordWithPollutedEquipments() throws Exception {
    RawListingFields f = new RawListingFields();
    f.url = "https://www.avito.ma/fr/autre_secteur/bureaux/Bureau_à_louer_Bendibane_57133177.htm?utm=x#top";
    f.title = "Bureau à louer  Bendibane";
    f.priceText = "5\u202F500 DH";
    f.breadcrumbs = List.of("Home Icon Accueil", "Tout le Maroc", "Tanger", "Autre secteur", "Avito Immobilier",
        "Bureaux", "Bureau à louer Bendibane");
    f.category = "Bureaux, à louer";
    f.attributes = Map.of("Salle de bain", "1", "Surface totale", "75", "Frais de syndic / mois", "200",
        "Nombre de pièces", "3", "Étage", "4");
    f.equipments = List.of("1", "75", "200", "3", "4", "Ascenseur");
    f.sellerName = "  AWRACH imobilier ";
    f.publishedText = "2025-11-02 12:15:03";
    PropertyListing l = PropertyListingNormaliser.normalise(raw("avito", "57133177", f), "sale");

    assertEquals("https://www.avito.ma/fr/autre_secteur/bureaux/Bureau_à_louer_Bendibane_57133177.htm", l.getUrl());
    assertEquals("rent", l.getOffer(), "the page beats the crawl hint");
    assertEquals("office", l.getPropertyType());
    assertEquals(new BigDecimal("5500"), l.getPriceAmount());
    assertEquals("MAD", l.getPriceCurrency());
    assertEquals("tanger", l.getCity());
    assertNull(l.getNeighbourhood());
    assertEquals(75.0, l.getSurfaceTotalM2());
    assertEquals(3, l.getRooms());
    assertEquals(1, l.getBathrooms());
    assertEquals(4, l.getFloor());
    assertEquals(List.of("ascenseur"), l.getEquipments());
    assertEquals("AWRACH imobilier", l.getSellerName());
    assertEquals(Instant.parse("2025-11-02T11:15:03Z"), l.getPublishedAt());
    assertEquals("Bureau à louer Bendibane", l.getTitle());
  }

  @Test
  void mubawabRecordFromItsLocationLineAndIcons() throws Exception {
    RawListingFields f = new RawListingFields();
    f.url = "https://www.mubawab.ma/fr/a/8257884/joli-appartement";
    f.title = "Joli Appartement 2 Chambres Meublé à CFC 134m²";
    f.priceText = "999\u00A0999 EUR";
    f.locationText = "Casablanca Finance City à\n\t\t\t\t\t\t\tCasablanca";
    f.attributes = Map.of("Type de bien", "Appartement", "2 Chambres", "2 Chambres",
        "Salle de bain", "2 Salles de bains", "Surface", "134\n\t\t\t\t\t\tm²", "Étage du bien", "1er");
    f.equipments = List.of("Antenne parabolique", "Chambre rangement", "Air Conditioning");
    f.sellerName = "null";
    f.sellerUrl = "https://www.mubawab.ma/fr/b/9846/feel-home";
    f.latitude = "33.547117579470296";
    f.longitude = "-7.675495147705078";
    PropertyListing l = PropertyListingNormaliser.normalise(raw("mubawab", "8257884", f), "rent");

    assertEquals("apartment", l.getPropertyType());
    assertEquals("rent", l.getOffer(), "no offer on the page: the crawl hint");
    assertEquals(new BigDecimal("999999"), l.getPriceAmount());
    assertEquals("EUR", l.getPriceCurrency());
    assertEquals("casablanca", l.getCity());
    assertEquals("casablanca finance city", l.getNeighbourhood());
    assertEquals(2, l.getBedrooms());
    assertEquals(2, l.getBathrooms());
    assertEquals(1, l.getFloor());
    assertEquals(134.0, l.getSurfaceLivingM2());
    assertEquals(List.of("antenne_parabolique", "chambre_rangement", "climatisation"), l.getEquipments());
    assertNull(l.getSellerName());
    assertEquals("https://www.mubawab.ma/fr/b/9846/feel-home", l.getSellerUrl());
    assertEquals(33.547117579470296, l.getLatitude());
    assertNull(l.getPublishedAt());
  }

  /** A rental page ("à louer" category) reached in the given crawl mode. */
  private static PropertyListing rentalPage(String hint, String crawlMode) throws Exception {
    RawListingFields f = new RawListingFields();
    f.url = "https://www.avito.ma/fr/maarif/appartements/Appartement_57000001.htm";
    f.category = "Appartements, à louer";
    f.crawlMode = crawlMode;
    return PropertyListingNormaliser.normalise(raw("avito", "57000001", f), hint);
  }

  @Test
  void offerAgreesWithTheCrawlMode() throws Exception {
    PropertyListing l = rentalPage("rent", null);
    assertEquals("rent", l.getOffer());
    assertEquals(true, l.getOfferMatchesCrawl());
    assertEquals(true, rentalPage("location", null).getOfferMatchesCrawl(), "the original's mode words");
  }

  @Test
  void offerDisagreesWithTheCrawlMode() throws Exception {
    PropertyListing l = rentalPage("sale", null);
    assertEquals("rent", l.getOffer(), "the page wins");
    assertEquals(false, l.getOfferMatchesCrawl());
    assertEquals(false, rentalPage(null, "sale").getOfferMatchesCrawl(), "the payload's own crawl mode");
    assertEquals(true, rentalPage("rent", "sale").getOfferMatchesCrawl(), "the hint beats the payload's mode");
  }

  @Test
  void offerFlagIsNullWhenThePageIsSilent() throws Exception {
    RawListingFields f = new RawListingFields();
    f.url = "https://www.mubawab.ma/fr/a/8257884/joli-appartement";
    f.title = "Joli appartement";
    PropertyListing l = PropertyListingNormaliser.normalise(raw("mubawab", "8257884", f), "sale");
    assertEquals("sale", l.getOffer(), "the crawl mode fills in");
    assertNull(l.getOfferMatchesCrawl());
  }

  @Test
  void offerFlagIsNullWithoutACrawlMode() throws Exception {
    PropertyListing l = rentalPage(null, null);
    assertEquals("rent", l.getOffer());
    assertNull(l.getOfferMatchesCrawl());
  }

  @Test
  void contentHashCoversTheBucketsButNotHowTheCrawlFoundTheAd() throws Exception {
    PropertyListing l = rentalPage("rent", null);
    // Whether the crawl mode agreed with the page says how we found the ad, not what it says.
    assertEquals(l.getContentHash(), ContentHash.of(l.toBuilder().setOfferMatchesCrawl(false).build()));
    assertNotEquals(l.getContentHash(), ContentHash.of(l.toBuilder().setCondition("good").build()));
    assertNotEquals(l.getContentHash(), ContentHash.of(l.toBuilder().setAgeBucket("1_5_years").build()));
    assertNotEquals(l.getContentHash(), ContentHash.of(l.toBuilder().setZoning(List.of("house")).build()));
  }

  @Test
  void contentHashIgnoresTheScrapeTimeButNotThePrice() throws Exception {
    RawListingFields f = new RawListingFields();
    f.url = "https://www.mubawab.ma/fr/a/1/x";
    f.priceText = "3 500 DH";
    PropertyListing a = PropertyListingNormaliser.normalise(raw("mubawab", "1", f), "rent");
    RawListing later = RawListing.create("mubawab", "1", f.url, f.toJson(), RawListingFields.FORMAT, "test",
        RealRecords.SCRAPED.plus(86_400_000L), RealRecords.SCRAPED);
    assertEquals(a.getContentHash(), PropertyListingNormaliser.normalise(later, "rent").getContentHash());
    f.priceText = "3 400 DH";
    assertNotEquals(a.getContentHash(), PropertyListingNormaliser.normalise(raw("mubawab", "1", f), "rent").getContentHash());
  }

  @Test
  void aRelativePublicationTimeDoesNotMakeARescrapeANewVersion() throws Exception {
    RawListingFields f = new RawListingFields();
    f.url = "https://www.avito.ma/fr/agdal/appartements/Appartement_57146007.htm";
    f.title = "Appartement";
    f.priceText = "7 000 DH";
    f.publishedText = "il y a 5 heures";
    PropertyListing first = PropertyListingNormaliser.normalise(raw("avito", "57146007", f), "rent");
    RawListing anHourLater = RawListing.create("avito", "57146007", f.url, f.toJson(), RawListingFields.FORMAT,
        "test", RealRecords.SCRAPED.plus(3_600_000L), RealRecords.SCRAPED);
    PropertyListing second = PropertyListingNormaliser.normalise(anHourLater, "rent");
    assertNotEquals(first.getPublishedAt(), second.getPublishedAt());
    assertEquals(first.getContentHash(), second.getContentHash());
  }

  @Test
  void failuresCarryAReason() {
    RawListingFields f = new RawListingFields();
    f.url = "https://www.avito.ma/fr/x/appartements/A_1.htm";
    assertEquals("unknown_site", reason(raw("sarouty", "1", f)));
    assertEquals("unknown_site", reason(raw("noon", "1", f)));
    assertEquals("missing_listing_id", reason(raw("avito", " ", f)));
    assertEquals("bad_payload", reason(RawListing.create("avito", "1", f.url, "{not json", RawListingFields.FORMAT,
        "test", RealRecords.SCRAPED, RealRecords.SCRAPED)));
    assertEquals("bad_payload", reason(RawListing.create("avito", "1", f.url, f.toJson(), "kafka-avito-v1",
        "test", RealRecords.SCRAPED, RealRecords.SCRAPED)));
    f.url = "not a url";
    assertEquals("bad_url", reason(RawListing.create("avito", "1", "not a url", f.toJson(), RawListingFields.FORMAT,
        "test", RealRecords.SCRAPED, RealRecords.SCRAPED)));
  }

  private static String reason(RawListing raw) {
    NormalisationException e =
        assertThrows(NormalisationException.class, () -> PropertyListingNormaliser.normalise(raw, null));
    assertFalse(e.getMessage().isBlank());
    return e.reason();
  }

  private static RawListing raw(String site, String id, RawListingFields f) {
    return RawListing.create(site, id, f.url, f.toJson(), RawListingFields.FORMAT, "test", RealRecords.SCRAPED,
        RealRecords.SCRAPED);
  }
}
