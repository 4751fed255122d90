package dev.souk.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The warehouse that receives the star schema. PostgreSQL credentials are never options: the user
 * and password come from the environment ({@code SOUK_POSTGRES_USER}, {@code
 * SOUK_POSTGRES_PASSWORD}) or the password from a file ({@code --postgresPasswordFile}), so they
 * appear in no command line, options file or pipeline display data.
 */
public interface WarehouseOptions extends PipelineOptions {
  @Description("Warehouse that receives the star schemas: 'duckdb' (embedded, the default) or 'postgres'.")
  @Default.String("duckdb")
  String getWarehouse();

  void setWarehouse(String value);

  @Description("DuckDB database file of the embedded warehouse. Unset: <outputDir>/souk.duckdb.")
  String getDuckdbPath();

  void setDuckdbPath(String value);

  @Description("With --warehouse=postgres: the database's JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/souk."
      + " User and password come from SOUK_POSTGRES_USER and SOUK_POSTGRES_PASSWORD (or --postgresPasswordFile),"
      + " never from the URL.")
  String getPostgresUrl();

  void setPostgresUrl(String value);

  @Description("With --warehouse=postgres: the schema that holds the star schemas (created if missing).")
  @Default.String("souk")
  String getPostgresSchema();

  void setPostgresSchema(String value);

  @Description("With --warehouse=postgres: a file holding the password (its first line), instead of"
      + " SOUK_POSTGRES_PASSWORD.")
  String getPostgresPasswordFile();

  void setPostgresPasswordFile(String value);
}
