package dev.souk.io.http;

import com.google.auto.value.AutoValue;
import com.google.common.collect.ImmutableMap;
import java.io.Serializable;
import java.time.Instant;

/** The outcome of one {@link HttpFetcher#fetch}: always in public URLs, never mirror addresses. */
@AutoValue
public abstract class FetchResponse implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The URL as the caller passed it. */
  public abstract String requestedUrl();

  /** Where the body came from after redirects; equals {@link #requestedUrl()} without redirects. */
  public abstract String finalUrl();

  public abstract int status();

  /** content-type, etag, last-modified, retry-after and location when present; lower-case keys. */
  public abstract ImmutableMap<String, String> headers();

  /** The body decoded with the detected charset (BOM, header, meta, else UTF-8). */
  public abstract String body();

  /** Size of the (decompressed) body in bytes. */
  public abstract long bodyBytes();

  /** When the final response arrived. */
  public abstract Instant fetchedAt();

  /** HTTP requests this fetch took: retries and redirect hops included, robots.txt excluded. */
  public abstract int attempts();

  public boolean isSuccess() {
    return status() >= 200 && status() < 300;
  }

  /** The server confirmed that the copy named by the request's validators is still current. */
  public boolean isNotModified() {
    return status() == 304;
  }

  static FetchResponse create(
      String requestedUrl,
      String finalUrl,
      int status,
      ImmutableMap<String, String> headers,
      String body,
      long bodyBytes,
      Instant fetchedAt,
      int attempts) {
    return new AutoValue_FetchResponse(
        requestedUrl, finalUrl, status, headers, body, bodyBytes, fetchedAt, attempts);
  }
}
