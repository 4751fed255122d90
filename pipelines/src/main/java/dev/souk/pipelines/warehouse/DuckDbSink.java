package dev.souk.pipelines.warehouse;

import dev.souk.io.warehouse.Warehouse;
import dev.souk.io.warehouse.WarehouseConfig;
import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.io.warehouse.WriteToWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/** The embedded default: a DuckDB database file, written by the workers of this machine. */
public final class DuckDbSink implements WarehouseSink {
  private static final long serialVersionUID = 1L;
  private final String path;

  private DuckDbSink(String path) {
    this.path = path;
  }

  public static DuckDbSink at(Path file) {
    return new DuckDbSink(file.toAbsolutePath().toString());
  }

  public String path() {
    return path;
  }

  @Override
  public String describe() {
    return "DuckDB file " + path;
  }

  @Override
  public String queryOptions() {
    return "--duckdbPath=" + path;
  }

  @Override
  public boolean exists() {
    return Files.isRegularFile(Path.of(path));
  }

  @Override
  public Warehouse open() {
    return WarehouseConfig.duckDb(path).open();
  }

  @Override
  public void finish() {
    WarehouseConfig.duckDb(path).finish();
  }

  @Override
  public PTransform<PCollection<Row>, PCollection<Long>> write(WarehouseTable table) {
    return WriteToWarehouse.to(WarehouseConfig.duckDb(path), table);
  }
}
