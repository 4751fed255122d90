package dev.souk.io.warehouse;

import dev.souk.model.warehouse.WarehouseTable;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;

/**
 * A session with the star-schema warehouse (DuckDB, PostgreSQL or Snowflake), opened from a {@link
 * WarehouseConfig}. Not thread-safe: open one per thread or DoFn instance, and close it.
 * Failures are reported as {@link IllegalStateException}s that name the table and the operation.
 */
public interface Warehouse extends AutoCloseable {
  /** Creates the table with its primary key unless it exists. */
  void ensureTable(WarehouseTable table);

  /**
   * Inserts rows, replacing those whose primary key is already present, in one transaction: a
   * failed upsert leaves the table as it was, and repeating one changes nothing. When a key occurs
   * more than once in {@code rows}, the last occurrence wins.
   */
  void upsert(WarehouseTable table, List<Row> rows);

  long count(String table);

  /** Runs one statement that returns no rows (e.g. DDL), in its own transaction. */
  void execute(String sql);

  /** Runs a query; each row maps column label to value, arrays as lists. For tests, summaries. */
  List<Map<String, Object>> query(String sql);

  @Override
  void close();
}
