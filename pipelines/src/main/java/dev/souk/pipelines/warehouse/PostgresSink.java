package dev.souk.pipelines.warehouse;

import dev.souk.io.warehouse.PostgresWarehouse;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.io.warehouse.WarehouseConfig;
import dev.souk.io.warehouse.WriteToWarehouse;
import dev.souk.model.warehouse.WarehouseTable;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A PostgreSQL database shared by a team: every worker connects to it with the credentials the
 * launcher read from its environment or password file ({@link WarehouseSinks}). Neither {@link
 * #describe()} nor {@link #queryOptions()} shows the password, nor {@link #toString()}.
 */
public final class PostgresSink implements WarehouseSink {
  private static final long serialVersionUID = 1L;

  private final WarehouseConfig config;

  private PostgresSink(WarehouseConfig config) {
    this.config = config;
  }

  /** The tables in {@code schema} of the database at {@code jdbcUrl}. */
  public static PostgresSink of(String jdbcUrl, String schema, @Nullable String user, @Nullable String password) {
    return new PostgresSink(WarehouseConfig.postgres(jdbcUrl, schema, user, password));
  }

  public String url() {
    return config.path();
  }

  public String schema() {
    return config.schema();
  }

  public @Nullable String user() {
    return config.user();
  }

  /** Whether a password was found; the password itself stays inside. */
  public boolean hasPassword() {
    return config.password() != null;
  }

  @Override
  public String describe() {
    return "PostgreSQL " + WarehouseConfig.withoutParameters(config.path()) + ", schema " + config.schema();
  }

  @Override
  public String queryOptions() {
    return "--warehouse=postgres --postgresUrl=" + config.path() + " --postgresSchema=" + config.schema();
  }

  @Override
  public boolean exists() {
    return PostgresWarehouse.schemaExists(config);
  }

  @Override
  public Warehouse open() {
    return config.open();
  }

  @Override
  public PTransform<PCollection<Row>, PCollection<Long>> write(WarehouseTable table) {
    return WriteToWarehouse.to(config, table);
  }

  @Override
  public String toString() {
    return describe();
  }
}
