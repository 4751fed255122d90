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
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The crawl's memory of earlier runs, as a side input: the latest {@link CrawlState} per listing,
 * keyed {@code site/listingId} ({@link DetailRequest#listingKey()}). Read from the lake table the
 * crawl appends to, so it survives restarts; an empty table (first run) gives an empty map.
 */
public final class ReadKnownListings extends PTransform<PBegin, PCollectionView<Map<String, CrawlState>>> {
  /** Latest sighting first; ties (same instant) broken by content so every run picks the same row. */
  private static final Comparator<CrawlState> LATEST =
      Comparator.comparing(CrawlState::getSeenAt)
          .thenComparing(CrawlState::getFingerprint)
          .thenComparing(CrawlState::getUrl);

  private final PTransform<PBegin, PCollection<Row>> rows;

  private ReadKnownListings(PTransform<PBegin, PCollection<Row>> rows) {
    this.rows = rows;
  }

  /**
   * Reads crawl-state rows (schema of {@link CrawlState}) from {@code rows}, e.g. {@code
   * IcebergLake.read(tableId, schema)}.
   */
  public static ReadKnownListings from(PTransform<PBegin, PCollection<Row>> rows) {
    return new ReadKnownListings(checkNotNull(rows, "rows is required"));
  }

  @Override
  public PCollectionView<Map<String, CrawlState>> expand(PBegin begin) {
    return begin
        .apply("ReadCrawlState", rows)
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
