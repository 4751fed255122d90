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
 * Every distinct version of each listing, once: listings with the same (source, listing id,
 * content hash) are exact duplicates (one ad scraped twice, unchanged) and collapse into the first
 * observation of that content; versions that differ (a price drop between two scrapes in one
 * input) are all kept, so a replayed history keeps its price changes. Which duplicate survives is
 * the same on every runner: the earliest scrape, then the smallest rendering of the whole value
 * (the fields the hash leaves out, such as the publication time, may differ between duplicates).
 */
public final class DistinctVersions<T extends ListingVersion> extends PTransform<PCollection<T>, PCollection<T>> {

  private DistinctVersions() {}

  public static <T extends ListingVersion> DistinctVersions<T> create() {
    return new DistinctVersions<>();
  }

  @Override
  public PCollection<T> expand(PCollection<T> listings) {
    SerializableBiFunction<T, T, T> first = DistinctVersions::firstSeen;
    return listings
        .apply("KeyByVersion", WithKeys.<String, T>of(DistinctVersions::versionKey).withKeyType(TypeDescriptors.strings()))
        .apply("KeepFirstSeen", Combine.perKey(first))
        .apply("DropKeys", Values.create())
        .setCoder(listings.getCoder());
  }

  /** (listing key, content hash): equal for exact duplicates only. */
  static String versionKey(ListingVersion l) {
    return l.listingKey() + '\u0000' + l.getContentHash();
  }

  /** Of two exact duplicates, the one scraped first; the same choice whatever the order met. */
  static <T extends ListingVersion> T firstSeen(T a, T b) {
    int byTime = a.getScrapedAt().compareTo(b.getScrapedAt());
    int order = byTime != 0 ? byTime : a.toString().compareTo(b.toString());
    return order <= 0 ? a : b;
  }
}
