package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.model.CrawlState;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;

/**
 * The crawl's memory of earlier runs, as a side input: the latest {@link CrawlState} per listing,
 * keyed {@code site/listingId} ({@link DetailRequest#listingKey()}). Read from the lake table the
 * crawl appends to, so it survives restarts; an empty table (first run) gives an empty map.
 *
 * <p>A batch run reads the table once ({@link #from}); a continuous crawl reads it on every tick
 * ({@link #eachTick}), so each round's view holds what the rounds before it stored, window by
 * window.
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

  /**
   * Reads crawl-state rows anew on each tick of a continuous crawl, e.g. {@code
   * IcebergLake.readOnEach(tableId, schema)}; the view has one map per tick window.
   */
  public static EachTick eachTick(PTransform<PCollection<Instant>, PCollection<Row>> rowsOnEachTick) {
    return new EachTick(checkNotNull(rowsOnEachTick, "rowsOnEachTick is required"));
  }

  @Override
  public PCollectionView<Map<String, CrawlState>> expand(PBegin begin) {
    return latestPerListing(begin.apply("ReadCrawlState", rows)).apply("AsMap", View.asMap());
  }

  private static PCollection<KV<String, CrawlState>> latestPerListing(PCollection<Row> rows) {
    return rows
        .apply("ToCrawlState", Convert.fromRows(CrawlState.class))
        .apply("KeyByListing", WithKeys.of(CrawlState::listingKey).withKeyType(TypeDescriptors.strings()))
        .apply("LatestPerListing", Combine.perKey(new LatestFn()));
  }

  /**
   * The per-tick view: one map per tick, built on one worker with the tick itself in the join, so
   * a tick whose read finds no rows (the first round) still gives its window an (empty) map. A
   * window with no side-input element at all would hold the round's main input back until the
   * job ends on the FlinkRunner, which waits for data or the end of the side input.
   */
  public static final class EachTick extends PTransform<PCollection<Instant>, PCollectionView<Map<String, CrawlState>>> {
    private static final String TICK_KEY = "tick";
    private final PTransform<PCollection<Instant>, PCollection<Row>> rowsOnEachTick;

    private EachTick(PTransform<PCollection<Instant>, PCollection<Row>> rowsOnEachTick) {
      this.rowsOnEachTick = rowsOnEachTick;
    }

    @Override
    public PCollectionView<Map<String, CrawlState>> expand(PCollection<Instant> ticks) {
      TupleTag<Instant> tickTag = new TupleTag<>();
      TupleTag<CrawlState> stateTag = new TupleTag<>();
      PCollection<CrawlState> latest = latestPerListing(ticks.apply("ReadCrawlState", rowsOnEachTick))
          .apply("Latest", Values.create());
      MapCoder<String, CrawlState> mapCoder;
      try {
        mapCoder = MapCoder.of(StringUtf8Coder.of(), ticks.getPipeline().getSchemaRegistry().getSchemaCoder(CrawlState.class));
      } catch (NoSuchSchemaException e) {
        throw new IllegalStateException(e);
      }
      return KeyedPCollectionTuple
          .of(tickTag, ticks.apply("KeyTick", WithKeys.of(TICK_KEY)))
          .and(stateTag, latest.apply("KeyStatesByTick", WithKeys.of(TICK_KEY)))
          .apply("GatherTick", CoGroupByKey.create())
          .apply("ToMap", ParDo.of(new ToMapFn(stateTag)))
          .setCoder(mapCoder)
          .apply("AsSingleton", View.asSingleton());
    }
  }

  private static final class ToMapFn extends DoFn<KV<String, CoGbkResult>, Map<String, CrawlState>> {
    private final TupleTag<CrawlState> stateTag;

    ToMapFn(TupleTag<CrawlState> stateTag) {
      this.stateTag = stateTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> tick, OutputReceiver<Map<String, CrawlState>> out) {
      Map<String, CrawlState> known = new HashMap<>();
      tick.getValue().getAll(stateTag).forEach(s -> known.put(s.listingKey(), s));
      out.output(known);
    }
  }

  private static final class LatestFn extends Combine.BinaryCombineFn<CrawlState> {
    @Override
    public CrawlState apply(CrawlState left, CrawlState right) {
      return LATEST.compare(left, right) >= 0 ? left : right;
    }
  }
}
