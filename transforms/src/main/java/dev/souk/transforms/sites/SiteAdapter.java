package dev.souk.transforms.sites;

import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Everything Souk knows about reading one site's pages. Pure: no I/O, no Beam, so each adapter
 * is unit-tested on saved pages. One implementation per site, found through {@link SiteAdapters}.
 */
public interface SiteAdapter extends Serializable {
  Site site();

  /** The site's search pages to start a crawl from, one per crawl mode (sale, rent, ...). */
  List<StartPage> startPages();

  /** The site's listing id in a detail URL, if the URL is a detail URL of this site. */
  Optional<String> listingIdFromUrl(String url);

  /**
   * Reads a search-results page: the detail links on it (absolute, de-duplicated, in page
   * order) and the next page, if the page links one.
   *
   * @throws PageParseException if the page is not a list page of this site
   */
  ListPage parseListPage(String pageUrl, String html) throws PageParseException;

  /**
   * Reads a listing's page into its raw fields, exactly as shown.
   *
   * @throws PageParseException with reason {@link PageParseException#LAYOUT_CHANGED} when the
   *     fields every listing must have (id, title, and a price or an explicit "on request")
   *     cannot be found; never returns an empty record. A site that shows no price element for
   *     ads without a price (Avito, docs/sites.md §1.6) requires id and title only, and leaves priceText
   *     null for the normaliser to flag
   */
  RawListingFields parseDetailPage(String pageUrl, String html) throws PageParseException;
}
