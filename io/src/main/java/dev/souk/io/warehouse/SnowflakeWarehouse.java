package dev.souk.io.warehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.model.warehouse.WarehouseTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.snowflake.client.jdbc.SnowflakeDriver;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * A Snowflake warehouse over its JDBC driver: the tables in one schema of one database (the schema
 * is created if absent; the database is the administrator's), each created with its declared
 * primary key if absent ({@link SnowflakeStatements#createTable}; Snowflake does not enforce the
 * key, the MERGE is what keeps one row per key).
 *
 * <p>Beam to Snowflake types ({@link ColumnTypes#SNOWFLAKE}): STRING → VARCHAR, INT32 → INTEGER,
 * INT64 → BIGINT (both NUMBER(38,0)), DOUBLE → FLOAT, BOOLEAN → BOOLEAN, DECIMAL → NUMBER(18,2),
 * DATETIME → TIMESTAMP_TZ, {@code SqlTypes.DATE} → DATE, {@code VariableString} → VARCHAR(n),
 * ARRAY&lt;STRING&gt; → ARRAY.
 *
 * <p>An upsert replaces a temporary stage table (DDL commits, so before the transaction), loads
 * the batch into it ({@link SnowflakeConfig.StageLoad}: a gzip CSV file {@code PUT} to the table's
 * stage and {@code COPY INTO} it, or bound INSERT batches), then, in one transaction, {@code MERGE}s
 * it into the target by primary key. A failed upsert leaves the target as it was; repeating one
 * changes nothing.
 */
public final class SnowflakeWarehouse implements Warehouse {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The driver logs every session it opens at INFO (through java.util.logging); warnings are
   * enough. Held here because the logging framework keeps loggers only weakly.
   */
  private static final Logger DRIVER_LOG = quietDriverLog();

  private static Logger quietDriverLog() {
    Logger log = Logger.getLogger("net.snowflake.client");
    log.setLevel(Level.WARNING);
    return log;
  }

  private final SnowflakeConfig config;
  private final Connection connection;

  private SnowflakeWarehouse(SnowflakeConfig config, Connection connection) {
    this.config = config;
    this.connection = connection;
  }

  /** Opens a session: connects, creates the schema unless it exists, and enters it. */
  public static SnowflakeWarehouse open(SnowflakeConfig config) {
    Connection connection;
    try {
      // The driver itself rather than DriverManager, which may not see it from a runner's class loader.
      connection = new SnowflakeDriver().connect(config.url(), config.connectionProperties());
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot connect to " + config + ": " + e.getMessage(), e);
    }
    if (connection == null) {
      throw new IllegalStateException("Not a Snowflake JDBC URL: " + config);
    }
    SnowflakeWarehouse warehouse = new SnowflakeWarehouse(config, connection);
    try (Statement statement = connection.createStatement()) {
      String schema = config.database() + "." + config.schema();
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      statement.execute("USE SCHEMA " + schema);
    } catch (SQLException e) {
      warehouse.closeQuietly(e);
      throw new IllegalStateException("Could not enter schema of " + config + ": " + e.getMessage(), e);
    }
    return warehouse;
  }

  /** Whether the config's schema exists (a run created it), without creating anything. */
  public static boolean schemaExists(SnowflakeConfig config) {
    Properties properties = config.connectionProperties();
    properties.remove("schema"); // Signing in to a schema may create it (the emulator does).
    try (Connection connection = new SnowflakeDriver().connect(config.url(), properties);
        PreparedStatement statement = connection.prepareStatement(
            "SELECT 1 FROM " + config.database() + ".INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      statement.setString(1, config.schema());
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not look for the schema of " + config + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void ensureTable(WarehouseTable table) {
    execute("create table " + table.name(), SnowflakeStatements.createTable(config.qualified(table.name()), table));
  }

  @Override
  public void upsert(WarehouseTable table, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Collection<Row> latest = PostgresWarehouse.lastPerKey(table, rows);
    TextValues.requireNoNul(table, latest);
    try {
      try (Statement statement = connection.createStatement()) {
        statement.execute(SnowflakeStatements.createStage(table));
      }
      if (config.stageLoad() == SnowflakeConfig.StageLoad.COPY) {
        putAndCopy(table, latest); // PUT is not transactional; COPY into a temporary table need not be.
      }
      connection.setAutoCommit(false);
      if (config.stageLoad() == SnowflakeConfig.StageLoad.INSERT) {
        insertIntoStage(table, latest);
      }
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(SnowflakeStatements.merge(config.qualified(table.name()), table));
      }
      connection.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      rollback(e);
      throw new IllegalStateException("Upsert of " + latest.size() + " rows into " + table.name() + " in " + config
          + " failed: " + e.getMessage(), e);
    } finally {
      autoCommit();
    }
  }

  private void putAndCopy(WarehouseTable table, Collection<Row> rows) throws SQLException, IOException {
    Path folder = Files.createTempDirectory("souk-snowflake");
    Path file = folder.resolve(SnowflakeStatements.stageName(table).toLowerCase(Locale.ROOT) + ".csv.gz");
    try {
      Files.write(file, SnowflakeStatements.gzip(SnowflakeStatements.csv(table.schema(), rows)));
      try (Statement statement = connection.createStatement()) {
        statement.execute(SnowflakeStatements.put(file.toAbsolutePath().toString(), table));
        statement.execute(SnowflakeStatements.copy(table, SnowflakeStatements.tableStage(table),
            file.getFileName().toString()));
      }
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(folder);
    }
  }

  private void insertIntoStage(WarehouseTable table, Collection<Row> rows) throws SQLException {
    Schema schema = table.schema();
    try (PreparedStatement insert = connection.prepareStatement(SnowflakeStatements.insertIntoStage(table))) {
      for (Row row : rows) {
        List<String> texts = SnowflakeStatements.texts(schema, row);
        for (int i = 0; i < texts.size(); i++) {
          insert.setString(i + 1, texts.get(i));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public long count(String table) {
    Object rows = query("SELECT count(*) AS n FROM " + config.qualified(table)).get(0).get("n");
    return ((Number) rows).longValue();
  }

  /**
   * Runs a query in the warehouse's schema. Column labels Snowflake folded to upper case come back
   * lower case, and values as {@link DuckDbWarehouse#query} gives them: TIMESTAMP_TZ as an {@link
   * OffsetDateTime} in UTC, DATE as a {@code LocalDate}, an ARRAY as a list; whole numbers are
   * {@code Long}s.
   */
  @Override
  public List<Map<String, Object>> query(String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String label = meta.getColumnLabel(i);
          row.put(label.equals(label.toUpperCase(Locale.ROOT)) ? label.toLowerCase(Locale.ROOT) : label,
              value(result.getObject(i), meta.getColumnTypeName(i)));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Query on " + config + " failed: " + sql + ": " + e.getMessage(), e);
    }
  }

  private static Object value(Object value, String typeName) throws SQLException {
    if (value instanceof Timestamp timestamp) {
      return OffsetDateTime.ofInstant(timestamp.toInstant(), ZoneOffset.UTC);
    }
    if (value instanceof Date date) {
      return date.toLocalDate();
    }
    if (value instanceof String text && (typeName.equals("ARRAY") || typeName.equals("VARIANT"))
        && text.startsWith("[")) {
      try {
        return JSON.readValue(text, List.class);
      } catch (IOException e) {
        throw new SQLException("Not a JSON array: " + text, e);
      }
    }
    return value;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not close a connection to " + config, e);
    }
  }

  @Override
  public void execute(String sql) {
    execute("run " + sql, sql);
  }

  private void execute(String what, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not " + what + " in " + config + ": " + e.getMessage(), e);
    }
  }

  private void rollback(Exception cause) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void autoCommit() {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not reset auto-commit on " + config, e);
    }
  }

  private void closeQuietly(Exception cause) {
    try {
      connection.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
