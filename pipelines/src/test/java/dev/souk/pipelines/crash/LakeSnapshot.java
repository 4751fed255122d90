package dev.souk.pipelines.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * What a run left behind, read by a process that wrote none of it: every Iceberg table of the
 * lake (Iceberg's own Hadoop catalog, not Souk's code) and every DuckDB table (a read-only JDBC
 * connection), each as the sorted list of its rows with the columns that say <em>when</em> a run
 * happened left out, so two runs at different times compare equal when they hold the same data.
 */
record LakeSnapshot(Map<String, List<String>> tables, Map<String, Long> snapshotIds) {
  /**
   * Columns whose values are the time a run did something (fetch, ingest, failure, load), or
   * carry one (response headers such as Date; a publication time shown as "il y a 5 heures",
   * which is counted back from the fetch time), and the lease's own table. Everything else must be
   * equal.
   */
  static final Set<String> RUN_TIME_COLUMNS = Set.of(
      "fetchedAt", "headers", "ingestTime", "observedAt", "scrapedAt", "seenAt", "failedAt",
      "publishedAt", "scraped_at", "loaded_at", "snapshot_id", "valid_from", "valid_to",
      "lake_table_uuid", "lake_location");
  static final Set<String> LEDGER_TABLES = Set.of("ledger.runs");
  /**
   * Warehouse tables about runs rather than data: the quality checks are made from a run's own
   * counters, and a resumed run counts only the part it did again.
   */
  static final Set<String> RUN_RECORD_TABLES = Set.of("souk_quality_checks");

  static LakeSnapshot read(Path outputDir) {
    return read(outputDir, true);
  }

  /**
   * The lake only: while a run holds the DuckDB file, no other process can open it (DuckDB locks
   * the file for its one writer), so a reader beside a live run sees the Iceberg tables alone.
   */
  static LakeSnapshot readLake(Path outputDir) {
    return read(outputDir, false);
  }

  private static LakeSnapshot read(Path outputDir, boolean withWarehouse) {
    Map<String, List<String>> tables = new TreeMap<>();
    Map<String, Long> snapshots = new TreeMap<>();
    Path lake = outputDir.resolve("lake");
    if (Files.isDirectory(lake)) {
      HadoopCatalog catalog = new HadoopCatalog(new Configuration(), lake.toString());
      try {
        for (Namespace namespace : catalog.listNamespaces()) {
          for (TableIdentifier id : catalog.listTables(namespace)) {
            Table table = catalog.loadTable(id);
            Snapshot current = table.currentSnapshot();
            snapshots.put(id.toString(), current == null ? -1 : current.snapshotId());
            if (!LEDGER_TABLES.contains(id.toString())) {
              tables.put(id.toString(), rows(table));
            }
          }
        }
      } finally {
        try {
          catalog.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    Path duckdb = outputDir.resolve("souk.duckdb");
    if (withWarehouse && Files.exists(duckdb)) {
      tables.putAll(warehouse(duckdb));
    }
    return new LakeSnapshot(tables, snapshots);
  }

  private static List<String> rows(Table table) {
    List<String> rows = new ArrayList<>();
    List<Types.NestedField> columns = table.schema().columns().stream()
        .filter(c -> !RUN_TIME_COLUMNS.contains(c.name()))
        // By name: a table's column order follows its Beam schema's, which may differ between JVMs.
        .sorted(java.util.Comparator.comparing(Types.NestedField::name))
        .toList();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        StringBuilder row = new StringBuilder();
        for (Types.NestedField column : columns) {
          row.append(column.name()).append('=').append(record.getField(column.name())).append(" | ");
        }
        rows.add(row.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(null);
    return rows;
  }

  private static Map<String, List<String>> warehouse(Path file) {
    Map<String, List<String>> tables = new TreeMap<>();
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
        Statement statement = connection.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet result = statement.executeQuery("SELECT table_name FROM information_schema.tables ORDER BY 1")) {
        while (result.next()) {
          names.add(result.getString(1));
        }
      }
      for (String name : names) {
        if (RUN_RECORD_TABLES.contains(name)) {
          continue;
        }
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT * FROM \"" + name + "\"")) {
          ResultSetMetaData meta = result.getMetaData();
          while (result.next()) {
            Map<String, String> row = new TreeMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              if (!RUN_TIME_COLUMNS.contains(meta.getColumnLabel(i))) {
                row.put(meta.getColumnLabel(i), String.valueOf(result.getObject(i)));
              }
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        tables.put("warehouse." + name, rows);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the warehouse " + file + ": " + e.getMessage(), e);
    }
    return tables;
  }
}
