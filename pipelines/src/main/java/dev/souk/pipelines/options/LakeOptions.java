package dev.souk.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The Iceberg lake: bronze, silver and dead-letter tables. */
public interface LakeOptions extends PipelineOptions {
  @Description(
      "Iceberg catalog of the lake: 'hadoop' (embedded: tables are folders under --lakeWarehouse) or "
          + "'rest' (an Iceberg REST catalog at --lakeCatalogUri, e.g. one shared by a cluster's workers).")
  @Default.String("hadoop")
  String getLakeCatalog();

  void setLakeCatalog(String value);

  @Description(
      "Where the lake's files live: a folder for --lakeCatalog=hadoop (unset: <outputDir>/lake), or the "
          + "warehouse location the REST catalog is asked for (e.g. s3://bucket/lake).")
  String getLakeWarehouse();

  void setLakeWarehouse(String value);

  @Description("URI of the Iceberg REST catalog when --lakeCatalog=rest, e.g. http://127.0.0.1:8181.")
  String getLakeCatalogUri();

  void setLakeCatalogUri(String value);
}
