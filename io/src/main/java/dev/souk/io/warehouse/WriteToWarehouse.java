package dev.souk.io.warehouse;

import dev.souk.io.FaultPoints;
import dev.souk.model.warehouse.WarehouseTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Upserts rows into one warehouse table and outputs how many rows were written (one element; on
 * windowed input, one per window with rows, upserted when the window closes).
 *
 * <p>Rows are grouped on a single constant key and upserted in transactions of at most the batch
 * size. A single key means one writer per table at a time, so concurrent transactions never race
 * on the same table (DuckDB would abort one of them; Snowflake's MERGE would serialise them
 * anyway). {@code GroupIntoBatches} would also bound the writer's memory, but the SparkRunner
 * cannot run it (no {@code @OnWindowExpiration}) and one jar must run on every runner; a run
 * brings a few thousand star-schema rows, below the default batch size, so in practice each run
 * is one transaction per table.
 *
 * <p>A failed batch fails the bundle and the runner retries it; an upsert is idempotent, so a
 * retry is safe. The table is created when the writer starts.
 */
public final class WriteToWarehouse extends PTransform<PCollection<Row>, PCollection<Long>> {
  static final long DEFAULT_BATCH_SIZE = 5_000;

  private final WarehouseConfig config;
  private final WarehouseTable table;
  private final long batchSize;

  private WriteToWarehouse(WarehouseConfig config, WarehouseTable table, long batchSize) {
    this.config = config;
    this.table = table;
    this.batchSize = batchSize;
  }

  public static WriteToWarehouse to(WarehouseConfig config, WarehouseTable table) {
    return new WriteToWarehouse(config, table, DEFAULT_BATCH_SIZE);
  }

  /** Rows per upsert transaction. */
  public WriteToWarehouse withBatchSize(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("withBatchSize must be at least 1, was " + rows);
    }
    return new WriteToWarehouse(config, table, rows);
  }

  @Override
  public PCollection<Long> expand(PCollection<Row> rows) {
    if (!rows.hasSchema() || !rows.getSchema().equivalent(table.schema())) {
      throw new IllegalArgumentException(
          "Rows written to warehouse table " + table.name() + " must have its schema "
              + table.schema() + " but have " + (rows.hasSchema() ? rows.getSchema() : "none"));
    }
    PCollection<Long> written = rows.apply("SingleWriterKey", WithKeys.of(0))
        .setCoder(KvCoder.of(VarIntCoder.of(), rows.getCoder()))
        .apply("SingleWriter", GroupByKey.create())
        .apply("Upsert", ParDo.of(new UpsertBatchFn(config, table, batchSize)));
    // Windowed input (a continuous crawl's rounds): one total per window that had rows.
    boolean global = rows.getWindowingStrategy().getWindowFn() instanceof GlobalWindows;
    Combine.Globally<Long, Long> total = Combine.globally(Sum.ofLongs());
    return written.apply("RowsWritten", global ? total : total.withoutDefaults());
  }

  private static final class UpsertBatchFn extends DoFn<KV<Integer, Iterable<Row>>, Long> {
    private final WarehouseConfig config;
    private final WarehouseTable table;
    private final long batchSize;
    private transient Warehouse warehouse;

    UpsertBatchFn(WarehouseConfig config, WarehouseTable table, long batchSize) {
      this.config = config;
      this.table = table;
      this.batchSize = batchSize;
    }

    @Setup
    public void setup() {
      warehouse = config.open();
      warehouse.ensureTable(table);
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Row>> all, OutputReceiver<Long> written) {
      List<Row> batch = new ArrayList<>();
      for (Row row : all.getValue()) {
        batch.add(row);
        if (batch.size() == batchSize) {
          upsert(batch, written);
        }
      }
      if (!batch.isEmpty()) {
        upsert(batch, written);
      }
    }

    private void upsert(List<Row> batch, OutputReceiver<Long> written) {
      warehouse.upsert(table, batch);
      FaultPoints.reach("after-upsert:" + table.name());
      written.output((long) batch.size());
      batch.clear();
    }

    @Teardown
    public void teardown() {
      if (warehouse != null) {
        warehouse.close();
      }
    }
  }
}
