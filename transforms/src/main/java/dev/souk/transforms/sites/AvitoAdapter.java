package dev.souk.transforms.sites;

import dev.souk.io.Urls;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.text.OwnImages;
import dev.souk.transforms.text.SellerKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;

/**
 * Avito.ma real estate (docs/sites.md §1). Avito's class names are styled-components hashes that change
 * every few weeks, so fields are found by stable hooks first ({@code time[datetime]}, {@code
 * img[alt]} labels, {@code data-test}, {@code aria-label}, section headings, class-name prefixes)
 * and by the original's older selectors second, so pages of both layouts parse.
 */
public final class AvitoAdapter extends AbstractSiteAdapter {
  private static final long serialVersionUID = 1L;

  static final String RENT_START = "https://www.avito.ma/fr/maroc/locations_immobilieres-%C3%A0_louer";
  static final String SALE_START = "https://www.avito.ma/fr/maroc/ventes_immobilieres-%C3%A0_vendre";

  private static final Pattern ID = Pattern.compile("_(\\d+)\\.htm$");
  private static final Pattern CARD_PRICE = Pattern.compile("[0-9][0-9 \\u00A0\\u202F.,]*\\s*(DH|MAD|EUR|€)");
  private static final Pattern PRICE = Pattern.compile("^[0-9][0-9 \\u00A0\\u202F.,]*\\s*(DH|MAD|EUR|€)$");

  private static final Evaluator CARD_TEXTS = Pages.css("p, span");

  // The blocks a detail page's fields sit in, found in one walk (Blocks): current layout first,
  // then the older one's ("older").
  private static final Blocks.Query H1 = Blocks.own("h1");
  private static final Blocks.Query PRICE_BOX = Blocks.own("div[class*=sc-16573058-10]");
  private static final Blocks.Query OLDER_PRICE = Blocks.own("p.sc-9ca53b09-10");
  private static final Blocks.Query BREADCRUMB_LIST = Blocks.own("ol[class*=sc-16q833i-0]");
  private static final Blocks.Query CATEGORY_BOX = Blocks.own("div[aria-label^='Category ']");
  private static final Blocks.Query OLDER_CATEGORY_BOX = Blocks.own("div[class*=sc-172bdcdc-0]");
  private static final Blocks.Query HEADINGS = Blocks.own("h2");
  private static final Blocks.Query OLDER_DESCRIPTION = Blocks.own("div[class*=sc-7378144c-0]");
  private static final Blocks.Query PARAM_ITEMS = Blocks.own("div[class*=sc-cd1c365e-1]");
  private static final Blocks.Query SELLER_BOX = Blocks.own("div[data-test=av_sellerInfo], div[class*=sc-1l0do2b-0]");
  private static final Blocks.Query TIME_WITH_DATETIME = Blocks.own("time[datetime]");
  private static final Blocks.Query TIME = Blocks.own("time");
  private static final Blocks.Query GALLERY = Blocks.own("div.picture, div.slick-slide");
  // What is read inside those blocks.
  private static final Evaluator PRICE_IN_BOX = Pages.css("div[class*=sc-16573058-10] p");
  private static final Evaluator OLDER_CATEGORY = Pages.css("div[class*=sc-172bdcdc-0] span[class*=fjZBup]");
  private static final Evaluator GALLERY_IMAGES = Pages.css("div.picture img[src], div.slick-slide img[src]");
  private static final Evaluator PARAGRAPH = Pages.css("p");
  private static final Evaluator SPAN = Pages.css("span");
  private static final Evaluator HEADING = Pages.css("h2");
  private static final Evaluator LIST_ITEM = Pages.css("li");
  private static final Evaluator LINK_OR_SPAN = Pages.css("a, span");
  private static final Evaluator OLDER_CRUMBS = Pages.css("a, span.sc-16q833i-2");
  private static final Evaluator IMAGE_WITH_ALT = Pages.css("img[alt]");
  private static final Evaluator LABEL = Pages.css("span[class*=bXFCIH]");
  private static final Evaluator VALUE = Pages.css("span[class*=fjZBup]");
  private static final Evaluator LINK = Pages.css("a[href]");
  private static final Evaluator ICON_TITLE = Pages.css("svg title");
  private static final Evaluator SHOP_BADGE = Pages.css("svg[aria-labelledby*=ShopBadge]");
  private static final Evaluator SLICK_CLONE = Pages.css(".slick-cloned");

  public AvitoAdapter() {
    super(Site.AVITO, "Avito", ID, "avito.ma");
  }

