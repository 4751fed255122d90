package dev.souk.transforms.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Made-up sellers of every form SellerKind knows; the real ones are in SellerKindRealRecordsTest. */
class SellerKindTest {
  @Test
  void shopPagesOfBothSites() {
    for (String url : List.of(
        "https://www.avito.ma/fr/boutique?id=4649",
        "https://www.avito.ma/fr/boutique/agence-high-immo?id=879",
        "https://avito.ma/boutique/abamnyimmobilier",
        "HTTPS://WWW.AVITO.MA/ar/boutique?id=1",
        "https://www.mubawab.ma/fr/b/9846/feel-home",
        "https://www.mubawab.ma/ar/b/10936/%D9%88%D9%83%D8%A7%D9%84%D8%A9",
        "https://mubawab.ma/fr/b/9846")) {
      assertTrue(SellerKind.isShopPage(url), url);
      assertEquals(true, SellerKind.isStore(false, "Khalid", url), url);
    }
  }

  @Test
  void otherLinksAreNoShop() {
    for (String url : List.of(
        "https://www.avito.ma",
        "https://www.avito.ma/fr",
        "https://www.avito.ma/fr/boutiques",
        "https://www.avito.ma/fr/maroc/boutique_x_57146007.htm",
        "https://www.mubawab.ma/fr/a/8248870/x",
        "https://www.mubawab.ma/fr/b/",
        "https://www.mubawab.ma/fr/b/feel-home",
        "https://example.com/fr/boutique?id=1",
        "https://www.mubawab.ma.example.com/fr/b/1",
        "")) {
      assertFalse(SellerKind.isShopPage(url), url);
    }
    assertFalse(SellerKind.isShopPage(null));
  }

  @Test
  void agencyNamesOfEveryMarker() {
    for (String name : List.of(
        "Serraj Immobilier", "Nazih immobilière", "L'immobilière Exclusive", "AWRACH imobilier", "Immo", "click immo",
        "IMMOPEDIA", "MOSTAGIMMO", "DUPLA-IMMO", "Agence Bidar", "Agences du Nord", "Sun Brokers Agency",
        "YL Real Estate", "HOMY REAL-ESTATE", "RealEstate Maroc", "Atlas Realty", "Anfa Properties", "Casa Property",
        "Promotion Al Omrane", "Promoteur Yasmine", "Prestige Promotions", "IMMOPEDIA ADVISORY BROKERAGE", "Groupe Ikamati",
        "SAKAN LIK GROUPE", "Atlas Group", "New Adresse SARL", "Khalil Invest S.A.R.L", "عقار", "عقارات اكادير",
        "وكالة الوفاء", "الوكالة العقارية الثقة", "للعقار المغرب")) {
      assertTrue(SellerKind.hasAgencyName(name), name);
      assertEquals(true, SellerKind.isStore(false, name, "https://www.avito.ma"), name);
      assertEquals(true, SellerKind.isStore(null, name, null), name);
    }
  }

  @Test
  void personsAndVagueNamesAreNoAgency() {
    for (String name : List.of(
        "Mohamed", "khalid", "Simmons", "Imane", "Karima Lemfedel", "Yellow House", "Feel Home", "atlas négoce",
        "Rent Invest", "Atlas Transactions", "Agencement Design", "Promo", "Groupement", "bercker fisli", "بيع وشراء",
        "new user", "")) {
      assertFalse(SellerKind.hasAgencyName(name), name);
      assertEquals(false, SellerKind.isStore(false, name, "https://www.avito.ma"), name);
      assertNull(SellerKind.isStore(null, name, null), name);
    }
    assertFalse(SellerKind.hasAgencyName(null));
  }

  @Test
  void theSiteSayingStoreIsEnough() {
    assertEquals(true, SellerKind.isStore(true, "Khalid", null));
    assertEquals(true, SellerKind.isStore(true, null, null));
    assertEquals(false, SellerKind.isStore(false, null, null));
    assertNull(SellerKind.isStore(null, null, null));
  }
}
