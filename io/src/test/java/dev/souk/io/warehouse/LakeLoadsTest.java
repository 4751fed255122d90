package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger in DuckDB and PostgreSQL alike: two lakes in one warehouse, and the first layout's migration. */
class LakeLoadsTest {
  private static final Instant AT = Instant.parse("2025-03-14T10:00:00Z");
  private static final LakeLoads.Source LAKE_A =
      new LakeLoads.Source("a-uuid", "silver.property_listings", "file:/data/a/lake/silver/property_listings");
  private static final LakeLoads.Source LAKE_B =
      new LakeLoads.Source("b-uuid", "silver.property_listings", "s3://b/lake/silver/property_listings");

  private static LocalPostgres server;

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() {
    server = LocalPostgres.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private List<WarehouseConfig> warehouses(String name) {
    return List.of(WarehouseConfig.duckDb(tmp.resolve(name + ".duckdb").toString()),
        WarehouseConfig.postgres(server.createDatabase(name), "star", LocalPostgres.USER, null));
  }

  @Test
  void twoLakesWithTheSameTableNamesKeepTheirOwnMarks() {
    for (WarehouseConfig config : warehouses("two_lakes")) {
      try (Warehouse warehouse = config.open()) {
        LakeLoads.record(warehouse, LAKE_A, 100L, AT);
        assertThat(config + ": lake B has loaded nothing", LakeLoads.loadedUpTo(warehouse, LAKE_B, s -> true), nullValue());
        LakeLoads.record(warehouse, LAKE_B, 7L, AT);
        LakeLoads.record(warehouse, LAKE_A, 101L, AT);
        assertThat(LakeLoads.loadedUpTo(warehouse, LAKE_A, s -> true), is(101L));
        assertThat(LakeLoads.loadedUpTo(warehouse, LAKE_B, s -> true), is(7L));
        assertThat(warehouse.query("SELECT lake_table, lake_location FROM souk_lake_loads ORDER BY lake_table_uuid"),
            equalTo(List.of(
                Map.of("lake_table", LAKE_A.table(), "lake_location", LAKE_A.location()),
                Map.of("lake_table", LAKE_B.table(), "lake_location", LAKE_B.location()))));
      }
    }
  }

  @Test
  void aLedgerOfTheFirstLayoutIsRenamedAndItsMarkGoesToTheTableHoldingThatSnapshot() {
    List<List<Map<String, Object>>> after = new ArrayList<>();
    for (WarehouseConfig config : warehouses("migrate")) {
      try (Warehouse warehouse = config.open()) {
        // The first layout, as a warehouse written before this change holds it.
        warehouse.execute("CREATE TABLE souk_lake_loads (lake_table VARCHAR NOT NULL PRIMARY KEY,"
            + " snapshot_id BIGINT NOT NULL, loaded_at TIMESTAMPTZ NOT NULL)");
        warehouse.execute("INSERT INTO souk_lake_loads VALUES ('silver.property_listings', 5551234,"
            + " TIMESTAMPTZ '2025-03-14 10:00:00+00')");

        LakeLoads.ensure(warehouse);
        LakeLoads.ensure(warehouse);
        assertThat(config + ": kept under its new name", warehouse.count(LakeLoads.LEGACY_NAME), is(1L));
        assertThat(warehouse.count(LakeLoads.TABLE.name()), is(0L));
        // Lake B's table never made snapshot 5551234: the old mark is not its, it loads in full.
        assertThat(LakeLoads.loadedUpTo(warehouse, LAKE_B, s -> s == 42L), nullValue());
        assertThat(LakeLoads.loadedUpTo(warehouse, LAKE_A, s -> s == 5551234L), is(5551234L));
        LakeLoads.record(warehouse, LAKE_A, 5551299L, AT);
        assertThat(LakeLoads.loadedUpTo(warehouse, LAKE_A, s -> false), is(5551299L));
        after.add(warehouse.query("SELECT lake_table_uuid, snapshot_id FROM souk_lake_loads"));
      }
    }
    assertThat(after.get(1), equalTo(after.get(0)));
  }
}
