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
