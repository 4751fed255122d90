package dev.souk.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * What the crawl knew of a listing when it last stored its page: the card fingerprint that page
 * went with, and the HTTP validators to ask the site whether the page changed since. One row per
 * successful (or confirmed unchanged) detail fetch; the latest row per (site, listing id) wins.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class CrawlState {
  public abstract String getSite();

  public abstract String getListingId();

  /** {@code ListPage.DetailLink#fingerprint()} of the card the page was fetched for. */
  public abstract String getFingerprint();

  public abstract String getUrl();

  /** The page's {@code ETag}, for {@code If-None-Match}. */
  public abstract @Nullable String getEtag();

  /** The page's {@code Last-Modified}, for {@code If-Modified-Since}. */
  public abstract @Nullable String getLastModified();

  /** When the page was fetched or confirmed unchanged. */
  public abstract Instant getSeenAt();

  public static CrawlState create(
      String site,
      String listingId,
      String fingerprint,
      String url,
      @Nullable String etag,
      @Nullable String lastModified,
      Instant seenAt) {
    return new AutoValue_CrawlState(site, listingId, fingerprint, url, etag, lastModified, seenAt);
  }

  /** The listing's natural key, as {@code DetailRequest#listingKey()} spells it. */
  public String listingKey() {
    return ListingKey.of(getSite(), getListingId());
  }
}
