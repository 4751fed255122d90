package dev.souk.model;

import org.joda.time.Instant;

/**
 * What every silver listing type shares: its natural key, when it was seen, and the hash of its
 * content. Deduplication and versioning work on this, whatever the market.
 */
public interface ListingVersion {
  /** {@link Site#code()}. */
  String getSource();

  String getListingId();

  String getUrl();

  Instant getScrapedAt();

  /** Hex SHA-256 of everything a user sees; a new hash is a new version of the listing. */
  String getContentHash();

  /** Natural key across the lake and the warehouse: {@code <source>/<listing id>}. */
  default String listingKey() {
    return ListingKey.of(getSource(), getListingId());
  }
}
