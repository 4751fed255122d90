package dev.souk.model;

/**
 * A listing's natural key across the crawl state, the lake and the warehouse: {@code
 * <site code>/<listing id>}, e.g. {@code avito/56620071}. The one place the key is spelled.
 */
public final class ListingKey {
  private ListingKey() {}

  /** The key of listing {@code listingId} of the site whose {@link Site#code()} is {@code site}. */
  public static String of(String site, String listingId) {
    return site + "/" + listingId;
  }

  public static String of(Site site, String listingId) {
    return of(site.code(), listingId);
  }
}
