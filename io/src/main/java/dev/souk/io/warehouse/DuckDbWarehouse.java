package dev.souk.io.warehouse;

import dev.souk.io.Decimals;
import dev.souk.model.warehouse.WarehouseTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Array;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.joda.time.ReadableInstant;

/**
 * The embedded warehouse: a DuckDB database file standing in for Snowflake.
 *
 * <p>Beam to DuckDB types: STRING → VARCHAR, INT32 → INTEGER, INT64 → BIGINT, DOUBLE → DOUBLE,
 * BOOLEAN → BOOLEAN, DECIMAL → DECIMAL(18,2), DATETIME → TIMESTAMPTZ (an instant; sessions use
 * the UTC time zone so SQL casts to DATE and displays are in UTC), the {@code SqlTypes.DATE}
 * logical type → DATE, the {@code VariableString} logical type (surrogate keys) → VARCHAR(n),
 * ARRAY&lt;STRING&gt; → VARCHAR[]. Non-nullable fields are NOT NULL.
 *
 * <p>An upsert appends the rows to a temporary table with DuckDB's appender, then runs one {@code
 * INSERT OR REPLACE} from it: one set-based statement instead of a statement per row, which is
 * about 50 times faster for a few thousand rows.
 */
public final class DuckDbWarehouse implements Warehouse {
  static final int DECIMAL_PRECISION = ColumnTypes.DECIMAL_PRECISION;
  /** DuckDB's own memory (buffer pool, checkpoints), besides the JVM's. */
  static final String MEMORY_LIMIT = "1GB";
  static final int DECIMAL_SCALE = ColumnTypes.DECIMAL_SCALE;

  /**
   * One open database per file for the whole JVM. DuckDB's file lock only keeps other processes
   * out; two database instances on one file inside this JVM would each keep their own cache and
   * write-ahead log of it. Beam runs several DoFn instances on threads of one JVM, so they all
   * share this instance and each takes its own connection ({@link DuckDBConnection#duplicate()}),
   * whose transactions DuckDB isolates. The instance lives as long as the JVM, like a pool.
   */
  private static final ConcurrentMap<Path, DuckDBConnection> DATABASES =
      new ConcurrentHashMap<>();

  private final Path file;
  /** The file's shared database; also the lock that serialises DDL on it. */
  private final DuckDBConnection database;

  private final DuckDBConnection connection;

  private DuckDbWarehouse(Path file, DuckDBConnection database) throws SQLException {
    this.file = file;
    this.database = database;
    this.connection = database.duplicate();
  }

  /** Opens a session on the database in {@code path}; creates the file and folder if needed. */
  public static DuckDbWarehouse open(String path) {
    Path file = Paths.get(path).toAbsolutePath().normalize();
    try {
      return new DuckDbWarehouse(file, DATABASES.computeIfAbsent(file, DuckDbWarehouse::connect));
    } catch (SQLException e) {
      throw new IllegalStateException("Could not open a connection to DuckDB file " + file, e);
    }
  }

  /**
   * Writes the database file's write-ahead log into the file and closes this JVM's database on
   * it, at the end of a run: until then the latest rows may sit only in the {@code .wal}, which a
   * reader that copies or opens just the file would miss. Sessions still open keep working (DuckDB
   * closes the database when its last connection goes); a later {@link #open} opens it again.
   * Does nothing when this JVM has no database on {@code path}.
   */
  public static void checkpointAndClose(String path) {
    Path file = Paths.get(path).toAbsolutePath().normalize();
    DuckDBConnection database = DATABASES.remove(file);
    if (database == null) {
      return;
    }
    try (database; Statement statement = database.createStatement()) {
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not checkpoint and close DuckDB file " + file, e);
    }
  }

