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
import org.jsoup.select.Evaluator;

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
  private static final Evaluator CARD = Pages.css("li[aria-label=Listing]");
  // The blocks an ad's fields sit in, found in one walk (Blocks), and what is read inside them.
  private static final Blocks.Query OVERVIEW = Blocks.own("[aria-label=Overview]");
  private static final Blocks.Query DESCRIPTION = Blocks.own("[aria-label=Description]");
  private static final Blocks.Query BREADCRUMB = Blocks.own("[aria-label=Breadcrumb]");
  private static final Blocks.Query DETAILS = Blocks.own("[aria-label=Details]");
  private static final Blocks.Query GALLERY = Blocks.own("[aria-label=Gallery]");
  private static final Evaluator TITLE = Pages.css("h1");
  private static final Evaluator PRICE = Pages.css("[aria-label=Price]");
  private static final Evaluator LOCATION = Pages.css("[aria-label=Location]");
  private static final Evaluator DESCRIPTION_TEXT = Pages.css("[aria-label=Description] span");
  private static final Evaluator BREADCRUMB_LINKS = Pages.css("[aria-label=Breadcrumb] a");
  private static final Evaluator DETAIL_ROWS = Pages.css("[aria-label=Details] > div");
  private static final Evaluator FIRST_SPAN = Pages.css("span:nth-of-type(1)");
  private static final Evaluator SECOND_SPAN = Pages.css("span:nth-of-type(2)");
  private static final Evaluator GALLERY_IMAGES = Pages.css("[aria-label=Gallery] img[src]");

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
    return Pages.textOfFirst(link.closest(CARD), PRICE);
  }

  @Override
  String nextLinks() {
    return "a[rel=next][href], a[aria-label=Next Page][href]";
  }

  @Override
  void readDetail(Document doc, RawListingFields f) {
    Blocks page = Blocks.find(doc, OVERVIEW, DESCRIPTION, BREADCRUMB, DETAILS, GALLERY);
    Element overview = page.first(OVERVIEW);
    if (overview != null) {
      f.title = Pages.textOfFirst(overview, TITLE);
      // "EGP 26,900 Negotiable" or "Not Available": the tag belongs to the price.
      f.priceText = Pages.textOfFirst(overview, PRICE);
      f.locationText = Pages.textOfFirst(overview, LOCATION);
    }
    f.description = Pages.text(page.firstWithin(DESCRIPTION, DESCRIPTION_TEXT));
    for (Element a : page.within(BREADCRUMB, BREADCRUMB_LINKS)) {
      Optional.ofNullable(Pages.text(a)).ifPresent(f.breadcrumbs::add);
    }
    // Brand, Model, Condition, ... as the ad's Details block labels them, when the seller filled it.
    for (Element row : page.within(DETAILS, DETAIL_ROWS)) {
      String label = Pages.textOfFirst(row, FIRST_SPAN);
      String value = Pages.textOfFirst(row, SECOND_SPAN);
      if (label != null && value != null) {
        f.attributes.putIfAbsent(label, value);
      }
    }
    Set<String> images = new LinkedHashSet<>();
    for (Element img : page.within(GALLERY, GALLERY_IMAGES)) {
      Optional.ofNullable(Pages.absUrl(img, "src")).ifPresent(images::add);
    }
    f.images = new ArrayList<>(images);
  }
}
