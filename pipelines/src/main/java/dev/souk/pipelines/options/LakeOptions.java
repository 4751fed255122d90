package dev.souk.pipelines.options;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The Iceberg lake: bronze, silver and dead-letter tables. */
public interface LakeOptions extends PipelineOptions {
  @Description(
      "Warehouse folder of the embedded Iceberg Hadoop catalog. Unset: <outputDir>/lake.")
  String getLakeWarehouse();

  void setLakeWarehouse(String value);
}
