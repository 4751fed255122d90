package dev.souk.model;

import com.google.auto.value.AutoValue;
import java.util.Map;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One HTTP response as the crawler received it: the bronze record of a fetch. Bodies are kept
 * decoded (the charset was resolved by the fetcher) so any later parser version can re-read them.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class FetchedPage {
  /** The URL that was requested, in its public form (never a local mirror address). */
  public abstract String getUrl();

  /** The URL the body came from after redirects; equal to {@link #getUrl()} without redirects. */
  public abstract String getFinalUrl();

  /** {@link Site#code()} of the site the page belongs to. */
  public abstract String getSite();

  /** {@link PageKind} name. */
  public abstract String getKind();

  /** Crawl mode of the start page this page was reached from ("sale"/"rent"), if any. */
  public abstract @Nullable String getOfferHint();

  public abstract int getStatus();

  public abstract Instant getFetchedAt();

  /** Response headers that matter later: content-type, etag, last-modified, retry-after. */
  public abstract Map<String, String> getHeaders();

  public abstract String getBody();

  public static Builder builder() {
    return new AutoValue_FetchedPage.Builder();
  }

  public abstract Builder toBuilder();

  public boolean isSuccess() {
    return getStatus() >= 200 && getStatus() < 300;
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setUrl(String url);

    public abstract Builder setFinalUrl(String finalUrl);

    public abstract Builder setSite(String site);

    public abstract Builder setKind(String kind);

    public abstract Builder setOfferHint(@Nullable String offerHint);

    public abstract Builder setStatus(int status);

    public abstract Builder setFetchedAt(Instant fetchedAt);

    public abstract Builder setHeaders(Map<String, String> headers);

    public abstract Builder setBody(String body);

    public abstract FetchedPage build();
  }
}
