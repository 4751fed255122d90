package dev.souk.io.warehouse;

import dev.souk.model.warehouse.WarehouseTable;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The warehouse's ledger of the lake: for each lake table it loads from, the last snapshot whose
 * rows are in. Written only after every star-schema table took the rows of that snapshot, so a
 * load killed halfway leaves the old mark and the next run loads the same rows again (upserts
 * make that harmless). Kept in the warehouse itself, beside the data it describes.
 */
public final class LakeLoads {
  /** {@code souk_lake_loads}: one row per lake table loaded. */
  public static final WarehouseTable TABLE = WarehouseTable.of("souk_lake_loads",
      Schema.builder()
          .addStringField("lake_table")
          .addInt64Field("snapshot_id")
          .addDateTimeField("loaded_at")
          .build(),
      List.of("lake_table"));

  private LakeLoads() {}

  /** The snapshot of {@code lakeTableId} loaded so far; null before its first load. */
  public static @Nullable Long loadedUpTo(Warehouse warehouse, String lakeTableId) {
    warehouse.ensureTable(TABLE);
    List<Map<String, Object>> rows = warehouse.query("SELECT snapshot_id FROM " + TABLE.name()
        + " WHERE lake_table = '" + lakeTableId.replace("'", "''") + "'");
    return rows.isEmpty() ? null : ((Number) rows.get(0).get("snapshot_id")).longValue();
  }

  /** Records that every row of {@code lakeTableId} up to {@code snapshotId} is loaded. */
  public static void record(Warehouse warehouse, String lakeTableId, long snapshotId, Instant at) {
    warehouse.ensureTable(TABLE);
    warehouse.upsert(TABLE, List.of(Row.withSchema(TABLE.schema())
        .addValues(lakeTableId, snapshotId, at.toDateTime()).build()));
  }
}
