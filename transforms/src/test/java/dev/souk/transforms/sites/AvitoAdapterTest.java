package dev.souk.transforms.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.souk.io.Urls;
import dev.souk.model.RawListingFields;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AvitoAdapterTest {
  private final AvitoAdapter avito = new AvitoAdapter();

  /** Every detail URL the original crawled from the rent SERP (accents, ², repeated underscores). */
  @Test
  void idsOfEveryLoggedDetailUrl() {
    List<JsonNode> rows = Csv.rows(SampleSite.read("records/avito_detail_urls_from_airflow_logs_2025-10-31.csv"));
    assertTrue(rows.size() > 1000);
    for (JsonNode row : rows) {
      String url = row.get("url").asText();
      Optional<String> expected = Optional.of(row.get("id_from_url").asText());
      assertEquals(expected, avito.listingIdFromUrl(url), url);
      assertEquals(expected, avito.listingIdFromUrl(Urls.browserUrl(url) + "?utm_source=x#gallery"), url);
    }
  }

  @Test
  void idsOnlyFromAdUrlsOfAvito() {
    assertEquals(Optional.of("57146007"), avito.listingIdFromUrl("/fr/agdal/appartements/Appartement_%C3%A0_louer_60_m%C2%B2_Agdal_Rabat_57146007.htm"));
    assertEquals(Optional.of("57146007"), avito.listingIdFromUrl("https://www.avito.ma/fr/agdal/appartements/A_57146007%2Ehtm"));
    assertEquals(Optional.empty(), avito.listingIdFromUrl("https://immoneuf.avito.ma/fr/immoneuf/casablanca/Projet_12_4112.htm"));
    assertEquals(Optional.empty(), avito.listingIdFromUrl("https://www.mubawab.ma/fr/a/8248870/x_12.htm"));
    assertEquals(Optional.empty(), avito.listingIdFromUrl("https://www.avito.ma/fr/maroc/locations_immobilieres-%C3%A0_louer?o=2"));
    assertEquals(Optional.empty(), avito.listingIdFromUrl(null));
  }

  @Test
  void narrowNoBreakSpaceSurvivesInPrice() throws PageParseException {
    RawListingFields f = detail("56994067");
    assertEquals("7\u202F500 DH", f.priceText);
    assertEquals("2025-11-24T22:52:39.000Z", f.publishedText);
  }

  /** The one scrape that showed the city in Arabic was superseded; its page is kept as a variant. */
  @Test
  void arabicCityCrumbIsKept() throws PageParseException {
    JsonNode row = SampleSite.readJson(SampleSite.read("records/avito_raw_2025-11-03.jsonl").lines()
        .filter(l -> l.contains("\"ingest_ts\": \"2025-11-03 00:25:15.002000\"") && l.contains("56620071"))
        .findFirst().orElseThrow());
    JsonNode payload = SampleSite.readJson(row.get("payload").asText());
    String html = SampleSite.read("sample-site/avito/variants/56620071_20251103002515.html");
    RawListingFields f = avito.parseDetailPage(Urls.browserUrl(payload.get("url").asText()), html);
    assertEquals(List.of(payload.get("breadcrumbs").asText().replaceFirst("^Home Icon ", "").split(" > ")), f.breadcrumbs);
    assertEquals("الدار البيضاء", f.breadcrumbs.get(2));
    assertEquals("Accueil", f.breadcrumbs.get(0), "the home icon's svg title is not text");
  }

  @Test
  void equipmentsComeOnlyFromTheEquipmentBlock() throws PageParseException {
    RawListingFields f = detail("56994067");
    assertEquals(List.of("Ascenseur", "Concierge", "Meublé", "Parking", "Sécurité", "Terrasse"), f.equipments);
    assertEquals("95", f.attributes.get("Surface habitable"));
    assertEquals("https://www.avito.ma", f.sellerUrl);
    assertFalse(f.sellerIsStore);
  }

  /** Seller blocks of each store form (docs/sites.md §1.4): the badge, a shop link, an agency's name. */
  @Test
  void agenciesAreStoresByBadgeShopLinkOrName() throws PageParseException {
    String block = "<a href=\"https://www.avito.ma\" class=\"sc-1l0do2b-8\"><p class=\"sc-1l0do2b-9 UmWjzE\">khalid</p></a>";
    assertEquals(false, seller(block).sellerIsStore, "a private seller links to the home page");
    assertEquals(true, seller(block + "<a href=\"/fr/boutique?id=4649\">Voir la boutique</a>").sellerIsStore);
    assertEquals(true, seller(block.replace("https://www.avito.ma", "/fr/boutique?id=4649")).sellerIsStore);
    RawListingFields slug = seller(block.replace("https://www.avito.ma", "https://www.avito.ma/fr/boutique/agence-high-immo?id=879"));
    assertEquals(true, slug.sellerIsStore);
    assertEquals("https://www.avito.ma/fr/boutique/agence-high-immo?id=879", slug.sellerUrl);
    assertEquals(true, seller(block.replace("khalid", "Agence Bidar")).sellerIsStore);
    assertEquals(true, seller(block.replace("khalid", "الوكالة العقارية الثقة")).sellerIsStore);
    assertEquals(true, seller(block.replace("khalid", "YL Real Estate")).sellerIsStore);
  }

  /** Every real AMRES page whose seller links to a shop is a store, though the producer said false. */
  @Test
  void everySampleSellerWithAShopLinkIsAStore() throws PageParseException {
    int shops = 0;
    for (SampleSite.Entry e : SampleSite.entries("avito", "detail")) {
      if (!"listing".equals(e.expect())) {
        continue;
      }
      RawListingFields f = avito.parseDetailPage(e.url(), e.html());
      if (f.sellerUrl != null && f.sellerUrl.startsWith("https://www.avito.ma/fr/boutique")) {
        shops++;
        assertEquals(true, f.sellerIsStore, e.file());
      }
    }
    assertTrue(shops >= 28, shops + " shop sellers");
  }

  /** A gallery-like image inside a link to another ad is that ad's (a similar-ads card), never this one's. */
  @Test
  void imagesInLinksToOtherAdsAreNotTheListingsOwn() throws PageParseException {
    SampleSite.Entry e = entry("56994067");
    RawListingFields plain = avito.parseDetailPage(e.url(), e.html());
    String other = "https://content.avito.ma/classifieds/images/10139703349?t=images";
    String card = "<a href=\"https://www.avito.ma/fr/autre_secteur/appartements/splendide_appartement_56995816.htm\">"
        + "<div class=\"slick-slide\"><div class=\"picture\"><img src=\"" + other + "\"></div></div></a>";
    String self = "<a href=\"" + e.url() + "\"><div class=\"picture\"><img src=\"https://content.avito.ma/classifieds/images/1?t=images\"></div></a>";
    RawListingFields f = avito.parseDetailPage(e.url(), e.html().replace("</body>", card + self + "</body>"));
    assertFalse(f.images.contains(other));
    assertEquals(plain.images.size() + 1, f.images.size(), "a link to the ad itself keeps its image");
    assertTrue(plain.images.size() >= 8);
  }

  /** Page 56994067 with its seller block's content (a home-page link around "khalid") replaced. */
  private RawListingFields seller(String blockContent) throws PageParseException {
    SampleSite.Entry e = entry("56994067");
    String original = "<a href=\"https://www.avito.ma\" class=\"sc-1l0do2b-8\"><p class=\"sc-1l0do2b-9 UmWjzE\">khalid</p></a>";
    assertTrue(e.html().contains("data-test=\"av_sellerInfo\">" + original), "fixture's seller block");
    return avito.parseDetailPage(e.url(), e.html().replace(original, blockContent));
  }

  private static SampleSite.Entry entry(String id) {
    return SampleSite.entries("avito", "detail").stream().filter(x -> id.equals(x.recordId())).findFirst().orElseThrow();
  }

  /** The notebook payload from before time@datetime existed is served in the original's layout. */
  @Test
  void olderLayoutStillParses() throws PageParseException {
    SampleSite.Entry old = SampleSite.entries("avito", "detail").stream().filter(e -> "57133328".equals(e.recordId())).findFirst().orElseThrow();
    assertFalse(old.html().contains("datetime="), "fixture is the old layout");
    assertFalse(old.html().contains("av_sellerInfo"), "fixture is the old layout");
    RawListingFields f = avito.parseDetailPage(old.url(), old.html());
    assertEquals("Studio Meublé de luxe -Maarif", f.title);
    assertEquals("il y a 5 heures", f.publishedText);
    assertEquals("atlas négoce", f.sellerName);
    assertEquals("Appartements, à louer", f.category);
    assertEquals(List.of("Ascenseur", "Climatisation", "Concierge", "Cuisine équipée", "Meublé", "Parking"), f.equipments);
  }

  @Test
  void pageWithoutPriceIsStillAListing() throws PageParseException {
    SampleSite.Entry noPrice = SampleSite.entries("avito", "detail").stream()
        .filter(e -> "listing".equals(e.expect()) && SampleSite.record(e).path("price_text").isNull())
        .findFirst().orElseThrow();
    RawListingFields f = avito.parseDetailPage(noPrice.url(), noPrice.html());
    assertNull(f.priceText);
    assertEquals(SampleSite.record(noPrice).get("title").asText(), f.title);
  }

  @Test
  void startPagesAreTheOriginalsPercentEncoded() {
    assertEquals(List.of("sale", "rent"), avito.startPages().stream().map(StartPage::getOffer).toList());
    assertEquals("https://www.avito.ma/fr/maroc/ventes_immobilieres-%C3%A0_vendre", avito.startPages().get(0).getUrl());
  }

  private RawListingFields detail(String id) throws PageParseException {
    SampleSite.Entry e = SampleSite.entries("avito", "detail").stream().filter(x -> id.equals(x.recordId())).findFirst().orElseThrow();
    return avito.parseDetailPage(e.url(), e.html());
  }
}
