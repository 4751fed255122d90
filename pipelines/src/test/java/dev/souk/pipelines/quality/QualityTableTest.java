package dev.souk.pipelines.quality;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.souk.io.warehouse.Warehouse;
import dev.souk.io.warehouse.WarehouseConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** souk_quality_checks in a real (DuckDB) warehouse: one row per check and run, and the baselines it gives. */
class QualityTableTest {
  @TempDir Path folder;

  private WarehouseConfig config() {
    return WarehouseConfig.duckDb(folder.resolve("w.duckdb").toString());
  }

  @AfterEach
  void release() {
    config().finish();
  }

  private static QualityCheck listings(String site, double value, GateStatus status) {
    return new QualityCheck(site, QualityRules.PAYLOAD_LISTINGS, "", value, null, null, null, status, "m");
  }

  @Test
  void aRunRecordedAgainReplacesItsRowsAndTheBaselineIsTheLatestOtherRunThatDidNotFail() {
    try (Warehouse warehouse = config().open()) {
      QualityTable.record(warehouse, "r1", new Instant(1_000), List.of(listings("avito", 177, GateStatus.OK),
          listings("noon", 30, GateStatus.OK),
          new QualityCheck("avito", QualityRules.FILL_RATE, "city", 1.0, null, 0.9, 0.5, GateStatus.OK, "m")));
      // Resumed: the same run records its checks again, with other values.
      QualityTable.record(warehouse, "r1", new Instant(2_000), List.of(listings("avito", 170, GateStatus.OK),
          listings("noon", 30, GateStatus.OK),
          new QualityCheck("avito", QualityRules.FILL_RATE, "city", 1.0, null, 0.9, 0.5, GateStatus.OK, "m")));
      assertThat(warehouse.count(QualityTable.TABLE.name()), equalTo(3L));

      assertThat("a run is not its own baseline", QualityTable.baselines(warehouse, "r1"), equalTo(Map.of()));
      assertThat("fill rates have none", QualityTable.baselines(warehouse, "r2"),
          equalTo(Map.of("avito/payload_listings/", 170.0, "noon/payload_listings/", 30.0)));

      QualityTable.record(warehouse, "r2", new Instant(3_000), List.of(listings("avito", 10, GateStatus.FAIL),
          listings("noon", 25, GateStatus.OK)));
      assertThat("a failed value is no baseline; a passed one is", QualityTable.baselines(warehouse, "r3"),
          equalTo(Map.of("avito/payload_listings/", 170.0, "noon/payload_listings/", 25.0)));
      Object nullBaseline = warehouse.query("SELECT baseline FROM souk_quality_checks WHERE run_id = 'r2' AND site = 'noon'")
          .get(0).get("baseline");
      assertThat(nullBaseline == null, equalTo(true));
    }
  }
}
