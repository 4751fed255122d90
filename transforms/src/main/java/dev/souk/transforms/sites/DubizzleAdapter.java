package dev.souk.transforms.sites;

import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
public final class DubizzleAdapter extends AbstractSiteAdapter {
  private static final long serialVersionUID = 1L;

  static final String SEARCH_START =
      "https://www.dubizzle.com.eg/en/mobile-phones-tablets-accessories-numbers/mobile-phones/q-iphone-13/";

  private static final Pattern ID = Pattern.compile("/ad/[^/]*-ID(\\d+)\\.html$");

  public DubizzleAdapter() {
    super(Site.DUBIZZLE, "Dubizzle", ID, "dubizzle.com.eg");
  }

  @Override
  public List<StartPage> startPages() {
    return List.of(startPage(SEARCH_START, null));
  }

  @Override
  String cardLinks() {
    return "li[aria-label=Listing] a[href]";
  }

  @Override
  String cardPrice(Element link) {
    return Pages.textOfFirst(link.closest("li[aria-label=Listing]"), "[aria-label=Price]");
  }

  @Override
  String nextLinks() {
    return "a[rel=next][href], a[aria-label=Next Page][href]";
  }

  @Override
  void readDetail(Document doc, RawListingFields f) {
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
  }
}
