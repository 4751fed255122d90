package dev.souk.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Every option of the main job: the mixins plus the output root that their defaults live under. */
public interface SoukOptions extends CrawlOptions, ScheduleOptions, IngestOptions, LakeOptions, WarehouseOptions,
    QualityOptions {
  @Description("Root folder for the embedded outputs (Iceberg lake and DuckDB file).")
  @Default.String("souk-output")
  String getOutputDir();

  void setOutputDir(String value);
}
