package dev.souk.pipelines.warehouse;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.iceberg.LakeLedger;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.checkerframework.checker.nullness.qual.Nullable;
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

  /** How far the warehouse has loaded each lake table ({@link LakeLoads}, by table UUID), read by a worker. */
  default LakeLedger ledger() {
    return new WarehouseLedger(this);
  }

  /** The ledger in the warehouse: a lake table is known by its UUID, never by its name alone. */
  final class WarehouseLedger implements LakeLedger {
    private final WarehouseSink sink;

    WarehouseLedger(WarehouseSink sink) {
      this.sink = sink;
    }

    @Override
    public @Nullable Long consumedUpTo(String sourceTableId) {
      throw new UnsupportedOperationException("The warehouse's ledger knows a lake table by its UUID: "
          + "call consumedUpTo(id, table)");
    }

    @Override
    public @Nullable Long consumedUpTo(String sourceTableId, Table source) {
      try (Warehouse warehouse = sink.open()) {
        return LakeLoads.loadedUpTo(warehouse, ledgerSource(sourceTableId, source),
            snapshot -> source.snapshot(snapshot) != null);
      }
    }
  }

  /** A lake table as {@link LakeLoads} records it. */
  static LakeLoads.Source ledgerSource(String tableId, Table table) {
    return new LakeLoads.Source(table.uuid().toString(), tableId, table.location());
  }

  /**
   * Records marks ({@code souk.consumed.<lake table>} → snapshot id, as {@code ReadNewAppends}
   * gives them) in the warehouse's {@link LakeLoads}, each once every one of {@code writes} (the
   * {@link #write} outputs) is done with the mark's window. Each under its table's UUID and
   * location in {@code lake}, so two lakes loading into one warehouse keep apart.
   */
  default PTransform<PCollection<KV<String, String>>, PCollection<Void>> recordLoads(List<PCollection<Long>> writes,
      IcebergLake lake) {
    WarehouseSink sink = this;
    return new PTransform<>("RecordLakeLoads") {
      @Override
      public PCollection<Void> expand(PCollection<KV<String, String>> marks) {
        return marks.apply("AfterWrites", new AfterWrites(writes))
            .apply("RecordMarks", ParDo.of(new RecordLoadsFn(sink, lake))).setCoder(VoidCoder.of());
      }
    };
  }

  /** Writes each mark to the warehouse's ledger. */
  final class RecordLoadsFn extends DoFn<KV<String, String>, Void> {
    private final WarehouseSink sink;
    private final IcebergLake lake;

    RecordLoadsFn(WarehouseSink sink, IcebergLake lake) {
      this.sink = sink;
      this.lake = lake;
    }

    @ProcessElement
    public void process(@Element KV<String, String> mark) {
      String tableId = mark.getKey().substring(ReadNewAppends.markProperty("").length());
      // The table the mark was read from: a lake table keeps its UUID for life.
      Table table = lake.catalogConfig().catalog().loadTable(TableIdentifier.parse(tableId));
      try (Warehouse warehouse = sink.open()) {
        LakeLoads.record(warehouse, ledgerSource(tableId, table), Long.parseLong(mark.getValue()), Instant.now());
      }
    }
  }
}
