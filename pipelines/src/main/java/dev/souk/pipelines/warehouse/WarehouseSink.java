package dev.souk.pipelines.warehouse;

import dev.souk.io.iceberg.LakeLedger;
import dev.souk.io.iceberg.ReadNewAppends;
import dev.souk.io.warehouse.LakeLoads;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.model.warehouse.WarehouseTable;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Where the star schemas go: the embedded DuckDB file, a shared PostgreSQL, or Snowflake. Chosen by {@code --warehouse}; {@link WarehouseSinks} validates its options.
 */
public interface WarehouseSink extends Serializable {
  /** One line for the banner and summary, e.g. {@code DuckDB file /data/souk.duckdb}. Never a secret. */
  String describe();

  /** The options that point the {@code query} command at this warehouse, e.g. {@code --duckdbPath=/data/souk.duckdb}. */
  String queryOptions();

  /** Whether the warehouse exists yet (a run created it): the query command needs one. */
  boolean exists();

  /** A session from the launcher (table creation, the run summary, queries); close it. */
  Warehouse open();

  /**
   * Called by the launcher once the run is over: makes the writes durable in the warehouse itself
   * (an embedded file holds them all, no log beside it) and releases what this JVM holds open.
   */
  default void finish() {}

  /**
   * Upserts rows of {@code table} by its primary key, idempotently: the graph has one writer per
   * table. Outputs how many rows were written (per window), for {@link #recordLoads} to wait on.
   */
  PTransform<PCollection<Row>, PCollection<Long>> write(WarehouseTable table);

  /** How far the warehouse has loaded each lake table ({@link LakeLoads}), read by a worker. */
  default LakeLedger ledger() {
    WarehouseSink sink = this;
    return lakeTableId -> {
      try (Warehouse warehouse = sink.open()) {
        return LakeLoads.loadedUpTo(warehouse, lakeTableId);
      }
    };
  }

  /**
   * Records marks ({@code souk.consumed.<lake table>} → snapshot id, as {@code ReadNewAppends}
   * gives them) in the warehouse's {@link LakeLoads}, each once every one of {@code writes} (the
   * {@link #write} outputs) is done with the mark's window.
   */
  default PTransform<PCollection<KV<String, String>>, PCollection<Void>> recordLoads(List<PCollection<Long>> writes) {
    WarehouseSink sink = this;
    return new PTransform<>("RecordLakeLoads") {
      @Override
      public PCollection<Void> expand(PCollection<KV<String, String>> marks) {
        return marks.apply("AfterWrites", new AfterWrites(writes))
            .apply("RecordMarks", ParDo.of(new RecordLoadsFn(sink))).setCoder(VoidCoder.of());
      }
    };
  }

  /** Writes each mark to the warehouse's ledger. */
  final class RecordLoadsFn extends DoFn<KV<String, String>, Void> {
    private final WarehouseSink sink;

    RecordLoadsFn(WarehouseSink sink) {
      this.sink = sink;
    }

    @ProcessElement
    public void process(@Element KV<String, String> mark) {
      String prefix = ReadNewAppends.markProperty("");
      try (Warehouse warehouse = sink.open()) {
        LakeLoads.record(warehouse, mark.getKey().substring(prefix.length()), Long.parseLong(mark.getValue()),
            Instant.now());
      }
    }
  }
}