  @Override
  public List<StartPage> startPages() {
    return List.of(startPage(SALE_START, "sale"), startPage(RENT_START, "rent"));
  }

  @Override
  public Optional<String> listingIdFromUrl(String url) {
    return Urls.onHosts(url, Site.AVITO.hosts())
        // New-build project pages (immoneuf) share the _<n>.htm shape but are not ads.
        .filter(path -> !path.contains("/immoneuf"))
        .flatMap(path -> {
          Matcher m = ID.matcher(path);
          return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        });
  }

  /** Any link to an ad, not a card class: survives class-hash changes (docs/sites.md §1.3). */
  @Override
  String cardLinks() {
    return "a[href]";
  }

  /** An ad linked twice (photo, title) keeps its first URL and whichever link holds the price. */
  @Override
  boolean priceFromAnyLink() {
    return true;
  }

  @Override
  String nextLinks() {
    return "a[href]:has(svg[aria-labelledby*=ChevronRight]), a[rel=next][href], link[rel=next][href]";
  }

  /**
   * The card's price line, whole: "6 300 DH", or "4 000 000 DH22 233 DH / mois" where a mortgage
   * estimate follows (the fingerprint reads the first amount only). Found by its shape, as class
   * names are hashes; a card without a price has no such line.
   */
  @Override
  @Nullable String cardPrice(Element link) {
    for (Element e : link.select(CARD_TEXTS)) {
      String t = Pages.text(e);
      if (t != null && CARD_PRICE.matcher(t).lookingAt()) {
        return t;
      }
    }
    return null;
  }

  /**
   * Avito shows no price element at all for about a fifth of its ads (docs/sites.md §1.6), so a
   * missing price alone does not make a page unreadable here; id and title do.
   */
  @Override
  boolean priceMayBeAbsent() {
    return true;
  }

  @Override
  void readDetail(Document doc, RawListingFields f) {
    Blocks page = Blocks.find(doc, H1, PRICE_BOX, OLDER_PRICE, BREADCRUMB_LIST, CATEGORY_BOX, OLDER_CATEGORY_BOX,
        HEADINGS, OLDER_DESCRIPTION, PARAM_ITEMS, SELLER_BOX, TIME_WITH_DATETIME, TIME, GALLERY);
    Element h1 = page.first(H1);
    f.title = Pages.text(h1);
    f.priceText = price(page, h1);
    f.breadcrumbs = breadcrumbs(page.first(BREADCRUMB_LIST));
    f.category = category(page);
    f.description = description(page);
    readParams(page.all(PARAM_ITEMS), f);
    readSeller(page.first(SELLER_BOX), f);
    Element time = page.first(TIME_WITH_DATETIME);
    f.publishedText = time != null
        ? Pages.attr(time, "datetime")
        // Older pages showed only a relative text ("il y a 5 heures") around the first <time>.
        : Optional.ofNullable(page.first(TIME)).map(t -> Pages.text(t.parent())).orElse(null);
    f.images = images(page, f.listingId);
  }

  private static String price(Blocks page, Element h1) {
    String price = Pages.text(page.firstWithin(PRICE_BOX, PRICE_IN_BOX));
    if (price == null) {
      price = Pages.text(page.first(OLDER_PRICE));
    }
    if (price == null && h1 != null && h1.parent() != null) {
      // Label-free fallback: an amount next to the title (never the similar-ads cards further down).
      for (Element p : h1.parent().select(PARAGRAPH)) {
        String t = Pages.text(p);
        if (t != null && PRICE.matcher(t).matches()) {
          return t;
        }
      }
    }
    return price;
  }

  private static List<String> breadcrumbs(@Nullable Element ol) {
    List<String> crumbs = new ArrayList<>();
    if (ol == null) {
      return crumbs;
    }
    for (Element li : ol.select(LIST_ITEM)) {
      String t = Pages.text(li.selectFirst(LINK_OR_SPAN));
      if (t != null) {
        crumbs.add(t);
      }
    }
    if (crumbs.isEmpty()) {
      ol.select(OLDER_CRUMBS).forEach(e -> Optional.ofNullable(Pages.text(e)).ifPresent(crumbs::add));
    }
    return crumbs;
  }

  private static String category(Blocks page) {
    Element box = page.first(CATEGORY_BOX);
    if (box != null) {
      for (Element span : box.select(SPAN)) {
        String t = Pages.text(span);
        if (t != null && !t.equals("Categorie")) {
          return t;
        }
      }
    }
    return Pages.text(page.firstWithin(OLDER_CATEGORY_BOX, OLDER_CATEGORY));
  }

