package dev.souk.transforms.sites;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.io.Urls;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;

/**
 * What every site adapter does the same way, so that each adapter holds only its site's selectors
 * and rules:
 *
 * <ul>
 *   <li>a page is one of the site's only if it references one of the site's hosts;
 *   <li>a list page yields, per card link, its URL and the price its card shows, de-duplicated by
 *       the listing id in the URL (an ad linked twice keeps its first link; where a site's links
 *       carry the price themselves, {@link #priceFromAnyLink}, the first price any of them shows),
 *       and the next page;
 *   <li>a search API's JSON answer (where a site has one) yields the same from its {@code hits[]};
 *   <li>a detail page's id comes from its URL, else its canonical link; its fields are the site's
 *       own; id, title and (unless {@link #priceMayBeAbsent}) price text are required;
 *   <li>anything the page makes jsoup or Jackson throw is {@link PageParseException#NOT_A_PAGE}.
 * </ul>
 */
abstract class AbstractSiteAdapter implements SiteAdapter {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PAGE_PARAM = Pattern.compile("([?&]page=)(\\d+)");
  private static final Evaluator CANONICAL = Pages.css("link[rel=canonical]");

  private final Site site;
  private final String name;
  private final Pattern listingId;
  private final String[] pageHosts;

  /**
   * @param name the site as messages name it ("Mobile Masr")
   * @param listingId finds the listing id, as its first group, in a decoded URL of the site
   * @param pageHosts host names a page of the site references (the first one is named in errors)
   */
  AbstractSiteAdapter(Site site, String name, Pattern listingId, String... pageHosts) {
    this.site = site;
    this.name = name;
    this.listingId = listingId;
    this.pageHosts = pageHosts;
  }

  @Override
  public final Site site() {
    return site;
  }

  final StartPage startPage(String url, @Nullable String offer) {
    return StartPage.of(site.code(), url, offer);
  }

  @Override
  public Optional<String> listingIdFromUrl(String url) {
    return Urls.idInPath(url, site.hosts(), listingId);
  }

  // ---------------------------------------------------------------- list pages

  @Override
  public final ListPage parseListPage(String pageUrl, String body) throws PageParseException {
    try {
      if (readsSearchApi() && body != null && body.stripLeading().startsWith("{")) {
        return parseSearchApi(pageUrl, body);
      }
      Document doc = sitePage(pageUrl, body);
      Links links = new Links();
      for (Element link : doc.select(cardLinks())) {
        String url = cardUrl(link);
        listingIdFromUrl(url).ifPresent(id -> links.add(url, id, cardPrice(link)));
      }
      return links.page(nextPage(doc, pageUrl));
    } catch (RuntimeException e) {
      throw unreadable(e);
    }
  }

  /** The elements that link a listing's page (a card's anchors; any link where cards have no hook). */
  abstract String cardLinks();

  /** The absolute URL a card link leads to; null if it holds none. */
  String cardUrl(Element link) {
    return Pages.absUrl(link, "href");
  }

  /** The price text the link's card shows, exactly as shown; null if it shows none. */
  abstract @Nullable String cardPrice(Element link);

  /**
   * True for a site whose card links each show a price or not (a photo link and a title link):
   * an ad linked twice then takes the first price any of its links shows, not its first link's.
   */
  boolean priceFromAnyLink() {
    return false;
  }

  /** Where the next page's link is ({@link #nextPage} reads the first match). */
  String nextLinks() {
    return "a[rel=next][href], link[rel=next][href]";
  }

  Optional<String> nextPage(Document doc, String pageUrl) {
    return Optional.ofNullable(doc.selectFirst(nextLinks())).map(next -> Pages.absUrl(next, "href"));
  }

  // ---------------------------------------------------------------- search API (JSON list pages)

  /** True for a site whose list pages are also JSON answers of its search API. */
  boolean readsSearchApi() {
    return false;
  }

  /** The search API as errors name it ("Noon API"). */
  String searchApiName() {
    throw new UnsupportedOperationException(name + " has no search API");
  }

  /** The listing a hit stands for, or null if the hit lacks what its link needs. */
  @Nullable Card searchHit(JsonNode hit) {
    throw new UnsupportedOperationException(name + " has no search API");
  }

