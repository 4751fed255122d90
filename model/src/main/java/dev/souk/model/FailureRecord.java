package dev.souk.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Anything that could not be fetched, parsed, normalised or written: the dead-letter record. It
 * carries the original payload so the input can be inspected and replayed.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class FailureRecord {
  /** The step that failed, e.g. {@code fetch}, {@code parse}, {@code normalise}. */
  public abstract String getStep();

  public abstract @Nullable String getSite();

  public abstract @Nullable String getUrl();

  /** A short machine-readable reason, e.g. {@code http_502}, {@code layout_changed}. */
  public abstract String getReason();

  /** A sentence that says what went wrong and, where possible, what to fix. */
  public abstract String getMessage();

  /** The input as it was: a page body, a JSON payload, a URL. */
  public abstract String getPayload();

  public abstract Instant getFailedAt();

  /**
   * The identity of the payload-file line that failed (a hash of step, reason and payload), null
   * for a failure of anything else; see {@link RawListing#getLineKey()}.
   */
  public abstract @Nullable String getLineKey();

  public static FailureRecord create(
      String step,
      @Nullable String site,
      @Nullable String url,
      String reason,
      String message,
      String payload,
      Instant failedAt) {
    return new AutoValue_FailureRecord(step, site, url, reason, message, payload, failedAt, null);
  }

  /** This record with {@link #getLineKey()} set. */
  public FailureRecord withLineKey(String lineKey) {
    return new AutoValue_FailureRecord(getStep(), getSite(), getUrl(), getReason(), getMessage(), getPayload(),
        getFailedAt(), lineKey);
  }
}