  private static String description(Blocks page) {
    for (Element h2 : page.all(HEADINGS)) {
      String heading = Pages.text(h2);
      if (heading != null && heading.contains("Description") && h2.parent() != null) {
        Element body = h2.parent().clone();
        body.select(HEADING).remove();
        return Pages.text(body);
      }
    }
    return Pages.text(page.first(OLDER_DESCRIPTION));
  }

  /**
   * Attribute and equipment items share one markup; the "Équipements" heading of the enclosing
   * section tells them apart (the original read attribute values as equipments, docs/sites.md §1.4).
   */
  private static void readParams(List<Element> items, RawListingFields f) {
    Set<String> equipments = new LinkedHashSet<>();
    // Items of one section share their ancestors: each is asked for a heading once.
    Map<Element, Boolean> sections = new IdentityHashMap<>();
    for (Element item : items) {
      String alt = Pages.attr(item.selectFirst(IMAGE_WITH_ALT), "alt");
      if (inEquipmentSection(item.parent(), sections)) {
        String name = alt != null ? alt : Pages.text(item);
        if (name != null) {
          equipments.add(name);
        }
        continue;
      }
      String label = alt != null ? alt : Pages.textOfFirst(item, LABEL);
      String value = Pages.textOfFirst(item, VALUE);
      if (label != null && value != null) {
        f.attributes.putIfAbsent(label, value);
      }
    }
    f.equipments = new ArrayList<>(equipments);
  }

  /** Whether the nearest enclosing block with a titled h2 (below body) is the equipment section. */
  private static boolean inEquipmentSection(@Nullable Element p, Map<Element, Boolean> sections) {
    if (p == null || p.nameIs("body")) {
      return false;
    }
    Boolean known = sections.get(p);
    if (known == null) {
      String heading = null;
      for (Element h2 : p.children()) {
        heading = h2.nameIs("h2") ? Pages.text(h2) : null;
        if (heading != null) {
          break;
        }
      }
      known = heading != null ? heading.contains("quipement") : inEquipmentSection(p.parent(), sections);
      sections.put(p, known);
    }
    return known;
  }

  private static void readSeller(@Nullable Element box, RawListingFields f) {
    if (box == null) {
      return;
    }
    f.sellerName = Pages.textOfFirst(box, PARAGRAPH, SPAN);
    for (Element a : box.select(LINK)) {
      String href = a.attr("href").trim();
      if (!href.isEmpty() && !href.startsWith("#") && !href.startsWith("javascript:")) {
        f.sellerUrl = Pages.absUrl(a, "href");
        break;
      }
    }
    String text = Pages.text(box);
    boolean badge = (text != null && text.contains("Voir la boutique"))
        || box.select(ICON_TITLE).stream().anyMatch(t -> t.text().contains("Store Icon"))
        || box.selectFirst(SHOP_BADGE) != null;
    // A shop link or an agency's name says store too: the badge alone missed agencies (docs/sites.md §9.10).
    f.sellerIsStore = SellerKind.isStore(badge, f.sellerName, shopLink(box));
  }

  /** Any of the block's links may be the shop's, not only the first (a "Voir la boutique" link may follow the name's). */
  private static @Nullable String shopLink(Element box) {
    for (Element a : box.select(LINK)) {
      String url = Pages.absUrl(a, "href");
      if (SellerKind.isShopPage(url)) {
        return url;
      }
    }
    return null;
  }

  /**
   * The ad's own gallery. Avito's image URLs carry no ad id (OwnImages.AVITO), so ownership is where
   * the image sits: in the gallery, never inside a link to another ad (a similar-ads card).
   */
  private List<String> images(Blocks page, String listingId) {
    List<String> images = new ArrayList<>();
    Closest clone = new Closest(SLICK_CLONE);
    Closest link = new Closest(LINK);
    for (Element img : page.within(GALLERY, GALLERY_IMAGES)) {
      // The carousel clones its last slide before the first: clones would reorder the gallery.
      if (clone.of(img) == null && !isLinkToOtherAd(link.of(img), listingId)) {
        images.add(LinkResolver.absUrl(img, "src"));
      }
    }
    return OwnImages.AVITO.of(listingId, images);
  }

  private boolean isLinkToOtherAd(@Nullable Element link, String listingId) {
    return link != null && listingIdFromUrl(Pages.absUrl(link, "href")).filter(id -> !id.equals(listingId)).isPresent();
  }
}