  private static DuckDBConnection connect(Path file) {
    Path folder = file.getParent();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot create folder " + folder + " for the DuckDB warehouse file "
              + file.getFileName() + " (" + e + ");"
              + " point the warehouse path at a writable location",
          e);
    }
    try {
      DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
      try (Statement statement = root.createStatement()) {
        statement.execute("SET GLOBAL TimeZone = 'UTC'");
        // DuckDB may otherwise take 80 % of the machine's memory beside the job's heap (a million
        // listings' final checkpoint peaked the process at 6.5 GB); past the limit it spills to disk.
        statement.execute("SET GLOBAL memory_limit = '" + MEMORY_LIMIT + "'");
      }
      return root;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot open DuckDB file " + file + "; is another process using it?", e);
    }
  }

  @Override
  public void ensureTable(WarehouseTable table) {
    String columns =
        table.schema().getFields().stream()
            .map(f -> columnDefinition(f) + (f.getType().getNullable() ? "" : " NOT NULL"))
            .collect(Collectors.joining(", "));
    // Writers start together: DuckDB aborts a concurrent CREATE TABLE IF NOT EXISTS of the same
    // table with a write-write conflict instead of waiting, so creation is serialised per file.
    synchronized (database) {
      execute(
          "create table " + table.name(),
          "CREATE TABLE IF NOT EXISTS " + quote(table.name()) + " (" + columns
              + ", PRIMARY KEY (" + columnList(table.primaryKey()) + "))");
    }
  }

  @Override
  public void upsert(WarehouseTable table, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Schema schema = table.schema();
    String stage = "stage_" + table.name();
    String columns = columnList(schema.getFieldNames());
    Collection<Row> latest = lastPerKey(table, rows);
    TextValues.requireNoNul(table, latest);
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        // No constraints on the stage: the primary key is enforced by the target table.
        statement.execute(
            "CREATE TEMP TABLE " + quote(stage) + " ("
                + schema.getFields().stream()
                    .map(DuckDbWarehouse::columnDefinition)
                    .collect(Collectors.joining(", "))
                + ")");
        try (DuckDBAppender appender = connection.createAppender("temp", "main", stage)) {
          for (Row row : latest) {
            appender.beginRow();
            for (Schema.Field field : schema.getFields()) {
              append(appender, field, row.getValue(field.getName()));
            }
            appender.endRow();
          }
        }
        statement.execute(
            "INSERT OR REPLACE INTO " + quote(table.name()) + " (" + columns + ") SELECT " + columns
                + " FROM " + quote(stage));
        statement.execute("DROP TABLE " + quote(stage));
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollback(e);
      throw new IllegalStateException(
          "Upsert of " + latest.size() + " rows into " + table.name() + " in " + file + " failed: "
              + e.getMessage(),
          e);
    } finally {
      autoCommit();
    }
  }

  @Override
  public void execute(String sql) {
    execute("run " + sql, sql);
  }

  @Override
  public long count(String table) {
    Object rows = query("SELECT count(*) AS n FROM " + quote(table)).get(0).get("n");
    return ((Number) rows).longValue();
  }

  @Override
  public List<Map<String, Object>> query(String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = result.getObject(i);
          row.put(
              meta.getColumnLabel(i),
              value instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : value);
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Query on " + file + " failed: " + sql, e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not close a connection to " + file, e);
    }
  }

  /** The DuckDB column type of a Beam field; see the class comment. */
  static String duckDbType(Schema.Field field) {
    return ColumnTypes.DUCKDB.of(field);
  }

  private static void append(DuckDBAppender appender, Schema.Field field, Object value)
      throws SQLException {
    if (value == null) {
      appender.appendNull();
      return;
    }
    switch (field.getType().getTypeName()) {
      case DECIMAL -> appender.append(
          Decimals.fit((BigDecimal) value, DECIMAL_PRECISION, DECIMAL_SCALE, field.getName()));
      case DATETIME -> appender.append(
          OffsetDateTime.ofInstant(
              Instant.ofEpochMilli(((ReadableInstant) value).getMillis()), ZoneOffset.UTC));
      case LOGICAL_TYPE -> {
        if (value instanceof String text) {
          appender.append(text); // VariableString
        } else {
          appender.append((LocalDate) value);
        }
      }
      case ARRAY -> appender.append((Collection<?>) value);
      case STRING -> appender.append((String) value);
      case INT32 -> appender.append((Integer) value);
      case INT64 -> appender.append((Long) value);
      case DOUBLE -> appender.append((Double) value);
      case BOOLEAN -> appender.append((Boolean) value);
      default -> throw ColumnTypes.DUCKDB.unsupported(field);
    }
  }

  private static Collection<Row> lastPerKey(WarehouseTable table, List<Row> rows) {
    Map<List<Object>, Row> latest = new LinkedHashMap<>();
    for (Row row : rows) {
      List<Object> key = new ArrayList<>();
      table.primaryKey().forEach(column -> key.add(row.getValue(column)));
      latest.put(key, row);
    }
    return latest.values();
  }

  private void execute(String what, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not " + what + " in " + file + ": " + e.getMessage(), e);
    }
  }

  private void rollback(Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void autoCommit() {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not reset auto-commit on " + file, e);
    }
  }

  private static String columnDefinition(Schema.Field field) {
    return quote(field.getName()) + " " + duckDbType(field);
  }

  private static String columnList(List<String> names) {
    return names.stream().map(DuckDbWarehouse::quote).collect(Collectors.joining(", "));
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
