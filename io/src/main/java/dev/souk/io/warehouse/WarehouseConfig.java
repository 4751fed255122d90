package dev.souk.io.warehouse;

import com.google.auto.value.AutoValue;
import java.io.Serializable;

/** Which warehouse to write to: a serializable description that workers {@link #open()}. */
@AutoValue
public abstract class WarehouseConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Warehouse engines; Snowflake joins DuckDB when the production warehouse is wired in. */
  public enum Type {
    DUCKDB
  }

  public abstract Type type();

  /** DuckDB: the database file. */
  public abstract String path();

  /** An embedded DuckDB database in {@code path}; its folder is created on first open. */
  public static WarehouseConfig duckDb(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("WarehouseConfig.duckDb needs the database file path");
    }
    return new AutoValue_WarehouseConfig(Type.DUCKDB, path);
  }

  public Warehouse open() {
    return switch (type()) {
      case DUCKDB -> DuckDbWarehouse.open(path());
    };
  }

  /** At the end of a run: makes everything written durable in the warehouse itself and lets go of it. */
  public void finish() {
    switch (type()) {
      case DUCKDB -> DuckDbWarehouse.checkpointAndClose(path());
    }
  }
}
