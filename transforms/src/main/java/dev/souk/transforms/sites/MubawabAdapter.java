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
import org.jsoup.select.Elements;

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
    Element card = link.closest("div.listingBox");
    return card == null ? null : Pages.textOfFirst(card, ".priceTag");
  }

  /** The rel=next link where there is one (even one with no usable URL: then no next page). */
  @Override
  Optional<String> nextPage(Document doc, String pageUrl) {
    if (doc.selectFirst(nextLinks()) != null) {
      return super.nextPage(doc, pageUrl);
    }
    // Without rel=next, the arrow whose page number is past this page's.
    int current = pageNumber(pageUrl);
    for (Element a : doc.select(".paginationDots a.arrowDot[href]")) {
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
    f.title = text(doc, "h1.searchTitle");
    f.priceText = text(doc, "h3.orangeTit");
    f.locationText = text(doc, "h3.greyTit");
    // "Appartement, à louer": the page's own statement of the offer, when it shows one.
    f.category = text(doc, "div.adCategory span");
    own(doc, "div.adBread a").forEach(a -> Optional.ofNullable(Pages.text(a)).ifPresent(f.breadcrumbs::add));
    readAttributes(doc, f);
    for (Element span : own(doc, "div.adFeatures div.adFeature span")) {
      Optional.ofNullable(Pages.text(span)).filter(t -> !f.equipments.contains(t)).ifPresent(f.equipments::add);
    }
    f.description = text(doc, "div.blockProp p");
    List<String> images = new ArrayList<>();
    for (Element img : own(doc, "div.picturesGallery img[src], div.flipsnap img[src], div.sliderPhotos img[src]")) {
      images.add(img.absUrl("src"));
    }
    // The gallery also shows other ads' thumbnails: only photos whose path spells this ad's id count.
    f.images = OwnImages.MUBAWAB.of(f.listingId, images);
    Element business = doc.selectFirst("div.businessInfo");
    if (business != null) {
      f.sellerName = Pages.textOfFirst(business, "span.businessName");
      Element link = business.selectFirst("a[href^=http], a[href^=/]");
      f.sellerUrl = link == null ? null : Pages.absUrl(link, "href");
    }
    // No page element says "store"; a business-page link (/fr/b/<id>) or an agency's name does.
    f.sellerIsStore = SellerKind.isStore(null, f.sellerName, f.sellerUrl);
    f.latitude = Optional.ofNullable(Pages.attr(doc.selectFirst("input#latField"), "value"))
        .orElse(Pages.attr(doc.selectFirst("div#mapOpen[lat]"), "lat"));
    f.longitude = Optional.ofNullable(Pages.attr(doc.selectFirst("input#lngField"), "value"))
        .orElse(Pages.attr(doc.selectFirst("div#mapOpen[lon]"), "lon"));
    f.reference = text(doc, "div.refBox span");
  }

  /**
   * The icon row shows bare texts ("150 m²", "3 Pièces", "2 Salles de bains"): keyed by what they
   * count, matching "salle" in any number (the original's "Salle de bain" test lost the plural,
   * docs/sites.md §9.12); then the labelled main features.
   */
  private static void readAttributes(Document doc, RawListingFields f) {
    for (Element span : own(doc, "div.adDetails div.adDetailFeature span")) {
      String t = Pages.text(span);
      if (t != null) {
        f.attributes.putIfAbsent(MubawabIcons.label(t), t);
      }
    }
    for (Element feature : own(doc, "div.adMainFeature")) {
      String label = Pages.textOfFirst(feature, "p.adMainFeatureContentLabel");
      String value = Pages.textOfFirst(feature, "p.adMainFeatureContentValue");
      if (label != null && value != null) {
        f.attributes.putIfAbsent(label, value);
      }
    }
  }

  private static String text(Document doc, String cssQuery) {
    Elements found = own(doc, cssQuery);
    return found.isEmpty() ? null : Pages.text(found.first());
  }

  /** Matches of {@code cssQuery} that are not inside a similar-ad card. */
  private static Elements own(Document doc, String cssQuery) {
    Elements out = new Elements();
    for (Element e : doc.select(cssQuery)) {
      if (e.closest("div.listingBox") == null) {
        out.add(e);
      }
    }
    return out;
  }
}
