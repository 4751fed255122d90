package dev.souk.transforms.sites;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.io.Urls;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Noon Egypt (docs/sites.md §4). List pages come from the catalog JSON API ({@code
 * /_svc/catalog/api/v3/search/}, {@code hits[]}), which Akamai blocks less often than the HTML;
 * an HTML search page ({@code [data-qa=product-block]} cards) is read too, as the fallback.
 * Product pages are HTML with {@code data-qa} hooks. The listing id is the SKU, which sits
 * <em>before</em> the final {@code /p/} (matching after it failed for every URL, docs/sites.md §4).
 */
public final class NoonAdapter implements SiteAdapter {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String API_START = "https://www.noon.com/_svc/catalog/api/v3/search/?q=smartphones&limit=12&page=1";
  private static final String PRODUCT_BASE = "https://www.noon.com/egypt-en/";

  // N + digits + letter (N53346840A), or the long Z…Z form.
  private static final Pattern SKU = Pattern.compile("/(N\\d+[A-Z]|Z[A-Z0-9]{8,}Z?)/p/?$");
  private static final Pattern PAGE_PARAM = Pattern.compile("([?&]page=)(\\d+)");

  @Override
  public Site site() {
    return Site.NOON;
  }

  @Override
  public List<StartPage> startPages() {
    return List.of(StartPage.of(Site.NOON.code(), API_START, null));
  }

  @Override
  public Optional<String> listingIdFromUrl(String url) {
    return Urls.idInPath(url, Site.NOON.hosts(), SKU);
  }

  @Override
  public ListPage parseListPage(String pageUrl, String body) throws PageParseException {
    try {
      if (body != null && body.stripLeading().startsWith("{")) {
        return parseApiPage(pageUrl, body);
      }
      Document doc = sitePage(pageUrl, body);
      Map<String, ListPage.DetailLink> links = new LinkedHashMap<>();
      for (Element a : doc.select("[data-qa=product-block] a[href], div.productContainer a[href]")) {
        String url = Pages.absUrl(a, "href");
        String price = cardPrice(a.closest("[data-qa=product-block], div.productContainer"));
        listingIdFromUrl(url).ifPresent(id -> links.putIfAbsent(id, new ListPage.DetailLink(url, id, price)));
      }
      Element next = doc.selectFirst("a[rel=next][href], link[rel=next][href]");
      return new ListPage(List.copyOf(links.values()), Optional.ofNullable(next).map(n -> Pages.absUrl(n, "href")));
    } catch (RuntimeException e) {
      throw unreadable(e);
    }
  }

  /** A catalog API response: product URLs built from each hit's slug, SKU and offer code. */
  private ListPage parseApiPage(String pageUrl, String body) throws PageParseException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, "Noon API body is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.path("hits").isArray()) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, "Noon API body has no hits[] array");
    }
    Map<String, ListPage.DetailLink> links = new LinkedHashMap<>();
    for (JsonNode hit : root.get("hits")) {
      String sku = hit.path("sku").asText("");
      String slug = hit.path("url").asText(hit.path("slug").asText(""));
      if (sku.isEmpty() || slug.isEmpty()) {
        continue;
      }
      String offer = hit.path("offer_code").asText("");
      String url = Urls.browserUrl(PRODUCT_BASE + slug + "/" + sku + "/p/" + (offer.isEmpty() ? "" : "?o=" + offer));
      String price = hitPrice(hit);
      listingIdFromUrl(url).ifPresent(id -> links.putIfAbsent(id, new ListPage.DetailLink(url, id, price)));
    }
    int page = root.path("page").asInt(0);
    int pages = root.path("nbPages").asInt(0);
    Optional<String> next = Optional.empty();
    Matcher m = PAGE_PARAM.matcher(pageUrl == null ? "" : pageUrl);
    if (page > 0 && page < pages && m.find()) {
      next = Optional.of(m.replaceFirst("$1" + (page + 1)));
    }
    return new ListPage(List.copyOf(links.values()), next);
  }

  /**
   * An HTML card's now price with its currency ("EGP 31,999"), read like {@link #hitPrice} so
   * both list forms fingerprint alike; the whole now/was block only when the now price has no hook.
   */
  private static String cardPrice(Element card) {
    if (card == null) {
      return null;
    }
    String now = Pages.textOfFirst(card, "[data-qa=price-now]", "strong.amount");
    if (now == null) {
      return Pages.textOfFirst(card, "[data-qa=price-amount]");
    }
    String currency = Pages.textOfFirst(card, ".currency");
    return currency == null ? now : currency + " " + now;
  }

  /**
   * The price a hit's card shows: the sale price, else the list price, as "EGP 31999". The was
   * price is left out: written after the now price it would read as one space-grouped number.
   */
  private static String hitPrice(JsonNode hit) {
    JsonNode now = hit.path("sale_price").isNumber() ? hit.get("sale_price") : hit.path("price");
    return now.isNumber() ? "EGP " + now.asText() : null;
  }

  @Override
  public RawListingFields parseDetailPage(String pageUrl, String html) throws PageParseException {
    try {
      Document doc = sitePage(pageUrl, html);
      RawListingFields f = new RawListingFields();
      f.url = pageUrl;
      f.listingId = listingIdFromUrl(pageUrl)
          .or(() -> listingIdFromUrl(Pages.attr(doc.selectFirst("link[rel=canonical]"), "href")))
          .orElse(null);
      f.title = Pages.textOfFirst(doc, "[data-qa=pdp-name]");
      // "EGP 4,099 5,899 30% OFF": now, was, discount; the normaliser takes the first amount.
      f.priceText = Pages.textOfFirst(doc, "[data-qa=pdp-price]", "[data-qa=pdp-price-final]");
      String brand = Pages.textOfFirst(doc, "[data-qa=pdp-brand]");
      if (brand != null) {
        f.attributes.put("Brand", brand);
      }
      for (Element row : doc.select("table[data-qa=pdp-specifications] tr")) {
        if (row.childrenSize() == 2) {
          String label = Pages.text(row.child(0));
          String value = Pages.text(row.child(1));
          if (label != null && value != null) {
            f.attributes.putIfAbsent(label, value);
          }
        }
      }
      Element seller = doc.selectFirst("[data-qa=pdp-seller-name]");
      f.sellerName = Pages.text(seller);
      f.sellerUrl = seller == null ? null : Pages.absUrl(seller, "href");
      f.sellerIsStore = seller == null ? null : true;
      Set<String> images = new LinkedHashSet<>();
      for (Element img : doc.select("img[src*=nooncdn.com/p/]")) {
        if (img.closest("[data-qa=product-block]") == null) {
          Optional.ofNullable(Pages.absUrl(img, "src")).ifPresent(images::add);
        }
      }
      f.images = new ArrayList<>(images);
      Pages.requireIdTitlePrice("Noon", f);
      return f;
    } catch (RuntimeException e) {
      throw unreadable(e);
    }
  }

  private static Document sitePage(String pageUrl, String html) throws PageParseException {
    Document doc = Pages.parse(pageUrl, html, "Noon");
    if (!Pages.references(doc, "noon.com", "nooncdn.com")) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, "Not a Noon page: no reference to noon.com");
    }
    return doc;
  }

  private static PageParseException unreadable(RuntimeException e) {
    return new PageParseException(PageParseException.NOT_A_PAGE, "Noon page could not be read: " + e);
  }
}
