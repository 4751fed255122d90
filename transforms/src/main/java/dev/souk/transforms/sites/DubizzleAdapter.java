package dev.souk.transforms.sites;

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
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Dubizzle Egypt ads (docs/sites.md §5). The site's class names are hashed per build, but its
 * accessibility labels ({@code aria-label="Price"}, {@code "Location"}, {@code "Listing"}) are
 * stable, so those are the hooks.
 */
public final class DubizzleAdapter implements SiteAdapter {
  private static final long serialVersionUID = 1L;

  static final String SEARCH_START =
      "https://www.dubizzle.com.eg/en/mobile-phones-tablets-accessories-numbers/mobile-phones/q-iphone-13/";

  private static final Pattern ID = Pattern.compile("/ad/[^/]*-ID(\\d+)\\.html$");

  @Override
  public Site site() {
    return Site.DUBIZZLE;
  }

  @Override
  public List<StartPage> startPages() {
    return List.of(StartPage.of(Site.DUBIZZLE.code(), SEARCH_START, null));
  }

  @Override
  public Optional<String> listingIdFromUrl(String url) {
    return Urls.idInPath(url, Site.DUBIZZLE.hosts(), ID);
  }

  @Override
  public ListPage parseListPage(String pageUrl, String html) throws PageParseException {
    try {
      Document doc = sitePage(pageUrl, html);
      Map<String, ListPage.DetailLink> links = new LinkedHashMap<>();
      for (Element a : doc.select("li[aria-label=Listing] a[href]")) {
        String url = Pages.absUrl(a, "href");
        String price = Pages.textOfFirst(a.closest("li[aria-label=Listing]"), "[aria-label=Price]");
        listingIdFromUrl(url).ifPresent(id -> links.putIfAbsent(id, new ListPage.DetailLink(url, id, price)));
      }
      Element next = doc.selectFirst("a[rel=next][href], a[aria-label=Next Page][href]");
      return new ListPage(List.copyOf(links.values()), Optional.ofNullable(next).map(n -> Pages.absUrl(n, "href")));
    } catch (RuntimeException e) {
      throw unreadable(e);
    }
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
      Element overview = doc.selectFirst("[aria-label=Overview]");
      if (overview != null) {
        f.title = Pages.textOfFirst(overview, "h1");
        // "EGP 26,900 Negotiable" or "Not Available": the tag belongs to the price.
        f.priceText = Pages.textOfFirst(overview, "[aria-label=Price]");
        f.locationText = Pages.textOfFirst(overview, "[aria-label=Location]");
      }
      f.description = Pages.textOfFirst(doc, "[aria-label=Description] span");
      for (Element a : doc.select("[aria-label=Breadcrumb] a")) {
        Optional.ofNullable(Pages.text(a)).ifPresent(f.breadcrumbs::add);
      }
      // Brand, Model, Condition, ... as the ad's Details block labels them, when the seller filled it.
      for (Element row : doc.select("[aria-label=Details] > div")) {
        String label = Pages.textOfFirst(row, "span:nth-of-type(1)");
        String value = Pages.textOfFirst(row, "span:nth-of-type(2)");
        if (label != null && value != null) {
          f.attributes.putIfAbsent(label, value);
        }
      }
      Set<String> images = new LinkedHashSet<>();
      for (Element img : doc.select("[aria-label=Gallery] img[src]")) {
        Optional.ofNullable(Pages.absUrl(img, "src")).ifPresent(images::add);
      }
      f.images = new ArrayList<>(images);
      Pages.requireIdTitlePrice("Dubizzle", f);
      return f;
    } catch (RuntimeException e) {
      throw unreadable(e);
    }
  }

  private static Document sitePage(String pageUrl, String html) throws PageParseException {
    Document doc = Pages.parse(pageUrl, html, "Dubizzle");
    if (!Pages.references(doc, "dubizzle.com.eg")) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, "Not a Dubizzle page: no reference to dubizzle.com.eg");
    }
    return doc;
  }

  private static PageParseException unreadable(RuntimeException e) {
    return new PageParseException(PageParseException.NOT_A_PAGE, "Dubizzle page could not be read: " + e);
  }
}
