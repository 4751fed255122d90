package dev.souk.pipelines.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.io.warehouse.Warehouse;
import dev.souk.pipelines.options.SoukOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse options, branch by branch. */
class WarehouseSinksTest {
  @TempDir Path tmp;

  private WarehouseSink sink(String... args) {
    return WarehouseSinks.from(PipelineOptionsFactory.fromArgs(args).as(SoukOptions.class), tmp);
  }

  @Test
  void duckDbIsTheDefaultUnderTheOutputFolder() {
    DuckDbSink sink = (DuckDbSink) sink();
    assertThat(sink.path(), equalTo(tmp.resolve("souk.duckdb").toString()));
    assertThat(sink.queryOptions(), equalTo("--duckdbPath=" + sink.path()));
    assertThat(((DuckDbSink) sink("--warehouse=DuckDB", "--duckdbPath=" + tmp.resolve("w.duckdb"))).path(),
        equalTo(tmp.resolve("w.duckdb").toString()));
  }

  @Test
  void itExistsOnceOpened() {
    WarehouseSink sink = sink();
    assertFalse(sink.exists());
    try (Warehouse w = sink.open()) {
      assertThat(w.query("SELECT 42 AS answer").get(0).get("answer"), equalTo(42));
    }
    assertTrue(sink.exists());
  }

