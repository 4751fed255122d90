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
public final class MobileMasrAdapter implements SiteAdapter {
  private static final long serialVersionUID = 1L;

  /** Algolia search for iPhone 13s; {@code page} counts from 0, as Algolia's does. */
  static final String ALGOLIA_START =
      "https://mobilemasr.com/algolia/1/indexes/Variant_new_index?query=iphone%2013&hitsPerPage=24&page=0";

  /** The HTML search for used iPhone 13s (the filter value مستعمل is condition = used): the fallback. */
  static final String HTML_SEARCH =
      Urls.browserUrl("https://mobilemasr.com/search?q=iphone+13&filter_3_الحاله_ar=مستعمل&page=1");

  // The code (2 letters + 6 digits) closes the slug: vu016610, vn016398, su001271.
  private static final Pattern ID = Pattern.compile("/products/show/[^/]*-([a-z]{2}\\d{6})/?$");
  private static final String SELLER_LINK = "a.flex.items-center.space-x-2.py-1.rounded";
  private static final String PRODUCT_BASE = "https://mobilemasr.com/products/show/";
  private static final Pattern PAGE_PARAM = Pattern.compile("([?&]page=)(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Site site() {
    return Site.MOBILEMASR;
  }

  @Override
  public List<StartPage> startPages() {
    return List.of(StartPage.of(Site.MOBILEMASR.code(), ALGOLIA_START, null));
  }

  @Override
  public Optional<String> listingIdFromUrl(String url) {
    return Urls.idInPath(url, Site.MOBILEMASR.hosts(), ID);
  }

  @Override
  public ListPage parseListPage(String pageUrl, String html) throws PageParseException {
    try {
      if (html != null && html.stripLeading().startsWith("{")) {
        return parseAlgoliaPage(pageUrl, html);
      }
      Document doc = sitePage(pageUrl, html);
      Map<String, ListPage.DetailLink> links = new LinkedHashMap<>();
      for (Element a : doc.select("div.product-card a[href]")) {
        String url = Pages.absUrl(a, "href");
        // "27,150 جنيه", beside the card's link rather than inside it.
        String price = Pages.textOfFirst(a.closest("div.product-card"), "p span.text-sm", "p span");
        listingIdFromUrl(url).ifPresent(id -> links.putIfAbsent(id, new ListPage.DetailLink(url, id, price)));
      }
      Element next = doc.selectFirst("a[rel=next][href], link[rel=next][href]");
      return new ListPage(List.copyOf(links.values()), Optional.ofNullable(next).map(n -> Pages.absUrl(n, "href")));
    } catch (RuntimeException e) {
      throw unreadable(e);
    }
  }

  /**
   * An Algolia response: the product URL is the hit's slug and code as the cards link them, the
   * price the sale price as the cards show it. {@code page} counts from 0, so the next page exists
   * while {@code page + 1 < nbPages}.
   */
  private ListPage parseAlgoliaPage(String pageUrl, String body) throws PageParseException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, "Mobile Masr Algolia body is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.path("hits").isArray()) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, "Mobile Masr Algolia body has no hits[] array");
    }
    Map<String, ListPage.DetailLink> links = new LinkedHashMap<>();
    for (JsonNode hit : root.get("hits")) {
      String code = hit.path("sku").asText("");
      String slug = hit.path("slug_en").asText("");
      if (code.isEmpty() || slug.isEmpty()) {
        continue;
      }
      String url = Urls.browserUrl(PRODUCT_BASE + slug + "-" + code);
      String price = hit.path("sale_price").isNumber() ? hit.get("sale_price").asText() + " جنيه" : null;
      listingIdFromUrl(url).ifPresent(id -> links.putIfAbsent(id, new ListPage.DetailLink(url, id, price)));
    }
    int page = root.path("page").asInt(0);
    Optional<String> next = Optional.empty();
    Matcher m = PAGE_PARAM.matcher(pageUrl == null ? "" : pageUrl);
    if (page + 1 < root.path("nbPages").asInt(0) && m.find()) {
      next = Optional.of(m.replaceFirst("$1" + (page + 1)));
    }
    return new ListPage(List.copyOf(links.values()), next);
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
      Element product = Optional.ofNullable(doc.selectFirst("#product")).orElse(doc.body());
      f.title = Pages.textOfFirst(product, "h1");
      f.priceText = Pages.textOfFirst(product, "p.text-2xl span", "p span.text-sm");
      // Spec rows as labelled on the site (الحالة, صحة البطارية, الضمان, الدرجة); the badge alone
      // when the table is missing, labelled by what it holds.
      for (Element row : product.select("table tr")) {
        String label = Pages.textOfFirst(row, "th");
        String value = Pages.textOfFirst(row, "td");
        if (label != null && value != null) {
          f.attributes.putIfAbsent(label, value);
        }
      }
      String badge = Pages.textOfFirst(product, "span.inline-flex");
      if (badge != null && !f.attributes.containsValue(badge)) {
        f.attributes.put("badge", badge);
      }
      Element seller = product.selectFirst(SELLER_LINK);
      if (seller != null) {
        f.sellerName = Pages.textOfFirst(seller, "p");
        f.sellerUrl = Pages.absUrl(seller, "href");
        f.sellerIsStore = true;
      }
      Set<String> images = new LinkedHashSet<>();
      for (Element img : product.select(".gallery img[src]")) {
        Optional.ofNullable(Pages.absUrl(img, "src")).ifPresent(images::add);
      }
      f.images = new ArrayList<>(images);
      Pages.requireIdTitlePrice("Mobile Masr", f);
      return f;
    } catch (RuntimeException e) {
      throw unreadable(e);
    }
  }

  private static Document sitePage(String pageUrl, String html) throws PageParseException {
    Document doc = Pages.parse(pageUrl, html, "Mobile Masr");
    if (!Pages.references(doc, "mobilemasr.com")) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, "Not a Mobile Masr page: no reference to mobilemasr.com");
    }
    return doc;
  }

  private static PageParseException unreadable(RuntimeException e) {
    return new PageParseException(PageParseException.NOT_A_PAGE, "Mobile Masr page could not be read: " + e);
  }
}
