package dev.souk.transforms.dedup;

import dev.souk.model.ListingVersion;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps the latest version of each listing, per (source, listing id). "Latest" is the newest
 * scrape time; equal times (one crawl batch) are broken by the content hash, so the winner is the
 * same on every runner and every re-run — the original pipeline's tie was nondeterministic.
 */
public final class LatestPerListing<T extends ListingVersion> extends PTransform<PCollection<T>, PCollection<T>> {

  private LatestPerListing() {}

  public static <T extends ListingVersion> LatestPerListing<T> create() {
    return new LatestPerListing<>();
  }

  @Override
  public PCollection<T> expand(PCollection<T> listings) {
    SerializableBiFunction<T, T, T> later = LatestPerListing::later;
    return listings
        .apply("KeyByListing", WithKeys.<String, T>of(ListingVersion::listingKey).withKeyType(TypeDescriptors.strings()))
        .apply("KeepLatest", Combine.perKey(later))
        .apply("DropKeys", Values.create())
        .setCoder(listings.getCoder());
  }

  /** The later of two versions of one listing: newest scrape, then greatest content hash. */
  static <T extends ListingVersion> T later(T a, T b) {
    int byTime = a.getScrapedAt().compareTo(b.getScrapedAt());
    int order = byTime != 0 ? byTime : a.getContentHash().compareTo(b.getContentHash());
    return order >= 0 ? a : b;
  }
}
