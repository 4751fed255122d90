package dev.souk.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
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
        site, listingId, url, payload, payloadFormat, provenance, observedAt, ingestTime);
  }
}
