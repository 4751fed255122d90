package dev.souk.io.warehouse;

import dev.souk.model.warehouse.WarehouseTable;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The warehouse's ledger of the lake: for each lake table it loads from, the last snapshot whose
 * rows are in. Written only after every star-schema table took the rows of that snapshot, so a
 * load killed halfway leaves the old mark and the next run loads the same rows again (upserts
 * make that harmless). Kept in the warehouse itself, beside the data it describes.
 *
 * <p>A lake table is known by its Iceberg table UUID, not its name: two lakes loading into one
 * warehouse both have a {@code silver.property_listings}, and a snapshot id means something only
 * in the table that made it (a lake deleted and created again at the same place has new tables).
 * The name and location are kept beside the UUID for people.
 *
 * <p>Migration: a ledger of the first layout (keyed by {@code lake_table} alone) is renamed {@link
 * #LEGACY_NAME} when a session first meets it. Its mark for a table name is taken over by the
 * first lake table of that name that holds the marked snapshot: snapshot ids are random 64-bit
 * numbers, so holding it means the mark was made from that table. Any other table starts with no
 * mark and is loaded in full (upserts make that safe, only slower).
 */
public final class LakeLoads {
  /** {@code souk_lake_loads}: one row per lake table loaded. */
  public static final WarehouseTable TABLE = WarehouseTable.of("souk_lake_loads",
      Schema.builder()
          .addStringField("lake_table_uuid")
          .addStringField("lake_table")
          .addStringField("lake_location")
          .addInt64Field("snapshot_id")
          .addDateTimeField("loaded_at")
          .build(),
      List.of("lake_table_uuid"));

  /** Where a ledger of the first layout (keyed by lake table name) is kept after migration. */
  public static final String LEGACY_NAME = "souk_lake_loads_v1";

  /** A lake table as the ledger knows it. */
  public record Source(String uuid, String table, String location) implements Serializable {}

  private LakeLoads() {}

  /**
   * The snapshot of {@code source} loaded so far; null before its first load. {@code
   * holdsSnapshot} says whether a snapshot id is one of the source table's (for a mark of the
   * first ledger layout).
   */
  public static @Nullable Long loadedUpTo(Warehouse warehouse, Source source, LongPredicate holdsSnapshot) {
    ensure(warehouse);
    List<Map<String, Object>> rows = warehouse.query("SELECT snapshot_id FROM " + TABLE.name()
        + " WHERE lake_table_uuid = " + literal(source.uuid()));
    if (!rows.isEmpty()) {
      return ((Number) rows.get(0).get("snapshot_id")).longValue();
    }
    if (!exists(warehouse, LEGACY_NAME)) {
      return null;
    }
    List<Map<String, Object>> legacy = warehouse.query("SELECT snapshot_id FROM " + LEGACY_NAME
        + " WHERE lake_table = " + literal(source.table()));
    if (legacy.isEmpty()) {
      return null;
    }
    long snapshot = ((Number) legacy.get(0).get("snapshot_id")).longValue();
    return holdsSnapshot.test(snapshot) ? snapshot : null;
  }

  /** Records that every row of {@code source} up to {@code snapshotId} is loaded. */
  public static void record(Warehouse warehouse, Source source, long snapshotId, Instant at) {
    ensure(warehouse);
    warehouse.upsert(TABLE, List.of(Row.withSchema(TABLE.schema())
        .addValues(source.uuid(), source.table(), source.location(), snapshotId, at.toDateTime()).build()));
  }

  /**
   * Creates the ledger unless it exists; a ledger of the first layout is renamed {@link
   * #LEGACY_NAME} first (once: a second session finds the new layout).
   */
  public static void ensure(Warehouse warehouse) {
    if (exists(warehouse, TABLE.name()) && !hasColumn(warehouse, TABLE.name(), "lake_table_uuid")) {
      // ALTER TABLE … RENAME TO reads the same in DuckDB and PostgreSQL (and Snowflake).
      try {
        warehouse.execute("ALTER TABLE " + TABLE.name() + " RENAME TO " + LEGACY_NAME);
      } catch (IllegalStateException e) {
        if (!exists(warehouse, LEGACY_NAME)) {
          throw e;
        } // another session migrated it first
      }
    }
    warehouse.ensureTable(TABLE);
  }

  private static boolean exists(Warehouse warehouse, String table) {
    return !warehouse.query("SELECT 1 AS found FROM information_schema.tables WHERE table_schema = current_schema()"
        + " AND table_name = " + literal(table)).isEmpty();
  }

  private static boolean hasColumn(Warehouse warehouse, String table, String column) {
    return !warehouse.query("SELECT 1 AS found FROM information_schema.columns WHERE table_schema = current_schema()"
        + " AND table_name = " + literal(table) + " AND column_name = " + literal(column)).isEmpty();
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
