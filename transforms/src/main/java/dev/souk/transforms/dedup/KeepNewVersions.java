package dev.souk.transforms.dedup;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.model.ListingVersion;
import dev.souk.transforms.Failures;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Drops listings whose exact version (same content hash) is already stored, so appending the
 * result to an append-only table is idempotent: a re-run or a replay adds nothing, while a
 * changed listing (a price drop) adds exactly one new version.
 */
public final class KeepNewVersions<T extends ListingVersion> extends PTransform<PCollection<T>, PCollection<T>> {

  private final PCollection<KV<String, String>> storedVersions;

  private KeepNewVersions(PCollection<KV<String, String>> storedVersions) {
    this.storedVersions = storedVersions;
  }

  /**
   * @param storedVersions ({@link ListingVersion#listingKey()}, content hash) of every version
   *     already stored
   */
  public static <T extends ListingVersion> KeepNewVersions<T> against(PCollection<KV<String, String>> storedVersions) {
    return new KeepNewVersions<>(checkNotNull(storedVersions, "storedVersions is required"));
  }

  @Override
  public PCollection<T> expand(PCollection<T> candidates) {
    TupleTag<T> candidateTag = new TupleTag<>();
    TupleTag<String> storedTag = new TupleTag<>();
    PCollection<KV<String, T>> keyed =
        candidates.apply("KeyByListing",
            WithKeys.<String, T>of(ListingVersion::listingKey).withKeyType(TypeDescriptors.strings()));
    return KeyedPCollectionTuple.of(candidateTag, keyed)
        .and(storedTag, storedVersions)
        .apply("JoinStoredVersions", CoGroupByKey.create())
        .apply("KeepUnseen", ParDo.of(new KeepUnseenFn<T>(candidateTag, storedTag)))
        .setCoder(candidates.getCoder());
  }

  /** Emits the candidates whose content hash is not among the stored ones for their listing. */
  private static final class KeepUnseenFn<T extends ListingVersion> extends DoFn<KV<String, CoGbkResult>, T> {
    private final TupleTag<T> candidateTag;
    private final TupleTag<String> storedTag;

    KeepUnseenFn(TupleTag<T> candidateTag, TupleTag<String> storedTag) {
      this.candidateTag = candidateTag;
      this.storedTag = storedTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<T> out) {
      Set<String> stored = new HashSet<>();
      joined.getValue().getAll(storedTag).forEach(stored::add);
      for (T candidate : joined.getValue().getAll(candidateTag)) {
        if (stored.add(candidate.getContentHash())) {
          out.output(candidate);
        } else {
          Failures.counter(candidate.getSource(), "silver_unchanged").inc();
        }
      }
    }
  }
}
