package dev.souk.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A listing's fields as a site shows them, before any cleaning: the bronze raw record. The
 * payload is a JSON object ({@link RawListingFields} for pages; the producer's own JSON for
 * records that arrive from Kafka), so history can be re-normalised by a newer rule set.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class RawListing {
  public abstract String getSite();

  /** The site's own listing id (Avito number, Mubawab /a/ id, Noon SKU, ...). */
  public abstract String getListingId();

  public abstract String getUrl();

  /** JSON object with the raw fields; its shape is named by {@link #getPayloadFormat()}. */
  public abstract String getPayload();

  /** e.g. {@link RawListingFields#FORMAT}. */
  public abstract String getPayloadFormat();

  /** Where the record came from: {@code page:<url>} or {@code kafka:<topic>/<partition>/<offset>}. */
  public abstract String getProvenance();

  /** When the source observed the listing (the page's fetch time, the Kafka record's time). */
  public abstract Instant getObservedAt();

  /** When Souk ingested the record. */
  public abstract Instant getIngestTime();

  /**
   * The identity of the payload-file line this record was read from (a hash of its payload), null
   * for a record from anywhere else. Stored so a rerun over the same files recognises the lines
   * bronze holds by this one small column, without reading their payloads back.
   */
  public abstract @Nullable String getLineKey();

  public static RawListing create(
      String site,
      String listingId,
      String url,
      String payload,
      String payloadFormat,
      String provenance,
      Instant observedAt,
      Instant ingestTime) {
    return new AutoValue_RawListing(
        site, listingId, url, payload, payloadFormat, provenance, observedAt, ingestTime, null);
  }

  /** This record with {@link #getLineKey()} set. */
  public RawListing withLineKey(String lineKey) {
    return new AutoValue_RawListing(getSite(), getListingId(), getUrl(), getPayload(), getPayloadFormat(),
        getProvenance(), getObservedAt(), getIngestTime(), lineKey);
  }
}
