package dev.souk.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The warehouse that receives the star schema. */
public interface WarehouseOptions extends PipelineOptions {
  @Description("Warehouse that receives the star schemas: 'duckdb' (embedded, the default).")
  @Default.String("duckdb")
  String getWarehouse();

  void setWarehouse(String value);

  @Description("DuckDB database file of the embedded warehouse. Unset: <outputDir>/souk.duckdb.")
  String getDuckdbPath();

  void setDuckdbPath(String value);
}
