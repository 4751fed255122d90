package dev.souk.transforms.sites;

import dev.souk.io.Urls;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.text.OwnImages;
import dev.souk.transforms.text.SellerKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

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
    for (Element e : link.select("p, span")) {
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
    Element h1 = doc.selectFirst("h1");
    f.title = Pages.text(h1);
    f.priceText = price(doc, h1);
    f.breadcrumbs = breadcrumbs(doc);
    f.category = category(doc);
    f.description = description(doc);
    readParams(doc, f);
    readSeller(doc, f);
    Element time = doc.selectFirst("time[datetime]");
    f.publishedText = time != null
        ? Pages.attr(time, "datetime")
        // Older pages showed only a relative text ("il y a 5 heures") around the first <time>.
        : Optional.ofNullable(doc.selectFirst("time")).map(t -> Pages.text(t.parent())).orElse(null);
    f.images = images(doc, f.listingId);
  }

  private static String price(Document doc, Element h1) {
    String price = Pages.textOfFirst(doc, "div[class*=sc-16573058-10] p", "p.sc-9ca53b09-10");
    if (price == null && h1 != null && h1.parent() != null) {
      // Label-free fallback: an amount next to the title (never the similar-ads cards further down).
      for (Element p : h1.parent().select("p")) {
        String t = Pages.text(p);
        if (t != null && PRICE.matcher(t).matches()) {
          return t;
        }
      }
    }
    return price;
  }

  private static List<String> breadcrumbs(Document doc) {
    List<String> crumbs = new ArrayList<>();
    Element ol = doc.selectFirst("ol[class*=sc-16q833i-0]");
    if (ol == null) {
      return crumbs;
    }
    for (Element li : ol.select("li")) {
      String t = Pages.text(li.selectFirst("a, span"));
      if (t != null) {
        crumbs.add(t);
      }
    }
    if (crumbs.isEmpty()) {
      ol.select("a, span.sc-16q833i-2").forEach(e -> Optional.ofNullable(Pages.text(e)).ifPresent(crumbs::add));
    }
    return crumbs;
  }

  private static String category(Document doc) {
    Element box = doc.selectFirst("div[aria-label^='Category ']");
    if (box != null) {
      for (Element span : box.select("span")) {
        String t = Pages.text(span);
        if (t != null && !t.equals("Categorie")) {
          return t;
        }
      }
    }
    return Pages.textOfFirst(doc, "div[class*=sc-172bdcdc-0] span[class*=fjZBup]");
  }

  private static String description(Document doc) {
    for (Element h2 : doc.select("h2")) {
      String heading = Pages.text(h2);
      if (heading != null && heading.contains("Description") && h2.parent() != null) {
        Element body = h2.parent().clone();
        body.select("h2").remove();
        return Pages.text(body);
      }
    }
    return Pages.textOfFirst(doc, "div[class*=sc-7378144c-0]");
  }

  /**
   * Attribute and equipment items share one markup; the "Équipements" heading of the enclosing
   * section tells them apart (the original read attribute values as equipments, docs/sites.md §1.4).
   */
  private static void readParams(Document doc, RawListingFields f) {
    Set<String> equipments = new LinkedHashSet<>();
    for (Element item : doc.select("div[class*=sc-cd1c365e-1]")) {
      String alt = Pages.attr(item.selectFirst("img[alt]"), "alt");
      if (inEquipmentSection(item)) {
        String name = alt != null ? alt : Pages.text(item);
        if (name != null) {
          equipments.add(name);
        }
        continue;
      }
      String label = alt != null ? alt : Pages.textOfFirst(item, "span[class*=bXFCIH]");
      String value = Pages.textOfFirst(item, "span[class*=fjZBup]");
      if (label != null && value != null) {
        f.attributes.putIfAbsent(label, value);
      }
    }
    f.equipments = new ArrayList<>(equipments);
  }

  private static boolean inEquipmentSection(Element item) {
    for (Element p = item.parent(); p != null && !p.nameIs("body"); p = p.parent()) {
      for (Element h2 : p.children()) {
        String heading = h2.nameIs("h2") ? Pages.text(h2) : null;
        if (heading != null) {
          return heading.contains("quipement");
        }
      }
    }
    return false;
  }

  private static void readSeller(Document doc, RawListingFields f) {
    Element box = doc.selectFirst("div[data-test=av_sellerInfo], div[class*=sc-1l0do2b-0]");
    if (box == null) {
      return;
    }
    f.sellerName = Pages.textOfFirst(box, "p", "span");
    for (Element a : box.select("a[href]")) {
      String href = a.attr("href").trim();
      if (!href.isEmpty() && !href.startsWith("#") && !href.startsWith("javascript:")) {
        f.sellerUrl = Pages.absUrl(a, "href");
        break;
      }
    }
    String text = Pages.text(box);
    boolean badge = (text != null && text.contains("Voir la boutique"))
        || box.select("svg title").stream().anyMatch(t -> t.text().contains("Store Icon"))
        || box.selectFirst("svg[aria-labelledby*=ShopBadge]") != null;
    // A shop link or an agency's name says store too: the badge alone missed agencies (docs/sites.md §9.10).
    f.sellerIsStore = SellerKind.isStore(badge, f.sellerName, shopLink(box));
  }

  /** Any of the block's links may be the shop's, not only the first (a "Voir la boutique" link may follow the name's). */
  private static @Nullable String shopLink(Element box) {
    for (Element a : box.select("a[href]")) {
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
  private List<String> images(Document doc, String listingId) {
    List<String> images = new ArrayList<>();
    for (Element img : doc.select("div.picture img[src], div.slick-slide img[src]")) {
      // The carousel clones its last slide before the first: clones would reorder the gallery.
      if (img.closest(".slick-cloned") == null && !inLinkToOtherAd(img, listingId)) {
        images.add(img.absUrl("src"));
      }
    }
    return OwnImages.AVITO.of(listingId, images);
  }

  private boolean inLinkToOtherAd(Element img, String listingId) {
    Element link = img.closest("a[href]");
    return link != null && listingIdFromUrl(Pages.absUrl(link, "href")).filter(id -> !id.equals(listingId)).isPresent();
  }
}