  /** Whether an answer for {@code page} (the API's own numbering) of {@code pages} has a next one. */
  boolean hasNextSearchPage(int page, int pages) {
    throw new UnsupportedOperationException(name + " has no search API");
  }

  /** A listing a search API hit names: its page URL and price text, as its card would show them. */
  record Card(String url, @Nullable String priceText) {}

  /** The next page is this one's URL with its {@code page} parameter counted up. */
  private ListPage parseSearchApi(String pageUrl, String body) throws PageParseException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, searchApiName() + " body is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.path("hits").isArray()) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, searchApiName() + " body has no hits[] array");
    }
    Links links = new Links();
    for (JsonNode hit : root.get("hits")) {
      Card card = searchHit(hit);
      if (card != null) {
        listingIdFromUrl(card.url()).ifPresent(id -> links.add(card.url(), id, card.priceText()));
      }
    }
    int page = root.path("page").asInt(0);
    Optional<String> next = Optional.empty();
    Matcher m = PAGE_PARAM.matcher(pageUrl == null ? "" : pageUrl);
    if (hasNextSearchPage(page, root.path("nbPages").asInt(0)) && m.find()) {
      next = Optional.of(m.replaceFirst("$1" + (page + 1)));
    }
    return links.page(next);
  }

  /** A list page's detail links in page order, one per listing id. */
  private final class Links {
    private final Map<String, ListPage.DetailLink> byId = new LinkedHashMap<>();

    void add(String url, String id, @Nullable String price) {
      byId.merge(id, new ListPage.DetailLink(url, id, price),
          (first, later) -> !priceFromAnyLink() || first.priceText() != null || later.priceText() == null ? first
              : new ListPage.DetailLink(first.url(), id, later.priceText()));
    }

    ListPage page(Optional<String> next) {
      return new ListPage(List.copyOf(byId.values()), next);
    }
  }

  // ---------------------------------------------------------------- detail pages

  @Override
  public final RawListingFields parseDetailPage(String pageUrl, String html) throws PageParseException {
    try {
      Document doc = sitePage(pageUrl, html);
      RawListingFields f = new RawListingFields();
      f.url = pageUrl;
      f.listingId = listingIdFromUrl(pageUrl)
          .or(() -> listingIdFromUrl(Pages.attr(doc.selectFirst(CANONICAL), "href")))
          .orElse(null);
      readDetail(doc, f);
      requireListing(f);
      return f;
    } catch (RuntimeException e) {
      throw unreadable(e);
    }
  }

  /** Reads the site's fields of a detail page into {@code f}, whose url and listingId are set. */
  abstract void readDetail(Document doc, RawListingFields f);

  /** True for a site that shows no price element for ads without a price: id and title suffice. */
  boolean priceMayBeAbsent() {
    return false;
  }

  /** Missing fields every listing must have mean the selectors no longer match. */
  private void requireListing(RawListingFields f) throws PageParseException {
    List<String> missing = new ArrayList<>();
    if (f.listingId == null) {
      missing.add("listingId");
    }
    if (f.title == null) {
      missing.add("title");
    }
    boolean unreadable = !missing.isEmpty();
    if (f.priceText == null) {
      missing.add("priceText");
    }
    if (unreadable || !missing.isEmpty() && !priceMayBeAbsent()) {
      throw new PageParseException(PageParseException.LAYOUT_CHANGED,
          name + " detail page " + f.url + " lacks " + String.join(", ", missing));
    }
  }

  // ---------------------------------------------------------------- any page

  private Document sitePage(String pageUrl, String html) throws PageParseException {
    Document doc = Pages.parse(pageUrl, html, name);
    if (!Pages.references(doc, pageHosts)) {
      String article = "AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ";
      throw new PageParseException(PageParseException.NOT_A_PAGE,
          "Not " + article + name + " page: no reference to " + pageHosts[0]);
    }
    return doc;
  }

  private PageParseException unreadable(RuntimeException e) {
    return new PageParseException(PageParseException.NOT_A_PAGE, name + " page could not be read: " + e);
  }
}
