package dev.souk.transforms.model;

import dev.souk.model.ListingKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * New listing versions → the {@link ListingHistory} rows of every listing they touch, each
 * recomputed from all the listing's versions: the new ones and those already stored. A new
 * version closes its predecessor's range, so the predecessor's row is written again with its
 * {@code valid_to}; upserts on the version key make that, and a repeated load, harmless.
 *
 * <p>Inputs and {@code stored} are {@link ListingHistory#VERSION} rows. Only listing keys and
 * these few columns are joined; listings no new version touches are not written.
 */
public final class ModelListingHistory extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final @Nullable PCollection<Row> stored;

  private ModelListingHistory(@Nullable PCollection<Row> stored) {
    this.stored = stored;
  }

  /** With {@code stored}, the versions already in the lake (may include the new ones). */
  public static ModelListingHistory against(PCollection<Row> stored) {
    return new ModelListingHistory(java.util.Objects.requireNonNull(stored, "stored"));
  }

  /** The input is every version there is (a first load, a test). */
  public static ModelListingHistory ofInputAlone() {
    return new ModelListingHistory(null);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> newVersions) {
    TupleTag<Row> newTag = new TupleTag<>("new");
    TupleTag<Row> storedTag = new TupleTag<>("stored");
    KeyedPCollectionTuple<String> joined = KeyedPCollectionTuple.of(newTag, byListing("KeyNew", newVersions));
    if (stored != null) {
      joined = joined.and(storedTag, byListing("KeyStored", stored));
    }
    return joined.apply("JoinVersionsByListing", CoGroupByKey.create())
        .apply("HistoryRows", ParDo.of(new HistoryFn(newTag, stored == null ? null : storedTag)))
        .setRowSchema(ListingHistory.TABLE.schema());
  }

  private static PCollection<KV<String, Row>> byListing(String name, PCollection<Row> versions) {
    return versions.apply(name, WithKeys.of((Row v) -> ListingKey.of(v.getString("source"), v.getString("listingId")))
            .withKeyType(org.apache.beam.sdk.values.TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RowCoder.of(ListingHistory.VERSION)));
  }

  private static final class HistoryFn extends DoFn<KV<String, CoGbkResult>, Row> {
    private final TupleTag<Row> newTag;
    private final @Nullable TupleTag<Row> storedTag;

    HistoryFn(TupleTag<Row> newTag, @Nullable TupleTag<Row> storedTag) {
      this.newTag = newTag;
      this.storedTag = storedTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> listing, OutputReceiver<Row> out) {
      List<Row> versions = new ArrayList<>();
      listing.getValue().getAll(newTag).forEach(versions::add);
      if (versions.isEmpty()) {
        return; // untouched by this load
      }
      if (storedTag != null) {
        listing.getValue().getAll(storedTag).forEach(versions::add);
      }
      for (TableRow row : ListingHistory.rowsFor(versions)) {
        out.output(row.row());
      }
    }
  }
}
