package dev.souk.pipelines;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.warehouse.LakeLoads;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.pipelines.lake.LakeTable;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.pipelines.quality.QualityTable;
import dev.souk.transforms.markets.Markets;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;

/** What happens before a job runs, outside the graph: the only step of a run with side effects besides the job. */
public final class Launch {
  private Launch() {}

  /**
   * Creates every lake and warehouse table the graph writes (so queries and dashboards never meet
   * a missing table, even one no row has reached yet) and marks a continuous crawl as streaming,
   * which runners need to run the unbounded graph. Safe to call on every run.
   */
  public static void prepare(SoukSettings settings, PipelineOptions options) {
    if (settings.schedule().continuous()) {
      options.as(StreamingOptions.class).setStreaming(true);
    }
    IcebergLake lake = settings.lake();
    for (LakeTable table : LakeTables.all(settings.markets())) {
      lake.ensureTable(table.id(), table.schema(), table.partitionDays());
    }
    try (Warehouse warehouse = settings.warehouse().open()) {
      Markets.warehouseTables(settings.markets()).forEach(warehouse::ensureTable);
      // The ledger too, migrated here once (before any worker reads it) if it has the first layout.
      LakeLoads.ensure(warehouse);
      warehouse.ensureTable(QualityTable.TABLE);
    }
  }
}
