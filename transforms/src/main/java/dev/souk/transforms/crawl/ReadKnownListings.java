package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.model.CrawlState;
import java.util.Comparator;
import java.util.Map;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PInput;
import org.joda.time.Instant;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The crawl's memory of earlier runs, as a side input: the latest {@link CrawlState} per listing,
 * keyed {@code site/listingId} ({@link DetailRequest#listingKey()}). Read from the lake table the
 * crawl appends to, so it survives restarts; an empty table (first run) gives an empty map.
 *
 * <p>A batch run reads the table once ({@link #from}); a continuous crawl reads it on every tick
 * ({@link #eachTick}), so each round's view holds what the rounds before it stored, window by
 * window.
 */
public final class ReadKnownListings<InputT extends PInput>
    extends PTransform<InputT, PCollectionView<Map<String, CrawlState>>> {
  /** Latest sighting first; ties (same instant) broken by content so every run picks the same row. */
  private static final Comparator<CrawlState> LATEST =
      Comparator.comparing(CrawlState::getSeenAt)
          .thenComparing(CrawlState::getFingerprint)
          .thenComparing(CrawlState::getUrl);

  private final PTransform<InputT, PCollection<Row>> rows;

  private ReadKnownListings(PTransform<InputT, PCollection<Row>> rows) {
    this.rows = rows;
  }

  /**
   * Reads crawl-state rows (schema of {@link CrawlState}) from {@code rows}, e.g. {@code
   * IcebergLake.read(tableId, schema)}.
   */
  public static ReadKnownListings<PBegin> from(PTransform<PBegin, PCollection<Row>> rows) {
    return new ReadKnownListings<>(checkNotNull(rows, "rows is required"));
  }

  /**
   * Reads crawl-state rows anew on each tick of a continuous crawl, e.g. {@code
   * IcebergLake.readOnEach(tableId, schema)}; the view has one map per tick window.
   */
  public static ReadKnownListings<PCollection<Instant>> eachTick(
      PTransform<PCollection<Instant>, PCollection<Row>> rowsOnEachTick) {
    return new ReadKnownListings<>(checkNotNull(rowsOnEachTick, "rowsOnEachTick is required"));
  }

  @Override
  public PCollectionView<Map<String, CrawlState>> expand(InputT input) {
    return org.apache.beam.sdk.Pipeline.applyTransform("ReadCrawlState", input, rows)
        .apply("ToCrawlState", Convert.fromRows(CrawlState.class))
        .apply("KeyByListing", WithKeys.of(CrawlState::listingKey).withKeyType(TypeDescriptors.strings()))
        .apply("LatestPerListing", Combine.perKey(new LatestFn()))
        .apply("AsMap", View.asMap());
  }

  private static final class LatestFn extends Combine.BinaryCombineFn<CrawlState> {
    @Override
    public CrawlState apply(CrawlState left, CrawlState right) {
      return LATEST.compare(left, right) >= 0 ? left : right;
    }
  }
}
