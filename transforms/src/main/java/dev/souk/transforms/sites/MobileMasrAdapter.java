package dev.souk.transforms.sites;

import com.fasterxml.jackson.databind.JsonNode;
import dev.souk.io.Urls;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;

/**
 * Mobile Masr used and new phones (docs/sites.md §3). Tailwind pages: long utility classes are fragile,
 * so the hooks are the few stable ones the cross-check scrapers agree on ({@code div.product-card},
 * the {@code span.inline-flex} badge, the seller link's {@code flex items-center space-x-2 py-1
 * rounded}) plus plain structure ({@code h1}, the spec table's th/td pairs).
 *
 * <p>List pages come from the site's Algolia search (index {@code Variant_new_index}, {@code
 * hits[]}), whose hits name the product by slug and code rather than by an Arabic title the card
 * truncates; the HTML search page is read too, as the fallback. The real API is {@code POST
 * https://<APP_ID>-dsn.algolia.net/1/indexes/Variant_new_index/query} with the site's public
 * search-only app id and key: a live deployment takes both from configuration, never from code.
 * The start URL is Algolia's GET form of the same search, on the host the sample serves it from.
 */
public final class MobileMasrAdapter extends AbstractSiteAdapter {
  private static final long serialVersionUID = 1L;

  /** Algolia search for iPhone 13s; {@code page} counts from 0, as Algolia's does. */
  static final String ALGOLIA_START =
      "https://mobilemasr.com/algolia/1/indexes/Variant_new_index?query=iphone%2013&hitsPerPage=24&page=0";

  /** The HTML search for used iPhone 13s (the filter value مستعمل is condition = used): the fallback. */
  static final String HTML_SEARCH =
      Urls.browserUrl("https://mobilemasr.com/search?q=iphone+13&filter_3_الحاله_ar=مستعمل&page=1");

  // The code (2 letters + 6 digits) closes the slug: vu016610, vn016398, su001271.
  private static final Pattern ID = Pattern.compile("/products/show/[^/]*-([a-z]{2}\\d{6})/?$");
  private static final Evaluator PRODUCT = Pages.css("#product");
  private static final Evaluator CARD = Pages.css("div.product-card");
  private static final Evaluator CARD_PRICE = Pages.css("p span.text-sm");
  private static final Evaluator ANY_PRICE = Pages.css("p span");
  private static final Evaluator TITLE = Pages.css("h1");
  private static final Evaluator PRICE = Pages.css("p.text-2xl span");
  private static final Evaluator SPEC_ROWS = Pages.css("table tr");
  private static final Evaluator TH = Pages.css("th");
  private static final Evaluator TD = Pages.css("td");
  private static final Evaluator BADGE = Pages.css("span.inline-flex");
  private static final Evaluator SELLER_LINK = Pages.css("a.flex.items-center.space-x-2.py-1.rounded");
  private static final Evaluator SELLER_NAME = Pages.css("p");
  private static final Evaluator GALLERY = Pages.css(".gallery img[src]");
  private static final String PRODUCT_BASE = "https://mobilemasr.com/products/show/";

  public MobileMasrAdapter() {
    super(Site.MOBILEMASR, "Mobile Masr", ID, "mobilemasr.com");
  }

  @Override
  public List<StartPage> startPages() {
    return List.of(startPage(ALGOLIA_START, null));
  }

  @Override
  String cardLinks() {
    return "div.product-card a[href]";
  }

  /** "27,150 جنيه", beside the card's link rather than inside it. */
  @Override
  @Nullable String cardPrice(Element link) {
    return Pages.textOfFirst(link.closest(CARD), CARD_PRICE, ANY_PRICE);
  }

  @Override
  boolean readsSearchApi() {
    return true;
  }

  @Override
  String searchApiName() {
    return "Mobile Masr Algolia";
  }

  /** The product URL is the hit's slug and code as the cards link them, the price the sale price as the cards show it. */
  @Override
  @Nullable Card searchHit(JsonNode hit) {
    String code = hit.path("sku").asText("");
    String slug = hit.path("slug_en").asText("");
    if (code.isEmpty() || slug.isEmpty()) {
      return null;
    }
    String price = hit.path("sale_price").isNumber() ? hit.get("sale_price").asText() + " جنيه" : null;
    return new Card(Urls.browserUrl(PRODUCT_BASE + slug + "-" + code), price);
  }

  /** Algolia counts pages from 0. */
  @Override
  boolean hasNextSearchPage(int page, int pages) {
    return page + 1 < pages;
  }

  @Override
  void readDetail(Document doc, RawListingFields f) {
    Element product = Optional.ofNullable(doc.selectFirst(PRODUCT)).orElse(doc.body());
    f.title = Pages.textOfFirst(product, TITLE);
    f.priceText = Pages.textOfFirst(product, PRICE, CARD_PRICE);
    // Spec rows as labelled on the site (الحالة, صحة البطارية, الضمان, الدرجة); the badge alone
    // when the table is missing, labelled by what it holds.
    for (Element row : product.select(SPEC_ROWS)) {
      String label = Pages.textOfFirst(row, TH);
      String value = Pages.textOfFirst(row, TD);
      if (label != null && value != null) {
        f.attributes.putIfAbsent(label, value);
      }
    }
    String badge = Pages.textOfFirst(product, BADGE);
    if (badge != null && !f.attributes.containsValue(badge)) {
      f.attributes.put("badge", badge);
    }
    Element seller = product.selectFirst(SELLER_LINK);
    if (seller != null) {
      f.sellerName = Pages.textOfFirst(seller, SELLER_NAME);
      f.sellerUrl = Pages.absUrl(seller, "href");
      f.sellerIsStore = true;
    }
    Set<String> images = new LinkedHashSet<>();
    for (Element img : product.select(GALLERY)) {
      Optional.ofNullable(Pages.absUrl(img, "src")).ifPresent(images::add);
    }
    f.images = new ArrayList<>(images);
  }
}