  @Test
  void anUnknownWarehouseSaysWhichOnesExist() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> sink("--warehouse=oracle")).getMessage(),
        containsString("--warehouse must be 'duckdb' (the embedded warehouse), 'postgres' or 'snowflake', not 'oracle'"));
  }

  private WarehouseSink postgres(Map<String, String> env, String... args) {
    return WarehouseSinks.from(PipelineOptionsFactory.fromArgs(args).as(SoukOptions.class), tmp, env::get);
  }

  @Test
  void postgresTakesUserAndPasswordFromTheEnvironmentAndShowsNeither() {
    PostgresSink sink = (PostgresSink) postgres(
        Map.of(WarehouseSinks.POSTGRES_USER_ENV, "loader", WarehouseSinks.POSTGRES_PASSWORD_ENV, "s3cret pass"),
        "--warehouse=postgres", "--postgresUrl=jdbc:postgresql://db.example:5432/souk?sslmode=require");
    assertThat(sink.url(), equalTo("jdbc:postgresql://db.example:5432/souk?sslmode=require"));
    assertThat(sink.schema(), equalTo("souk"));
    assertThat(sink.user(), equalTo("loader"));
    assertTrue(sink.hasPassword());
    assertThat(sink.describe(), equalTo("PostgreSQL jdbc:postgresql://db.example:5432/souk, schema souk"));
    assertThat(sink.queryOptions(), equalTo(
        "--warehouse=postgres --postgresUrl=jdbc:postgresql://db.example:5432/souk?sslmode=require --postgresSchema=souk"));
    for (String shown : List.of(sink.describe(), sink.queryOptions(), sink.toString())) {
      assertThat(shown, not(containsString("s3cret")));
    }
  }

  @Test
  void postgresReadsThePasswordFileFirstLine() throws Exception {
    Path secret = Files.writeString(tmp.resolve("pw"), "from file\nsecond line\n");
    PostgresSink sink = (PostgresSink) postgres(Map.of(), "--warehouse=PostgreSQL",
        "--postgresUrl=jdbc:postgresql://127.0.0.1/souk", "--postgresSchema=star", "--postgresPasswordFile=" + secret);
    assertTrue(sink.hasPassword());
    assertThat(sink.schema(), equalTo("star"));
    assertThat(sink.user(), equalTo(null));
    assertFalse(((PostgresSink) postgres(Map.of(), "--warehouse=postgres", "--postgresUrl=jdbc:postgresql://h/souk"))
        .hasPassword());
  }

  @Test
  void postgresRefusesTwoPasswordsAndAnEmptyFile() throws Exception {
    Path secret = Files.writeString(tmp.resolve("pw"), "x");
    assertThat(assertThrows(IllegalArgumentException.class, () -> postgres(
            Map.of(WarehouseSinks.POSTGRES_PASSWORD_ENV, "y"), "--warehouse=postgres",
            "--postgresUrl=jdbc:postgresql://h/souk", "--postgresPasswordFile=" + secret)).getMessage(),
        equalTo("Give the PostgreSQL password once: SOUK_POSTGRES_PASSWORD or --postgresPasswordFile, not both"));
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    assertThat(assertThrows(IllegalArgumentException.class, () -> postgres(Map.of(), "--warehouse=postgres",
            "--postgresUrl=jdbc:postgresql://h/souk", "--postgresPasswordFile=" + empty)).getMessage(),
        equalTo("--postgresPasswordFile=" + empty + " is empty; its first line is the password"));
  }

  @Test
  void postgresOptionsAreNotMixedWithDuckDb() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> sink("--warehouse=postgres",
            "--postgresUrl=jdbc:postgresql://h/souk", "--duckdbPath=" + tmp.resolve("w.duckdb"))).getMessage(),
        equalTo("--duckdbPath is for --warehouse=duckdb: drop it with --warehouse=postgres"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> sink("--postgresPasswordFile=/x")).getMessage(),
        equalTo("--postgresPasswordFile is for --warehouse=postgres: add it or drop --postgresPasswordFile"));
  }

  private static final String SF_URL = "--snowflakeUrl=jdbc:snowflake://acme.snowflakecomputing.com/?tracing=OFF";
  private static final Map<String, String> SF_PASSWORD = Map.of(SnowflakeSinks.USER_ENV, "loader",
      SnowflakeSinks.PASSWORD_ENV, "s3cret pass");

  private String snowflakeError(Map<String, String> env, String... args) {
    return assertThrows(IllegalArgumentException.class, () -> postgres(env, args)).getMessage();
  }

  private Path keyFile(String name, String resource) throws Exception {
    try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      return Files.write(tmp.resolve(name), in.readAllBytes());
    }
  }

  @Test
  void snowflakeTakesEveryCredentialFromTheEnvironmentAndShowsNone() {
    SnowflakeSink sink = (SnowflakeSink) postgres(SF_PASSWORD, "--warehouse=snowflake", SF_URL,
        "--snowflakeDatabase=analytics", "--snowflakeWarehouse=loading", "--snowflakeRole=souk_loader");
    assertThat(sink.config().database(), equalTo("ANALYTICS"));
    assertThat(sink.config().schema(), equalTo("SOUK"));
    assertThat(sink.config().user(), equalTo("loader"));
    assertThat(sink.config().stageLoad(), equalTo(dev.souk.io.warehouse.SnowflakeConfig.StageLoad.COPY));
    assertThat(sink.bucket(), equalTo(null));
    assertThat(sink.describe(), equalTo("Snowflake jdbc:snowflake://acme.snowflakecomputing.com/, ANALYTICS.SOUK"));
    assertThat(sink.queryOptions(), equalTo("--warehouse=snowflake --snowflakeUrl=jdbc:snowflake://acme.snowflakecomputing.com/"
        + "?tracing=OFF --snowflakeDatabase=ANALYTICS --snowflakeSchema=SOUK --snowflakeWarehouse=LOADING"
        + " --snowflakeRole=SOUK_LOADER"));
    for (String shown : List.of(sink.describe(), sink.queryOptions(), sink.toString(), sink.config().toString())) {
      assertThat(shown, not(containsString("s3cret")));
    }
  }

  @Test
  void snowflakeKeyPairFromAFileWithItsPassphraseFromTheEnvironmentOrAFile() throws Exception {
    Path key = keyFile("key.p8", "snowflake/test-key-encrypted.p8");
    SnowflakeSink fromEnv = (SnowflakeSink) postgres(Map.of(SnowflakeSinks.USER_ENV, "loader",
            SnowflakeSinks.PRIVATE_KEY_FILE_ENV, key.toString(), SnowflakeSinks.PASSPHRASE_ENV, "souk-test-passphrase"),
        "--warehouse=snowflake", SF_URL, "--snowflakeDatabase=analytics", "--snowflakeStageLoad=insert");
    assertTrue(fromEnv.config().usesKeyPair());
    assertThat(fromEnv.config().stageLoad(), equalTo(dev.souk.io.warehouse.SnowflakeConfig.StageLoad.INSERT));
    Path passphrase = Files.writeString(tmp.resolve("pass"), "souk-test-passphrase\n");
    SnowflakeSink fromFiles = (SnowflakeSink) postgres(Map.of(SnowflakeSinks.USER_ENV, "loader"),
        "--warehouse=snowflake", SF_URL, "--snowflakeDatabase=analytics", "--snowflakePrivateKeyFile=" + key,
        "--snowflakePrivateKeyPassphraseFile=" + passphrase);
    assertThat(fromFiles.toString(), not(containsString("souk-test-passphrase")));
    assertThat(snowflakeError(Map.of(SnowflakeSinks.USER_ENV, "loader", SnowflakeSinks.PASSPHRASE_ENV, "guess"),
            "--warehouse=snowflake", SF_URL, "--snowflakeDatabase=a", "--snowflakePrivateKeyFile=" + key),
        equalTo("The Snowflake private key cannot be read: wrong passphrase?"));
    assertThat(snowflakeError(Map.of(SnowflakeSinks.USER_ENV, "loader"), "--warehouse=snowflake", SF_URL,
            "--snowflakeDatabase=a", "--snowflakePrivateKeyFile=" + tmp.resolve("missing.p8")),
        equalTo("--snowflakePrivateKeyFile=" + tmp.resolve("missing.p8") + " cannot be read (NoSuchFileException)"));
  }

  @Test
  void snowflakeOptionErrorsAreOneLineAndNameTheFix() {
    String[] base = {"--warehouse=snowflake", SF_URL, "--snowflakeDatabase=analytics"};
    assertThat(snowflakeError(SF_PASSWORD, "--warehouse=snowflake"),
        equalTo("--warehouse=snowflake needs --snowflakeUrl, e.g. --snowflakeUrl=jdbc:snowflake://ACCOUNT.snowflakecomputing.com/"));
    assertThat(snowflakeError(SF_PASSWORD, "--warehouse=snowflake", "--snowflakeUrl=jdbc:snowflake://a/?password=x"),
        equalTo("--snowflakeUrl must not hold a secret: give the key in SOUK_SNOWFLAKE_PRIVATE_KEY_FILE or the password in"
            + " SOUK_SNOWFLAKE_PASSWORD"));
    assertThat(snowflakeError(SF_PASSWORD, "--warehouse=snowflake", "--snowflakeUrl=https://acme.snowflakecomputing.com"),
        equalTo("--snowflakeUrl must be a JDBC URL such as jdbc:snowflake://ACCOUNT.snowflakecomputing.com/, not"
            + " 'https://acme.snowflakecomputing.com'"));
    assertThat(snowflakeError(SF_PASSWORD, "--warehouse=snowflake", SF_URL),
        equalTo("--warehouse=snowflake needs --snowflakeDatabase (an existing database; Souk creates only its schema)"));
    assertThat(snowflakeError(SF_PASSWORD, "--warehouse=snowflake", SF_URL, "--snowflakeDatabase=a", "--snowflakeSchema=my schema"),
        equalTo("--snowflakeSchema must be a plain name (letters, digits and _, not starting with a digit), not 'my schema'"));
    assertThat(snowflakeError(SF_PASSWORD, "--warehouse=snowflake", SF_URL, "--snowflakeDatabase=a", "--snowflakeStageLoad=pipe"),
        equalTo("--snowflakeStageLoad must be 'copy' or 'insert', not 'pipe'"));
    assertThat(snowflakeError(Map.of(SnowflakeSinks.PASSWORD_ENV, "x"), base),
        equalTo("--warehouse=snowflake needs the user in SOUK_SNOWFLAKE_USER"));
    assertThat(snowflakeError(Map.of(SnowflakeSinks.USER_ENV, "u"), base),
        equalTo("--warehouse=snowflake needs a private key (SOUK_SNOWFLAKE_PRIVATE_KEY_FILE or --snowflakePrivateKeyFile)"
            + " or a password (SOUK_SNOWFLAKE_PASSWORD or --snowflakePasswordFile)"));
    assertThat(snowflakeError(Map.of(SnowflakeSinks.USER_ENV, "u", SnowflakeSinks.PASSWORD_ENV, "x",
            SnowflakeSinks.PRIVATE_KEY_FILE_ENV, "/k.p8"), base),
        equalTo("Give Snowflake one credential: a private key (SOUK_SNOWFLAKE_PRIVATE_KEY_FILE) or a password"
            + " (SOUK_SNOWFLAKE_PASSWORD), not both"));
    assertThat(snowflakeError(Map.of(SnowflakeSinks.USER_ENV, "u", SnowflakeSinks.PRIVATE_KEY_FILE_ENV, "/k.p8"),
            "--warehouse=snowflake", SF_URL, "--snowflakeDatabase=a", "--snowflakePrivateKeyFile=/other.p8"),
        equalTo("Give the Snowflake private key file once: SOUK_SNOWFLAKE_PRIVATE_KEY_FILE or --snowflakePrivateKeyFile,"
            + " not both"));
    assertThat(snowflakeError(Map.of(SnowflakeSinks.USER_ENV, "u", SnowflakeSinks.PASSWORD_ENV, "x",
            SnowflakeSinks.PASSPHRASE_ENV, "p"), base),
        equalTo("A private key passphrase was given but no private key file (SOUK_SNOWFLAKE_PRIVATE_KEY_FILE or"
            + " --snowflakePrivateKeyFile)"));
  }

  @Test
  void snowflakePasswordFileAndItsConflicts() throws Exception {
    Path secret = Files.writeString(tmp.resolve("pw"), "from file\n");
    SnowflakeSink sink = (SnowflakeSink) postgres(Map.of(SnowflakeSinks.USER_ENV, "u"), "--warehouse=snowflake", SF_URL,
        "--snowflakeDatabase=a", "--snowflakePasswordFile=" + secret);
    assertThat(sink.config().usesKeyPair(), equalTo(false));
    assertThat(snowflakeError(SF_PASSWORD, "--warehouse=snowflake", SF_URL, "--snowflakeDatabase=a",
            "--snowflakePasswordFile=" + secret),
        equalTo("Give the Snowflake password once: SOUK_SNOWFLAKE_PASSWORD or --snowflakePasswordFile, not both"));
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    assertThat(snowflakeError(Map.of(SnowflakeSinks.USER_ENV, "u"), "--warehouse=snowflake", SF_URL,
            "--snowflakeDatabase=a", "--snowflakePasswordFile=" + empty),
        equalTo("--snowflakePasswordFile=" + empty + " is empty; its first line is the password"));
  }

  @Test
  void snowflakeBucketNeedsAnIntegrationAndSnowpipeIsRefusedHonestly() throws Exception {
    String[] base = {"--warehouse=snowflake", SF_URL, "--snowflakeDatabase=a"};
    SnowflakeSink sink = (SnowflakeSink) postgres(SF_PASSWORD, concat(base, "--snowflakeStagingBucket=gs://lake/souk/",
        "--snowflakeStorageIntegration=souk_gcs"));
    assertThat(sink.bucket(), equalTo(new SnowflakeSink.Bucket("gs://lake/souk/", "souk_gcs")));
    assertThat(sink.describe(), equalTo("Snowflake jdbc:snowflake://acme.snowflakecomputing.com/, A.SOUK, staged in gs://lake/souk/"));
    assertThat(snowflakeError(SF_PASSWORD, concat(base, "--snowflakeStagingBucket=gs://lake/souk")),
        equalTo("--snowflakeStagingBucket must be a Google Cloud Storage path ending with /, e.g. gs://bucket/souk/"
            + " (the jar has no S3 or Azure file system), not 'gs://lake/souk'"));
    assertThat(snowflakeError(SF_PASSWORD, concat(base, "--snowflakeStagingBucket=s3://lake/souk/")),
        equalTo("--snowflakeStagingBucket must be a Google Cloud Storage path ending with /, e.g. gs://bucket/souk/"
            + " (the jar has no S3 or Azure file system), not 's3://lake/souk/'"));
    assertThat(snowflakeError(SF_PASSWORD, concat(base, "--snowflakeStagingBucket=gs://lake/")),
        equalTo("--snowflakeStagingBucket needs --snowflakeStorageIntegration, the storage integration through which"
            + " Snowflake reads the bucket"));
    assertThat(snowflakeError(SF_PASSWORD, concat(base, "--snowflakeStorageIntegration=x")),
        equalTo("--snowflakeStorageIntegration is for --snowflakeStagingBucket: add it or drop --snowflakeStorageIntegration"));
    assertThat(snowflakeError(SF_PASSWORD, concat(base, "--snowflakeSnowpipe=p")),
        equalTo("--snowflakeSnowpipe needs --snowflakeStagingBucket, where Snowpipe finds the files"));
    String[] bucket = concat(base, "--snowflakeStagingBucket=gs://lake/souk/", "--snowflakeStorageIntegration=i",
        "--snowflakeSnowpipe=p");
    assertThat(snowflakeError(SF_PASSWORD, bucket), equalTo("--snowflakeSnowpipe needs key-pair authentication"
        + " (SOUK_SNOWFLAKE_PRIVATE_KEY_FILE): Snowpipe's REST API takes no password"));
    Path key = keyFile("plain.p8", "snowflake/test-key-plain.p8");
    assertThat(snowflakeError(Map.of(SnowflakeSinks.USER_ENV, "u", SnowflakeSinks.PRIVATE_KEY_FILE_ENV, key.toString()),
            bucket),
        equalTo("--snowflakeSnowpipe is not supported yet: a continuous crawl MERGEs each round over JDBC; drop it"
            + " (docs/snowflake.md, Snowpipe)"));
  }

  @Test
  void snowflakeOptionsAreNotMixedWithOtherWarehouses() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> sink(SF_URL)).getMessage(),
        equalTo("--snowflakeUrl is for --warehouse=snowflake: add it or drop --snowflakeUrl"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> sink("--warehouse=postgres",
            "--postgresUrl=jdbc:postgresql://h/souk", "--snowflakeDatabase=a")).getMessage(),
        equalTo("--snowflakeDatabase is for --warehouse=snowflake: drop it with --warehouse=postgres"));
    assertThat(snowflakeError(SF_PASSWORD, "--warehouse=snowflake", SF_URL, "--snowflakeDatabase=a",
            "--postgresUrl=jdbc:postgresql://h/souk"),
        equalTo("--postgresUrl is for --warehouse=postgres: drop it with --warehouse=snowflake"));
  }

  private static String[] concat(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
