package dev.souk.transforms.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.RawListingFields;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MubawabAdapterTest {
  private final MubawabAdapter mubawab = new MubawabAdapter();

  @Test
  void idsWithOrWithoutSlug() {
    assertEquals(Optional.of("8248870"), mubawab.listingIdFromUrl("https://www.mubawab.ma/fr/a/8248870/location-longue-dur%C3%A9e-meubl%C3%A9"));
    assertEquals(Optional.of("8248870"), mubawab.listingIdFromUrl("https://www.mubawab.ma/fr/a/8248870"));
    assertEquals(Optional.of("8248870"), mubawab.listingIdFromUrl("https://www.mubawab.ma/fr/a/8248870?ref=srp#photos"));
    assertEquals(Optional.empty(), mubawab.listingIdFromUrl("https://www.mubawab.ma/fr/a/8248870x"));
    assertEquals(Optional.empty(), mubawab.listingIdFromUrl("https://www.mubawab.ma/fr/listing-promotion/5201/residence-neuve-1"));
    assertEquals(Optional.empty(), mubawab.listingIdFromUrl("https://www.avito.ma/fr/a/8248870/x"));
  }

  @Test
  void noBreakSpaceSurvivesInPrice() throws PageParseException {
    assertEquals("15\u00A0000 DH", detail("8257884").priceText);
  }

  @Test
  void priceOnRequestIsAListing() throws PageParseException {
    RawListingFields f = detail("8246881");
    assertEquals("Prix à consulter", f.priceText);
  }

  /** No record has a euro price; docs/sites.md §2.6 documents "999 999 EUR", set here into a real page. */
  @Test
  void euroPriceTextIsKeptAsShown() throws PageParseException {
    SampleSite.Entry e = entry("8246893");
    String html = e.html().replace("<h3 class=\"orangeTit\">9\u00A0000 DH</h3>", "<h3 class=\"orangeTit\">999\u00A0999 EUR</h3>");
    assertEquals("999\u00A0999 EUR", mubawab.parseDetailPage(e.url(), html).priceText);
  }

  @Test
  void locationTextIsShownCollapsedAndCoordinatesRead() throws PageParseException {
    RawListingFields f = detail("8257884");
    assertEquals("Casablanca Finance City à Casablanca", f.locationText);
    assertEquals("33.547117579470296", f.latitude);
    assertEquals("-7.675495147705078", f.longitude);
    assertEquals("134 m²", f.attributes.get("Surface"));
    assertEquals("2 Salles de bains", f.attributes.get("Salles de bain"));
  }

  /** The gallery of 8257884 also shows four other ads' thumbnails (8/238/584F...): only its own 15 remain. */
  @Test
  void galleryKeepsOnlyTheAdsOwnPhotos() throws PageParseException {
    SampleSite.Entry e = entry("8257884");
    assertTrue(e.html().contains("/ad/8/238/584F/m/photo_0_81270021.avif"), "fixture shows another ad's photo");
    RawListingFields f = mubawab.parseDetailPage(e.url(), e.html());
    assertEquals(15, f.images.size());
    f.images.forEach(u -> assertTrue(u.startsWith("https://www.mubawab-media.com/ad/8/257/884F/"), u));
  }

  @Test
  void everySamplePageKeepsOnlyImagesSpellingItsId() throws PageParseException {
    int pages = 0;
    for (SampleSite.Entry e : SampleSite.entries("mubawab", "detail")) {
      if ("listing".equals(e.expect())) {
        RawListingFields f = mubawab.parseDetailPage(e.url(), e.html());
        String id = f.listingId;
        String spelled = "/ad/" + id.substring(0, id.length() - 6) + "/" + id.substring(id.length() - 6, id.length() - 3) + "/"
            + id.substring(id.length() - 3) + "F/";
        assertTrue(!f.images.isEmpty(), e.file());
        f.images.forEach(u -> assertTrue(u.contains(spelled), e.file() + " " + u));
        pages++;
      }
    }
    assertTrue(pages >= 50, pages + " pages");
  }

  /** Mubawab shows no store badge: a business-page link or an agency's name makes the store; else unknown. */
  @Test
  void agencyByBusinessPageOrName() throws PageParseException {
    SampleSite.Entry e = entry("8257884");
    assertEquals(true, mubawab.parseDetailPage(e.url(), e.html()).sellerIsStore, "Feel Home links to /fr/b/9846");
    String noLink = e.html().replace("https://www.mubawab.ma/fr/b/9846/feel-home", "#");
    assertEquals(null, mubawab.parseDetailPage(e.url(), noLink).sellerIsStore, "a name without a sign says nothing");
    assertEquals(true, mubawab.parseDetailPage(e.url(), noLink.replace(">Feel Home<", ">Cosy Nest immobilier<")).sellerIsStore);
    String noSeller = e.html().replaceFirst("(?s)<div class=\"businessInfo\">.*?</div>", "");
    RawListingFields f = mubawab.parseDetailPage(e.url(), noSeller);
    assertEquals(null, f.sellerName);
    assertEquals(null, f.sellerIsStore);
  }

  private RawListingFields detail(String id) throws PageParseException {
    SampleSite.Entry e = entry(id);
    return mubawab.parseDetailPage(e.url(), e.html());
  }

  private static SampleSite.Entry entry(String id) {
    return SampleSite.entries("mubawab", "detail").stream().filter(x -> id.equals(x.recordId())).findFirst().orElseThrow();
  }
}
