package dev.souk.transforms.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.text.PriceParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The price each list card shows, and the fingerprint an incremental crawl compares. */
class ListCardPricesTest {

  /** A card's price is the listing's price: the card and the detail page show the same amount. */
  @ParameterizedTest
  @EnumSource(value = Site.class, names = {"AVITO", "MUBAWAB", "MOBILEMASR", "DUBIZZLE"})
  void cardsShowTheDetailPagesPrice(Site site) throws PageParseException {
    SiteAdapter adapter = SiteAdapters.forSite(site);
    int compared = 0;
    int withoutPrice = 0;
    for (SampleSite.Entry page : SampleSite.entries(site.code(), "list")) {
      for (ListPage.DetailLink link : adapter.parseListPage(page.url(), page.html()).detailLinks()) {
        SampleSite.Entry detail = SampleSite.byUrl(link.url());
        if (!"listing".equals(detail.expect())) {
          continue;
        }
        RawListingFields fields = adapter.parseDetailPage(detail.url(), detail.html());
        if (fields.priceText == null) {
          withoutPrice++;
          assertEquals(null, link.priceText(), link.url());
          continue;
        }
        assertNotNull(link.priceText(), link.url());
        assertEquals(PriceParser.parse(fields.priceText, null).amount(), PriceParser.parse(link.priceText(), null).amount(),
            link.url() + ": card " + link.priceText() + " vs page " + fields.priceText);
        compared++;
      }
    }
    assertTrue(compared >= 10, site + " compared " + compared);
    if (site == Site.AVITO) {
      assertTrue(withoutPrice > 0, "Avito shows some ads without a price (docs/sites.md §1.6)");
    }
  }

  @Test
  void fingerprintReadsTheFirstAmountOnly() {
    String price = fingerprint("57146007", "4 000 000 DH");
    assertEquals(price, fingerprint("57146007", "4 000 000 DH22 233 DH / mois"), "mortgage estimate ignored");
    assertEquals(price, fingerprint("57146007", "4 000 000 DH21 950 DH / mois"), "a new rate is no price change");
    assertEquals(price, fingerprint("57146007", "4\u00A0000\u00A0000 DH"), "separators are not the price");
    assertNotEquals(price, fingerprint("57146007", "3 900 000 DH22 233 DH / mois"));
    assertNotEquals(price, fingerprint("57146008", "4 000 000 DH"), "the id is part of it");
    assertNotEquals(price, fingerprint("57146007", "4 000 000 EUR"));
    assertNotEquals(fingerprint("1", null), fingerprint("1", "Prix à consulter"), "on request is not no price");
    assertEquals(16, price.length());
  }

  private static String fingerprint(String id, String priceText) {
    return new ListPage.DetailLink("https://www.avito.ma/fr/x/y/z_" + id + ".htm", id, priceText).fingerprint();
  }
}
