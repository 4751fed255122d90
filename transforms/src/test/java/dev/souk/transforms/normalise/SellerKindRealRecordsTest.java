package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.transforms.text.SellerKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Class 4 of issue #10 over every real payload: sellers that are agencies are stores (docs/sites.md
 * §8.4 "Seller kind"). The agency names below were read one by one from the records; every other
 * name in them must not count as an agency's.
 */
class SellerKindRealRecordsTest {
  /** The sellers of the records whose names plainly say agency, developer or company. */
  private static final Set<String> AGENCY_NAMES = Set.of(
      "ABAMNY Immobilier", "ACTIF IMMOBILIER", "Adtiimmo", "Agence Bidar", "AGENCE BOUAZZAOUI BELAYACHI IMMOBILIER-AGRICOLE",
      "AGENCE IMMOBILIER MOSTAGIMMO", "Agence Immobilière Cobello", "agence immobilière DARKOM",
      "Agence Immobiliére val d'or Hamid", "akkor immobilier", "Al GHAJUMAN IMMOBILIER", "ALLIANCE INVEST IMMO", "Allo immo",
      "AM IMMOBILIER AGADIR", "ANAS ZAHRANE (ANAS IMMOBILIER) Dardark IMMO", "ANOUAR IMMO", "AWRACH imobilier",
      "BIG B immobilier", "BOUANANI IMMOBILIER", "Cabinet Immobilier Saïd BENNIS", "Clavis Immobilier", "click immo",
      "Cosy Nest immobilier", "DUPLA-IMMO", "DYNAR IMMOBILIER", "FS Immobilier (FARAH SEBTI)", "Groupe Ikamati", "High immo",
      "HM .. IMMOBILIER", "HOMY real estate agency", "immo", "Immo & Immo", "Immo continental", "IMMOBENNIS",
      "immobilier reda Lh", "immobilier safiot", "Immobilière unihabitat Services", "IMMOPEDIA ADVISORY BROKERAGE",
      "Immosaadaoui", "injidab immo", "jina immobilier", "JINO IMMOBILIER sarl", "karim immo", "L'immobilière Exclusive",
      "MedZaim immobilier", "Moulay bousselham immobilier", "Nazih immobilière", "New Adresse SARL", "opera immobilier",
      "Ouarzazi Khalil Invest Sarl AU", "oumayma immo", "rachid immobilier", "SAFIN Immobilier", "SAKAN LIK GROUPE", "SC IMMO",
      "Sun Brokers Agency", "Super immo salah", "us immo", "WissBen immobilier", "Yamani Immo services", "YL Real Estate",
      "الوكالة العقارية الثقة", "عقارات اكادير", "وكالة الوفاء", "وكالة باسم الله العقارية");

  @Test
  void everyAgencySellerIsAStore() {
    List<RealPayloads.Payload> payloads = RealPayloads.all();
    int byName = 0;
    int byLink = 0;
    for (RealPayloads.Payload p : payloads) {
      String name = p.fields().sellerName;
      String url = p.fields().sellerUrl;
      String what = p.file() + " " + p.text("id") + " seller " + name + " " + url;
      boolean agencyName = name != null && AGENCY_NAMES.contains(name);
      // Shop pages as the sites link them: Avito /fr/boutique?id= or /fr/boutique/<slug>, Mubawab /fr/b/<id>/.
      boolean shop = url != null && (url.startsWith("https://www.avito.ma/fr/boutique") || url.startsWith("https://www.mubawab.ma/fr/b/"));
      assertEquals(agencyName, SellerKind.hasAgencyName(name), what);
      if (agencyName || shop) {
        assertEquals(Boolean.TRUE, p.fields().sellerIsStore, what);
        byName += agencyName ? 1 : 0;
        byLink += shop ? 1 : 0;
      } else {
        // Without a sign the producer's own flag stands (Mubawab payloads carry none Souk trusts).
        Boolean flag = "Boutique".equals(p.text("seller_type")) || "true".equals(p.text("seller_is_store")) && p.site().equals("avito")
            ? Boolean.TRUE : p.site().equals("mubawab") ? null : Boolean.FALSE;
        assertEquals(flag, p.fields().sellerIsStore, what);
      }
    }
    assertTrue(byName > 100, byName + " records of agencies by name");
    assertTrue(byLink > 50, byLink + " records with a shop link");
  }

  /** The producers' flags said private for these shop accounts and agencies; Souk does not. */
  @Test
  void theProducersFlagsWereWrongForAgencies() {
    long wrongBefore = RealPayloads.all().stream()
        .filter(p -> "Particulier".equals(p.text("seller_type")) || "false".equals(p.text("seller_is_store")))
        .filter(p -> Boolean.TRUE.equals(p.fields().sellerIsStore))
        .count();
    assertTrue(wrongBefore > 100, wrongBefore + " sellers corrected");
  }
}
