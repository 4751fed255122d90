package dev.souk.pipelines.warehouse;

import dev.souk.io.warehouse.SnowflakeBucketLoad;
import dev.souk.io.warehouse.SnowflakeConfig;
import dev.souk.io.warehouse.SnowflakeWarehouse;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.io.warehouse.WarehouseConfig;
import dev.souk.io.warehouse.WriteToWarehouse;
import dev.souk.model.warehouse.WarehouseTable;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Snowflake: every worker opens its own sessions with the credentials the launcher read from its
 * environment or files ({@link SnowflakeSinks}). Each table is upserted by a MERGE from a stage
 * table, loaded over JDBC ({@link SnowflakeConfig.StageLoad}) or, with a staging bucket, by
 * SnowflakeIO's COPY ({@link SnowflakeBucketLoad}). Neither {@link #describe()}, {@link
 * #queryOptions()} nor {@link #toString()} shows a credential.
 */
public final class SnowflakeSink implements WarehouseSink {
  private static final long serialVersionUID = 1L;

  /** SnowflakeIO's staging: a bucket path and the storage integration through which Snowflake reads it. */
  public record Bucket(String path, String storageIntegration) implements Serializable {}

  private final SnowflakeConfig config;
  private final @Nullable Bucket bucket;

  private SnowflakeSink(SnowflakeConfig config, @Nullable Bucket bucket) {
    this.config = config;
    this.bucket = bucket;
  }

  public static SnowflakeSink of(SnowflakeConfig config, @Nullable Bucket bucket) {
    return new SnowflakeSink(config, bucket);
  }

  public SnowflakeConfig config() {
    return config;
  }

  public @Nullable Bucket bucket() {
    return bucket;
  }

  @Override
  public String describe() {
    return "Snowflake " + WarehouseConfig.withoutParameters(config.url()) + ", " + config.database() + "."
        + config.schema() + (bucket == null ? "" : ", staged in " + bucket.path());
  }

  @Override
  public String queryOptions() {
    return "--warehouse=snowflake --snowflakeUrl=" + config.url() + " --snowflakeDatabase=" + config.database()
        + " --snowflakeSchema=" + config.schema()
        + (config.warehouse() == null ? "" : " --snowflakeWarehouse=" + config.warehouse())
        + (config.role() == null ? "" : " --snowflakeRole=" + config.role());
  }

  @Override
  public boolean exists() {
    return SnowflakeWarehouse.schemaExists(config);
  }

  @Override
  public Warehouse open() {
    return SnowflakeWarehouse.open(config);
  }

  @Override
  public PTransform<PCollection<Row>, PCollection<Long>> write(WarehouseTable table) {
    return bucket == null
        ? WriteToWarehouse.to(WarehouseConfig.snowflake(config), table)
        : SnowflakeBucketLoad.to(config, table, bucket.path(), bucket.storageIntegration());
  }

  @Override
  public String toString() {
    return describe();
  }
}
