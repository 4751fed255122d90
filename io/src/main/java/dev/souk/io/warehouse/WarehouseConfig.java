package dev.souk.io.warehouse;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Which warehouse to write to: a serializable description that workers {@link #open()}.
 *
 * <p>A PostgreSQL or Snowflake config carries its credentials to the workers (they open their own
 * connections); {@link #toString()} never shows a password or key.
 */
@AutoValue
public abstract class WarehouseConfig implements Serializable {
  private static final long serialVersionUID = 3L;

  // The schema name goes into SQL text, so only plain identifiers are accepted.
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Warehouse engines. */
  public enum Type {
    DUCKDB,
    POSTGRES,
    SNOWFLAKE
  }

  public abstract Type type();

  /** DuckDB: the database file; PostgreSQL, Snowflake: the JDBC URL. */
  public abstract String path();

  /** PostgreSQL: the schema that holds the tables; null for DuckDB. */
  public abstract @Nullable String schema();

  /** PostgreSQL: the user; null to leave it to the URL or the driver's defaults. */
  public abstract @Nullable String user();

  /** PostgreSQL: the password; null for none. Never printed. */
  public abstract @Nullable String password();

  /** Snowflake: where and as whom; null for the others. */
  public abstract @Nullable SnowflakeConfig snowflake();

  /** An embedded DuckDB database in {@code path}; its folder is created on first open. */
  public static WarehouseConfig duckDb(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("WarehouseConfig.duckDb needs the database file path");
    }
    return new AutoValue_WarehouseConfig(Type.DUCKDB, path, null, null, null, null);
  }

  /**
   * A PostgreSQL database at {@code jdbcUrl} ({@code jdbc:postgresql://host:port/database}), its
   * tables in {@code schema} (created on first use).
   */
  public static WarehouseConfig postgres(String jdbcUrl, String schema, @Nullable String user,
      @Nullable String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "WarehouseConfig.postgres needs a JDBC URL starting with jdbc:postgresql:, not '" + jdbcUrl + "'");
    }
    if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "PostgreSQL schema '" + schema + "' must match " + IDENTIFIER.pattern());
    }
    return new AutoValue_WarehouseConfig(Type.POSTGRES, jdbcUrl, schema, user, password, null);
  }

  /** A Snowflake database and schema (the schema is created on first use; the database must exist). */
  public static WarehouseConfig snowflake(SnowflakeConfig config) {
    return new AutoValue_WarehouseConfig(Type.SNOWFLAKE, config.url(), config.schema(), config.user(), null, config);
  }

  public Warehouse open() {
    return switch (type()) {
      case DUCKDB -> DuckDbWarehouse.open(path());
      case POSTGRES -> PostgresWarehouse.open(this);
      case SNOWFLAKE -> SnowflakeWarehouse.open(snowflake());
    };
  }

  /** At the end of a run: makes everything written durable in the warehouse itself and lets go of it. */
  public void finish() {
    switch (type()) {
      case DUCKDB -> DuckDbWarehouse.checkpointAndClose(path());
      case POSTGRES, SNOWFLAKE -> {} // Each commit is durable; sessions are closed by their users.
    }
  }

  /** A JDBC URL without its {@code ?parameters}, which may hold secrets. */
  public static String withoutParameters(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }

  /** The type, where and (PostgreSQL) schema and user: never the password. */
  @Override
  public final String toString() {
    return switch (type()) {
      case DUCKDB -> "DuckDB file " + path();
      case POSTGRES -> "PostgreSQL " + withoutParameters(path()) + " schema " + schema()
          + (user() == null ? "" : " as " + user());
      case SNOWFLAKE -> snowflake().toString();
    };
  }
}
