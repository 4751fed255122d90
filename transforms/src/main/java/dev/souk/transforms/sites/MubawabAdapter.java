package dev.souk.transforms.sites;

import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.text.MubawabIcons;
import dev.souk.transforms.text.OwnImages;
import dev.souk.transforms.text.SellerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;

/**
 * Mubawab.ma real estate (docs/sites.md §2). Mubawab uses stable semantic class names ({@code
 * h1.searchTitle}, {@code h3.orangeTit}, ...), so those are the hooks. Similar-ad cards on a detail
 * page reuse some of them ({@code div.adDetails}), so detail fields are read outside {@code
 * div.listingBox} only.
 */
public final class MubawabAdapter extends AbstractSiteAdapter {
  private static final long serialVersionUID = 1L;

  static final String RENT_START = "https://www.mubawab.ma/fr/cc/immobilier-a-louer-all:o:n";
  static final String SALE_START = "https://www.mubawab.ma/fr/cc/immobilier-a-vendre-all:o:n";

  // The original required a trailing slash and lost slug-less URLs (docs/sites.md §2.2).
  private static final Pattern ID = Pattern.compile("/a/(\\d+)(?:/|$)");
  private static final Pattern PAGE = Pattern.compile(":p:(\\d+)");

  private static final Evaluator CARD = Pages.css("div.listingBox");
  private static final Evaluator PRICE_TAG = Pages.css(".priceTag");
  private static final Evaluator NEXT_ARROWS = Pages.css(".paginationDots a.arrowDot[href]");

  // Similar-ad cards on a detail page reuse the detail's class names: nothing is read inside them.
  private static final Evaluator LISTING_BOX = CARD;
  // The blocks a detail page's fields sit in, found in one walk (Blocks) ...
  private static final Blocks.Query TITLE = Blocks.own("h1.searchTitle");
  private static final Blocks.Query PRICE = Blocks.own("h3.orangeTit");
  private static final Blocks.Query LOCATION = Blocks.own("h3.greyTit");
  private static final Blocks.Query CATEGORY = Blocks.own("div.adCategory");
  private static final Blocks.Query BREADCRUMBS = Blocks.own("div.adBread");
  private static final Blocks.Query DETAILS = Blocks.own("div.adDetails");
  private static final Blocks.Query MAIN_FEATURE = Blocks.own("div.adMainFeature");
  private static final Blocks.Query FEATURES = Blocks.own("div.adFeatures");
  private static final Blocks.Query DESCRIPTION = Blocks.own("div.blockProp");
  private static final Blocks.Query GALLERY = Blocks.own("div.picturesGallery, div.flipsnap, div.sliderPhotos");
  private static final Blocks.Query REFERENCE = Blocks.own("div.refBox");
  // ... where the seller and the map pin are read anywhere on the page, as they always were.
  private static final Blocks.Query BUSINESS = Blocks.anywhere("div.businessInfo");
  private static final Blocks.Query LAT_FIELD = Blocks.anywhere("input#latField");
  private static final Blocks.Query LNG_FIELD = Blocks.anywhere("input#lngField");
  private static final Blocks.Query MAP = Blocks.anywhere("div#mapOpen");
  // ... and the fields inside those blocks, by their whole-page queries.
  private static final Evaluator CATEGORY_SPAN = Pages.css("div.adCategory span");
  private static final Evaluator BREADCRUMB_LINKS = Pages.css("div.adBread a");
  private static final Evaluator DETAIL_SPANS = Pages.css("div.adDetails div.adDetailFeature span");
  private static final Evaluator FEATURE_SPANS = Pages.css("div.adFeatures div.adFeature span");
  private static final Evaluator DESCRIPTION_PARAGRAPH = Pages.css("div.blockProp p");
  private static final Evaluator GALLERY_IMAGES =
      Pages.css("div.picturesGallery img[src], div.flipsnap img[src], div.sliderPhotos img[src]");
  private static final Evaluator REFERENCE_SPAN = Pages.css("div.refBox span");
  private static final Evaluator MAIN_FEATURE_LABEL = Pages.css("p.adMainFeatureContentLabel");
  private static final Evaluator MAIN_FEATURE_VALUE = Pages.css("p.adMainFeatureContentValue");
  private static final Evaluator BUSINESS_NAME = Pages.css("span.businessName");
  private static final Evaluator BUSINESS_LINK = Pages.css("a[href^=http], a[href^=/]");

  public MubawabAdapter() {
    super(Site.MUBAWAB, "Mubawab", ID, "mubawab.ma", "mubawab-media.com");
  }

  @Override
  public List<StartPage> startPages() {
    return List.of(startPage(SALE_START, "sale"), startPage(RENT_START, "rent"));
  }

  /** Card link attribute first, then titles, then any ad link; project boxes (listing-promotion) have no /a/<id>. */
  @Override
  String cardLinks() {
    return "div.listingBox[linkref], h2.listingTit a[href], a[href*=/a/]";
  }

