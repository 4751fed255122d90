package dev.souk.io.warehouse;

import dev.souk.model.warehouse.WarehouseTable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Snowflake objects a streaming load through Snowpipe would need, per star table: NOT WIRED
 * into the job (docs/snowflake.md, "Snowpipe"). Snowpipe ingests files asynchronously, after the
 * pipeline has moved on, so the job could not record its lake mark only once the warehouse holds
 * the rows; the MERGE then has to run in Snowflake itself, from a stream on the stage table. Kept
 * as tested text so the design is exact and reviewable; none of it runs against the emulator
 * (fakesnow has no pipes, streams or tasks).
 *
 * <pre>
 * files (SnowflakeIO's CSV) → external stage → PIPE: COPY INTO stage table → STREAM on it
 *   → TASK (when the stream has data): MERGE into the target, one row per key
 * </pre>
 */
final class SnowpipeStatements {
  private SnowpipeStatements() {}

  /**
   * In order: the external stage over {@code bucket} (read through {@code storageIntegration}),
   * the transient stage table, the pipe, the stream and the task that merges it (run by {@code
   * warehouse} every minute while the stream has rows), and the statement that starts the task.
   */
  static List<String> forTable(SnowflakeConfig config, WarehouseTable table, String bucket, String storageIntegration,
      String pipe, String warehouse) {
    String schema = config.database() + "." + config.schema();
    String tableName = SnowflakeStatements.name(table.name());
    String externalStage = schema + ".SOUK_BUCKET";
    String stage = schema + "." + SnowflakeStatements.stageName(table);
    String stream = stage + "_STREAM";
    String task = schema + ".SOUK_MERGE_" + tableName;
    String keys = table.primaryKey().stream().map(SnowflakeStatements::name).collect(Collectors.joining(", "));
    // Souk's keys are content hashes: rows sharing a key in one stream batch are the same listing
    // version loaded twice, so which one the MERGE takes does not matter, only that it takes one.
    String oneRowPerKey = stream + " QUALIFY ROW_NUMBER() OVER (PARTITION BY " + keys + " ORDER BY " + keys + ") = 1";
    return List.of(
        "CREATE STAGE IF NOT EXISTS " + externalStage + " URL='" + bucket.replace("'", "''") + "' STORAGE_INTEGRATION="
            + SnowflakeStatements.name(storageIntegration),
        SnowflakeStatements.createBucketStage(stage, table),
        "CREATE PIPE IF NOT EXISTS " + schema + "." + SnowflakeStatements.name(pipe) + "_" + tableName
            + " AS COPY INTO " + stage + " FROM @" + externalStage + "/" + table.name() + "/"
            + " FILE_FORMAT=(TYPE=CSV FIELD_OPTIONALLY_ENCLOSED_BY='0x27' COMPRESSION=GZIP)",
        "CREATE STREAM IF NOT EXISTS " + stream + " ON TABLE " + stage + " APPEND_ONLY=TRUE",
        "CREATE TASK IF NOT EXISTS " + task + " WAREHOUSE=" + SnowflakeStatements.name(warehouse)
            + " SCHEDULE='1 MINUTE' WHEN SYSTEM$STREAM_HAS_DATA('" + stream + "') AS "
            + SnowflakeStatements.merge(config.qualified(table.name()), table, oneRowPerKey),
        "ALTER TASK " + task + " RESUME");
  }
}
