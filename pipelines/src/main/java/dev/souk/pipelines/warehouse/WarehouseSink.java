package dev.souk.pipelines.warehouse;

import dev.souk.io.warehouse.Warehouse;
import dev.souk.model.warehouse.WarehouseTable;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Where the star schemas go: the embedded DuckDB file today, a shared warehouse (PostgreSQL,
 * Snowflake) later. Chosen by {@code --warehouse}; {@link WarehouseSinks} validates its options.
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

  /** Upserts rows of {@code table} by its primary key, idempotently: the graph has one writer per table. */
  PTransform<PCollection<Row>, ?> write(WarehouseTable table);
}