  @Override
  String cardUrl(Element link) {
    return Pages.absUrl(link, link.hasAttr("linkref") ? "linkref" : "href");
  }

  @Override
  @Nullable String cardPrice(Element link) {
    Element card = link.closest(CARD);
    return card == null ? null : Pages.textOfFirst(card, PRICE_TAG);
  }

  /** The rel=next link where there is one (even one with no usable URL: then no next page). */
  @Override
  Optional<String> nextPage(Document doc, String pageUrl) {
    if (doc.selectFirst(nextLinks()) != null) {
      return super.nextPage(doc, pageUrl);
    }
    // Without rel=next, the arrow whose page number is past this page's.
    int current = pageNumber(pageUrl);
    for (Element a : doc.select(NEXT_ARROWS)) {
      String url = Pages.absUrl(a, "href");
      if (url != null && pageNumber(url) > current) {
        return Optional.of(url);
      }
    }
    return Optional.empty();
  }

  private static int pageNumber(String url) {
    Matcher m = PAGE.matcher(url == null ? "" : url);
    return m.find() ? Integer.parseInt(m.group(1)) : 1;
  }

  /**
   * Mubawab always shows an amount or "Prix à consulter", so the price is required (the default):
   * a page without either is not readable.
   */
  @Override
  void readDetail(Document doc, RawListingFields f) {
    Blocks page = Blocks.find(doc, LISTING_BOX, TITLE, PRICE, LOCATION, CATEGORY, BREADCRUMBS, DETAILS,
        MAIN_FEATURE, FEATURES, DESCRIPTION, GALLERY, REFERENCE, BUSINESS, LAT_FIELD, LNG_FIELD, MAP);
    f.title = Pages.text(page.first(TITLE));
    f.priceText = Pages.text(page.first(PRICE));
    f.locationText = Pages.text(page.first(LOCATION));
    // "Appartement, à louer": the page's own statement of the offer, when it shows one.
    f.category = Pages.text(page.firstWithin(CATEGORY, CATEGORY_SPAN));
    page.within(BREADCRUMBS, BREADCRUMB_LINKS).forEach(a -> Optional.ofNullable(Pages.text(a)).ifPresent(f.breadcrumbs::add));
    readAttributes(page, f);
    for (Element span : page.within(FEATURES, FEATURE_SPANS)) {
      Optional.ofNullable(Pages.text(span)).filter(t -> !f.equipments.contains(t)).ifPresent(f.equipments::add);
    }
    f.description = Pages.text(page.firstWithin(DESCRIPTION, DESCRIPTION_PARAGRAPH));
    List<String> images = new ArrayList<>();
    for (Element img : page.within(GALLERY, GALLERY_IMAGES)) {
      images.add(LinkResolver.absUrl(img, "src"));
    }
    // The gallery also shows other ads' thumbnails: only photos whose path spells this ad's id count.
    f.images = OwnImages.MUBAWAB.of(f.listingId, images);
    Element business = page.first(BUSINESS);
    if (business != null) {
      f.sellerName = Pages.textOfFirst(business, BUSINESS_NAME);
      Element link = business.selectFirst(BUSINESS_LINK);
      f.sellerUrl = link == null ? null : Pages.absUrl(link, "href");
    }
    // No page element says "store"; a business-page link (/fr/b/<id>) or an agency's name does.
    f.sellerIsStore = SellerKind.isStore(null, f.sellerName, f.sellerUrl);
    f.latitude = Optional.ofNullable(Pages.attr(page.first(LAT_FIELD), "value"))
        .orElse(Pages.attr(first(page.all(MAP), "lat"), "lat"));
    f.longitude = Optional.ofNullable(Pages.attr(page.first(LNG_FIELD), "value"))
        .orElse(Pages.attr(first(page.all(MAP), "lon"), "lon"));
    f.reference = Pages.text(page.firstWithin(REFERENCE, REFERENCE_SPAN));
  }

  /** The first element that has the attribute (the original's div#mapOpen[lat] / [lon]). */
  private static @Nullable Element first(List<Element> elements, String attribute) {
    for (Element e : elements) {
      if (e.hasAttr(attribute)) {
        return e;
      }
    }
    return null;
  }

  /**
   * The icon row shows bare texts ("150 m²", "3 Pièces", "2 Salles de bains"): keyed by what they
   * count, matching "salle" in any number (the original's "Salle de bain" test lost the plural,
   * docs/sites.md §9.12); then the labelled main features.
   */
  private static void readAttributes(Blocks page, RawListingFields f) {
    for (Element span : page.within(DETAILS, DETAIL_SPANS)) {
      String t = Pages.text(span);
      if (t != null) {
        f.attributes.putIfAbsent(MubawabIcons.label(t), t);
      }
    }
    for (Element feature : page.all(MAIN_FEATURE)) {
      String label = Pages.textOfFirst(feature, MAIN_FEATURE_LABEL);
      String value = Pages.textOfFirst(feature, MAIN_FEATURE_VALUE);
      if (label != null && value != null) {
        f.attributes.putIfAbsent(label, value);
      }
    }
  }
}
