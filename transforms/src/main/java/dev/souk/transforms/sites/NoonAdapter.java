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
 * Noon Egypt (docs/sites.md §4). List pages come from the catalog JSON API ({@code
 * /_svc/catalog/api/v3/search/}, {@code hits[]}), which Akamai blocks less often than the HTML;
 * an HTML search page ({@code [data-qa=product-block]} cards) is read too, as the fallback.
 * Product pages are HTML with {@code data-qa} hooks. The listing id is the SKU, which sits
 * <em>before</em> the final {@code /p/} (matching after it failed for every URL, docs/sites.md §4).
 */
public final class NoonAdapter extends AbstractSiteAdapter {
  private static final long serialVersionUID = 1L;

  static final String API_START = "https://www.noon.com/_svc/catalog/api/v3/search/?q=smartphones&limit=12&page=1";
  private static final String PRODUCT_BASE = "https://www.noon.com/egypt-en/";
  private static final Evaluator CARD = Pages.css("[data-qa=product-block], div.productContainer");
  private static final Evaluator PRICE_NOW = Pages.css("[data-qa=price-now]");
  private static final Evaluator AMOUNT = Pages.css("strong.amount");
  private static final Evaluator PRICE_AMOUNT = Pages.css("[data-qa=price-amount]");
  private static final Evaluator CURRENCY = Pages.css(".currency");
  // Where a product page's fields sit, found in one walk (Blocks); photos in similar-product cards are not its own.
  private static final Blocks.Query NAME = Blocks.anywhere("[data-qa=pdp-name]");
  private static final Blocks.Query PRICE = Blocks.anywhere("[data-qa=pdp-price]");
  private static final Blocks.Query PRICE_FINAL = Blocks.anywhere("[data-qa=pdp-price-final]");
  private static final Blocks.Query BRAND = Blocks.anywhere("[data-qa=pdp-brand]");
  private static final Blocks.Query SPECIFICATIONS = Blocks.anywhere("table[data-qa=pdp-specifications]");
  private static final Blocks.Query SELLER = Blocks.anywhere("[data-qa=pdp-seller-name]");
  private static final Blocks.Query PRODUCT_IMAGES = Blocks.own("img[src*=nooncdn.com/p/]");
  private static final Evaluator SPEC_ROWS = Pages.css("table[data-qa=pdp-specifications] tr");
  private static final Evaluator PRODUCT_BLOCK = Pages.css("[data-qa=product-block]");

  // N + digits + letter (N53346840A), or the long Z…Z form.
  private static final Pattern SKU = Pattern.compile("/(N\\d+[A-Z]|Z[A-Z0-9]{8,}Z?)/p/?$");

  public NoonAdapter() {
    super(Site.NOON, "Noon", SKU, "noon.com", "nooncdn.com");
  }

  @Override
  public List<StartPage> startPages() {
    return List.of(startPage(API_START, null));
  }

  @Override
  String cardLinks() {
    return "[data-qa=product-block] a[href], div.productContainer a[href]";
  }

  /**
   * An HTML card's now price with its currency ("EGP 31,999"), read like {@link #hitPrice} so
   * both list forms fingerprint alike; the whole now/was block only when the now price has no hook.
   */
  @Override
  @Nullable String cardPrice(Element link) {
    Element card = link.closest(CARD);
    if (card == null) {
      return null;
    }
    String now = Pages.textOfFirst(card, PRICE_NOW, AMOUNT);
    if (now == null) {
      return Pages.textOfFirst(card, PRICE_AMOUNT);
    }
    String currency = Pages.textOfFirst(card, CURRENCY);
    return currency == null ? now : currency + " " + now;
  }

  @Override
  boolean readsSearchApi() {
    return true;
  }

  @Override
  String searchApiName() {
    return "Noon API";
  }

  /** A catalog API hit: the product URL built from its slug, SKU and offer code. */
  @Override
  @Nullable Card searchHit(JsonNode hit) {
    String sku = hit.path("sku").asText("");
    String slug = hit.path("url").asText(hit.path("slug").asText(""));
    if (sku.isEmpty() || slug.isEmpty()) {
      return null;
    }
    String offer = hit.path("offer_code").asText("");
    return new Card(Urls.browserUrl(PRODUCT_BASE + slug + "/" + sku + "/p/" + (offer.isEmpty() ? "" : "?o=" + offer)),
        hitPrice(hit));
  }

  /** Noon counts pages from 1. */
  @Override
  boolean hasNextSearchPage(int page, int pages) {
    return page > 0 && page < pages;
  }

  /**
   * The price a hit's card shows: the sale price, else the list price, as "EGP 31999". The was
   * price is left out: written after the now price it would read as one space-grouped number.
   */
  private static @Nullable String hitPrice(JsonNode hit) {
    JsonNode now = hit.path("sale_price").isNumber() ? hit.get("sale_price") : hit.path("price");
    return now.isNumber() ? "EGP " + now.asText() : null;
  }

  @Override
  void readDetail(Document doc, RawListingFields f) {
    Blocks page = Blocks.find(doc, PRODUCT_BLOCK, NAME, PRICE, PRICE_FINAL, BRAND, SPECIFICATIONS, SELLER, PRODUCT_IMAGES);
    f.title = Pages.text(page.first(NAME));
    // "EGP 4,099 5,899 30% OFF": now, was, discount; the normaliser takes the first amount.
    f.priceText = Optional.ofNullable(Pages.text(page.first(PRICE))).orElse(Pages.text(page.first(PRICE_FINAL)));
    String brand = Pages.text(page.first(BRAND));
    if (brand != null) {
      f.attributes.put("Brand", brand);
    }
    for (Element row : page.within(SPECIFICATIONS, SPEC_ROWS)) {
      if (row.childrenSize() == 2) {
        String label = Pages.text(row.child(0));
        String value = Pages.text(row.child(1));
        if (label != null && value != null) {
          f.attributes.putIfAbsent(label, value);
        }
      }
    }
    Element seller = page.first(SELLER);
    f.sellerName = Pages.text(seller);
    f.sellerUrl = seller == null ? null : Pages.absUrl(seller, "href");
    f.sellerIsStore = seller == null ? null : true;
    // Product photos outside the similar-products cards.
    Set<String> images = new LinkedHashSet<>();
    for (Element img : page.all(PRODUCT_IMAGES)) {
      Optional.ofNullable(Pages.absUrl(img, "src")).ifPresent(images::add);
    }
    f.images = new ArrayList<>(images);
  }
}
