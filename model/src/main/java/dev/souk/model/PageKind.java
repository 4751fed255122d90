package dev.souk.model;

/** What a fetched page is to the crawl: it decides which parser reads it. */
public enum PageKind {
  /** A search-results (SERP) page: yields detail URLs and the next page. */
  LIST,
  /** A listing's own page: yields one raw listing. */
  DETAIL
}
