package dev.souk.transforms.sites;

import java.util.List;
import java.util.Optional;

/** What a search-results page yields: detail links in page order, and the next page. */
public record ListPage(List<DetailLink> detailLinks, Optional<String> nextPageUrl) {

  /** A link to a listing's page, with the listing id read from it. */
  public record DetailLink(String url, String listingId) {}
}
