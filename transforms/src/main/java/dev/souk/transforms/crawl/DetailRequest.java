package dev.souk.transforms.crawl;

import com.google.auto.value.AutoValue;
import dev.souk.model.ListingKey;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A listing page to fetch, found on a list page. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DetailRequest {
  public abstract String getSite();

  public abstract String getUrl();

  public abstract String getListingId();

  /** Crawl mode of the start page ("sale"/"rent"), if any. */
  public abstract @Nullable String getOfferHint();

  /** The list page the link was found on. */
  public abstract String getFoundOn();

  /** The card's fingerprint ({@code ListPage.DetailLink#fingerprint()}). */
  public abstract String getFingerprint();

  /** Validators of the stored copy, when the listing is known: the fetch is then conditional. */
  public abstract @Nullable String getEtag();

  public abstract @Nullable String getLastModified();

  public static DetailRequest create(
      String site, String url, String listingId, @Nullable String offerHint, String foundOn, String fingerprint) {
    return new AutoValue_DetailRequest(site, url, listingId, offerHint, foundOn, fingerprint, null, null);
  }

  /** This request, made conditional on the stored copy's validators. */
  public DetailRequest withValidators(@Nullable String etag, @Nullable String lastModified) {
    return new AutoValue_DetailRequest(
        getSite(), getUrl(), getListingId(), getOfferHint(), getFoundOn(), getFingerprint(), etag, lastModified);
  }

  /** Natural key of the listing: one fetch per key per crawl. */
  public String listingKey() {
    return ListingKey.of(getSite(), getListingId());
  }
}
