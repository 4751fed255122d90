package dev.souk.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The warehouse that receives the star schema. Credentials are never options: users, passwords and
 * passphrases come from the environment ({@code SOUK_POSTGRES_USER}, {@code SOUK_POSTGRES_PASSWORD},
 * {@code SOUK_SNOWFLAKE_USER}, {@code SOUK_SNOWFLAKE_PASSWORD}, {@code SOUK_SNOWFLAKE_PRIVATE_KEY_FILE},
 * {@code SOUK_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE}) or from files named by options, so they appear in
 * no command line, options file or pipeline display data.
 */
public interface WarehouseOptions extends PipelineOptions {
  @Description("Warehouse that receives the star schemas: 'duckdb' (embedded, the default), 'postgres' or 'snowflake'.")
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

  @Description("With --warehouse=snowflake: the account's JDBC URL, e.g. jdbc:snowflake://ACCOUNT.snowflakecomputing.com/"
      + " (driver parameters may follow; never a secret). User and credential come from SOUK_SNOWFLAKE_USER and"
      + " SOUK_SNOWFLAKE_PRIVATE_KEY_FILE (key pair) or SOUK_SNOWFLAKE_PASSWORD.")
  String getSnowflakeUrl();

  void setSnowflakeUrl(String value);

  @Description("With --warehouse=snowflake: the database (it must exist; Souk creates only its schema).")
  String getSnowflakeDatabase();

  void setSnowflakeDatabase(String value);

  @Description("With --warehouse=snowflake: the schema that holds the star schemas (created if missing).")
  @Default.String("SOUK")
  String getSnowflakeSchema();

  void setSnowflakeSchema(String value);

  @Description("With --warehouse=snowflake: the virtual warehouse that runs the loads. Unset: the user's default.")
  String getSnowflakeWarehouse();

  void setSnowflakeWarehouse(String value);

  @Description("With --warehouse=snowflake: the role to load as. Unset: the user's default role.")
  String getSnowflakeRole();

  void setSnowflakeRole(String value);

  @Description("With --warehouse=snowflake: the PKCS#8 private key file of key-pair authentication, instead of"
      + " SOUK_SNOWFLAKE_PRIVATE_KEY_FILE. Its passphrase, if encrypted: SOUK_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE or"
      + " --snowflakePrivateKeyPassphraseFile.")
  String getSnowflakePrivateKeyFile();

  void setSnowflakePrivateKeyFile(String value);

  @Description("With --warehouse=snowflake: a file holding the private key's passphrase (its first line), instead"
      + " of SOUK_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE.")
  String getSnowflakePrivateKeyPassphraseFile();

  void setSnowflakePrivateKeyPassphraseFile(String value);

  @Description("With --warehouse=snowflake: a file holding the password (its first line), instead of"
      + " SOUK_SNOWFLAKE_PASSWORD.")
  String getSnowflakePasswordFile();

  void setSnowflakePasswordFile(String value);

  @Description("With --warehouse=snowflake: how each batch reaches the stage table before the MERGE: 'copy' (a gzip"
      + " CSV file PUT to the table stage, then COPY INTO) or 'insert' (bound INSERT batches).")
  @Default.String("copy")
  String getSnowflakeStageLoad();

  void setSnowflakeStageLoad(String value);

  @Description("With --warehouse=snowflake: stage the batches as files under this bucket path with Beam's SnowflakeIO"
      + " (a Google Cloud Storage path ending with /, e.g. gs://bucket/souk/), COPY them through"
      + " --snowflakeStorageIntegration into a stage table and MERGE. Unset: the JDBC stage load.")
  String getSnowflakeStagingBucket();

  void setSnowflakeStagingBucket(String value);

  @Description("With --snowflakeStagingBucket: the Snowflake storage integration that may read the bucket.")
  String getSnowflakeStorageIntegration();

  void setSnowflakeStorageIntegration(String value);

  @Description("With --warehouse=snowflake and --crawlEvery: the Snowpipe (in the star schema's schema) that loads"
      + " files from the staging bucket; needs --snowflakeStagingBucket and key-pair authentication.")
  String getSnowflakeSnowpipe();

  void setSnowflakeSnowpipe(String value);
}
