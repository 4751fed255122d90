package dev.souk.transforms.dedup;

import dev.souk.model.PropertyListing;
import java.util.Comparator;
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
public final class LatestPerListing extends PTransform<PCollection<PropertyListing>, PCollection<PropertyListing>> {

  /** Orders versions of one listing; the greatest is kept. */
  static final Comparator<PropertyListing> RECENCY =
      Comparator.comparing(PropertyListing::getScrapedAt).thenComparing(PropertyListing::getContentHash);

  private LatestPerListing() {}

  public static LatestPerListing create() {
    return new LatestPerListing();
  }

  /** Natural key of a listing across the lake and the warehouse. */
  public static String listingKey(PropertyListing listing) {
    return listing.getSource() + "/" + listing.getListingId();
  }

  @Override
  public PCollection<PropertyListing> expand(PCollection<PropertyListing> listings) {
    SerializableBiFunction<PropertyListing, PropertyListing, PropertyListing> later =
        (a, b) -> RECENCY.compare(a, b) >= 0 ? a : b;
    return listings
        .apply("KeyByListing", WithKeys.of(LatestPerListing::listingKey).withKeyType(TypeDescriptors.strings()))
        .apply("KeepLatest", Combine.perKey(later))
        .apply("DropKeys", Values.create());
  }
}
