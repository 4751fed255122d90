package dev.souk.io.warehouse;

import dev.souk.io.Decimals;
import dev.souk.model.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;
import org.postgresql.Driver;
import org.postgresql.PGConnection;

/**
 * A PostgreSQL warehouse, for a team without Snowflake: plain JDBC on one connection per session,
 * the tables in one schema (created on first use), the session's {@code search_path} set to it so
 * queries name tables unqualified, and its time zone to UTC.
 *
 * <p>Beam to PostgreSQL types: STRING → TEXT, INT32 → INTEGER, INT64 → BIGINT, DOUBLE → DOUBLE
 * PRECISION, BOOLEAN → BOOLEAN, DECIMAL → NUMERIC(18,2), DATETIME → TIMESTAMPTZ, {@code
 * SqlTypes.DATE} → DATE, {@code VariableString} (surrogate keys) → VARCHAR(n), ARRAY&lt;STRING&gt;
 * → TEXT[]. Non-nullable fields are NOT NULL. The same as {@link DuckDbWarehouse}'s, so a query
 * gives the same values on both.
 *
 * <p>An upsert copies the rows into a temporary table with {@code COPY … FROM STDIN} (CSV), then
 * runs one {@code INSERT … SELECT … ON CONFLICT (primary key) DO UPDATE}, in one transaction:
 * one round trip for the data and one set-based statement, instead of a statement per row.
 * Creating the schema and tables takes a transaction-scoped advisory lock, so writers that start
 * together (in this JVM or on other workers) do not race on the catalog.
 */
public final class PostgresWarehouse implements Warehouse {
  static final int DECIMAL_PRECISION = ColumnTypes.DECIMAL_PRECISION;
  static final int DECIMAL_SCALE = ColumnTypes.DECIMAL_SCALE;

  /** The advisory lock that serialises Souk's DDL in a database (an arbitrary constant). */
  private static final long DDL_LOCK = 0x536f756b_44444cL; // "SoukDDL"

  private final WarehouseConfig config;
  private final Connection connection;

  private PostgresWarehouse(WarehouseConfig config, Connection connection) {
    this.config = config;
    this.connection = connection;
  }

  /** Opens a session: connects, creates the schema unless it exists, and enters it. */
  public static PostgresWarehouse open(WarehouseConfig config) {
    PostgresWarehouse warehouse = new PostgresWarehouse(config, connect(config));
    try {
      warehouse.enterSchema();
    } catch (RuntimeException e) {
      warehouse.closeQuietly(e);
      throw e;
    }
    return warehouse;
  }

  /** Whether the config's schema exists (a run created it), without creating anything. */
  public static boolean schemaExists(WarehouseConfig config) {
    try (Connection connection = connect(config)) {
      return schemaExists(connection, config.schema());
    } catch (SQLException e) {
      throw new IllegalStateException("Could not look for schema " + config.schema() + " in " + config + ": "
          + e.getMessage(), e);
    }
  }

  private static boolean schemaExists(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      statement.setString(1, schema);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }

  private static Connection connect(WarehouseConfig config) {
    if (config.type() != WarehouseConfig.Type.POSTGRES) {
      throw new IllegalArgumentException("Not a PostgreSQL config: " + config);
    }
    Properties properties = new Properties();
    if (config.user() != null) {
      properties.setProperty("user", config.user());
    }
    if (config.password() != null) {
      properties.setProperty("password", config.password());
    }
    properties.setProperty("ApplicationName", "souk");
    Connection connection;
    try {
      // The driver itself rather than DriverManager, which may not see it from a runner's class loader.
      connection = new Driver().connect(config.path(), properties);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot connect to " + config + ": " + e.getMessage(), e);
    }
    if (connection == null) {
      throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + config);
    }
    return connection;
  }

  private void enterSchema() {
    String schema = config.schema();
    try {
      if (!schemaExists(connection, schema)) {
        // Checked first: a user without CREATE on the database may still use an existing schema.
        ddl("create schema " + schema, "CREATE SCHEMA IF NOT EXISTS " + quote(schema));
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET search_path TO " + quote(schema));
        statement.execute("SET TIME ZONE 'UTC'");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not enter schema " + schema + " of " + config + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void ensureTable(WarehouseTable table) {
    String columns =
        table.schema().getFields().stream()
            .map(f -> columnDefinition(f) + (f.getType().getNullable() ? "" : " NOT NULL"))
            .collect(Collectors.joining(", "));
    ddl("create table " + table.name(),
        "CREATE TABLE IF NOT EXISTS " + qualified(table.name()) + " (" + columns
            + ", PRIMARY KEY (" + columnList(table.primaryKey()) + "))");
  }

  /** Runs one DDL statement in its own transaction, holding the DDL lock. */
  private void ddl(String what, String sql) {
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
        statement.execute(sql);
      }
      connection.commit();
    } catch (SQLException e) {
      rollback(e);
      throw new IllegalStateException("Could not " + what + " in " + config + ": " + e.getMessage(), e);
    } finally {
      autoCommit();
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
                    .map(PostgresWarehouse::columnDefinition)
                    .collect(Collectors.joining(", "))
                + ") ON COMMIT DROP");
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
            "COPY " + quote(stage) + " (" + columns + ") FROM STDIN WITH (FORMAT csv)",
            new StringReader(csv(schema, latest)));
        List<String> updated = new ArrayList<>(schema.getFieldNames());
        updated.removeAll(table.primaryKey());
        String onConflict = updated.isEmpty()
            ? "DO NOTHING"
            : "DO UPDATE SET " + updated.stream()
                .map(c -> quote(c) + " = EXCLUDED." + quote(c))
                .collect(Collectors.joining(", "));
        statement.execute(
            "INSERT INTO " + qualified(table.name()) + " (" + columns + ") SELECT " + columns
                + " FROM " + quote(stage) + " ON CONFLICT (" + columnList(table.primaryKey()) + ") "
                + onConflict);
      }
      connection.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      rollback(e);
      throw new IllegalStateException(
          "Upsert of " + latest.size() + " rows into " + table.name() + " in " + config + " failed: "
              + e.getMessage(),
          e);
    } finally {
      autoCommit();
    }
  }

  @Override
  public void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run " + sql + " in " + config + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long count(String table) {
    Object rows = query("SELECT count(*) AS n FROM " + quote(table)).get(0).get("n");
    return ((Number) rows).longValue();
  }

  /**
   * Runs a query in the warehouse's schema. Values come as {@link DuckDbWarehouse#query} gives
   * them: TIMESTAMPTZ as {@link OffsetDateTime} in UTC, DATE as {@link LocalDate}, arrays as lists.
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
          row.put(meta.getColumnLabel(i), value(result, i, meta.getColumnTypeName(i)));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Query on " + config + " failed: " + sql + ": " + e.getMessage(), e);
    }
  }

  private static Object value(ResultSet result, int i, String typeName) throws SQLException {
    switch (typeName) {
      case "timestamptz":
        return result.getObject(i, OffsetDateTime.class);
      case "date":
        return result.getObject(i, LocalDate.class);
      default:
        Object value = result.getObject(i);
        return value instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : value;
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not close a connection to " + config, e);
    }
  }

  /** The PostgreSQL column type of a Beam field; see the class comment. */
  static String postgresType(Schema.Field field) {
    return ColumnTypes.POSTGRES.of(field);
  }

  /** The rows as CSV for COPY: null as an empty unquoted field, every value quoted. */
  static String csv(Schema schema, Collection<Row> rows) {
    StringBuilder out = new StringBuilder();
    for (Row row : rows) {
      for (int i = 0; i < schema.getFieldCount(); i++) {
        if (i > 0) {
          out.append(',');
        }
        Schema.Field field = schema.getField(i);
        Object value = row.getValue(i);
        if (value != null) {
          quoteCsv(out, text(field, value));
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** A value as PostgreSQL's input function for its column type reads it. */
  private static String text(Schema.Field field, Object value) {
    return switch (field.getType().getTypeName()) {
      case DECIMAL -> Decimals.fit((BigDecimal) value, DECIMAL_PRECISION, DECIMAL_SCALE, field.getName())
          .toPlainString();
      case DATETIME -> Instant.ofEpochMilli(((ReadableInstant) value).getMillis()).toString();
      case ARRAY -> arrayLiteral((Collection<?>) value);
      case STRING, INT32, INT64, DOUBLE, BOOLEAN, LOGICAL_TYPE -> value.toString();
      default -> throw ColumnTypes.POSTGRES.unsupported(field);
    };
  }

  /** {@code {"a","b \"c\""}}: every element quoted, so commas, braces and spaces stay text. */
  private static String arrayLiteral(Collection<?> values) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (Object element : values) {
      if (!first) {
        out.append(',');
      }
      first = false;
      if (element == null) {
        out.append("NULL");
      } else {
        out.append('"')
            .append(element.toString().replace("\\", "\\\\").replace("\"", "\\\""))
            .append('"');
      }
    }
    return out.append('}').toString();
  }

  private static void quoteCsv(StringBuilder out, String text) {
    out.append('"').append(text.replace("\"", "\"\"")).append('"');
  }

  /** The last row of each primary key, in first-seen order. */
  static Collection<Row> lastPerKey(WarehouseTable table, List<Row> rows) {
    Map<List<Object>, Row> latest = new LinkedHashMap<>();
    for (Row row : rows) {
      List<Object> key = new ArrayList<>();
      table.primaryKey().forEach(column -> key.add(row.getValue(column)));
      latest.put(key, row);
    }
    return latest.values();
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

  private String qualified(String table) {
    return quote(config.schema()) + "." + quote(table);
  }

  private static String columnDefinition(Schema.Field field) {
    return quote(field.getName()) + " " + postgresType(field);
  }

  private static String columnList(List<String> names) {
    return names.stream().map(PostgresWarehouse::quote).collect(Collectors.joining(", "));
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
