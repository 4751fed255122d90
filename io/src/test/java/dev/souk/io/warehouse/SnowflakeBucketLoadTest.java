package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertThrows;

import dev.souk.io.warehouse.SnowflakeConfig.StageLoad;
import dev.souk.model.warehouse.WarehouseTable;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The bucket load's staged files and every statement it sends, exactly: its COPY needs a cloud
 * bucket and a storage integration, which neither this machine nor the emulator has (the last
 * test shows the emulator refusing SnowflakeIO's COPY).
 */
public class SnowflakeBucketLoadTest {
  private static final Map<String, List<String>> STATEMENTS = new ConcurrentHashMap<>();

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final SnowflakeConfig CONFIG = SnowflakeConfig.withPassword(
      "jdbc:snowflake://acme.snowflakecomputing.com/", "analytics", "souk", null, null, "loader", "s3cret",
      StageLoad.COPY);

  @Test
  public void stagesSnowflakeIoCsvFilesThenCopiesThroughTheIntegrationAndMerges() throws Exception {
    String bucket = tmp.getRoot().toPath().toString() + "/";
    SnowflakeBucketLoad load = SnowflakeBucketLoad.to(CONFIG, SnowflakeStatementsTest.TABLE, bucket, "souk_s3")
        .withDataSource(new RecordingDataSource("pipeline"));
    Row row = Row.withSchema(SnowflakeStatementsTest.SCHEMA).addValues("k1", "l'appartement \"vue\", مصعد", 4, 5L,
        95.5, true, new java.math.BigDecimal("1250000.5"), org.joda.time.Instant.parse("2025-03-01T23:30:00.123Z"),
        java.time.LocalDate.of(2025, 3, 1), List.of("a'b", "")).build();
    Row nulls = Row.withSchema(SnowflakeStatementsTest.SCHEMA).addValues("k2", "", 0, 0L, 0.0, false, null, null,
        null, null).build();

    PCollection<Long> merged = pipeline.apply(Create.of(row, nulls).withRowSchema(SnowflakeStatementsTest.SCHEMA))
        .apply(load);
    PAssert.that(merged).containsInAnyOrder(2L);
    pipeline.run().waitUntilFinish();

    List<Path> files;
    try (Stream<Path> found = Files.walk(Path.of(load.folder()))) {
      files = found.filter(Files::isRegularFile).toList();
    }
    assertThat(files, hasSize(1));
    String name = files.get(0).getFileName().toString();
    assertThat(name, equalTo("fact_price-00000-of-00001.csv.gz"));
    try (InputStream in = new GZIPInputStream(Files.newInputStream(files.get(0)))) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().sorted().toList();
      assertThat(lines, equalTo(List.of(
          "'k1','l''appartement \"vue\", مصعد','4','5','95.5','true','1250000.50','2025-03-01T23:30:00.123Z',"
              + "'2025-03-01','[\"a''b\",\"\"]'",
          "'k2','','0','0','0.0','false',,,,")));
    }
    String merge = SnowflakeStatements.merge("ANALYTICS.SOUK.FACT_PRICE", SnowflakeStatementsTest.TABLE,
        "ANALYTICS.SOUK.SOUK_STAGE_FACT_PRICE");
    assertThat(STATEMENTS.get("pipeline"), equalTo(List.of(
        SnowflakeStatements.createTable("ANALYTICS.SOUK.FACT_PRICE", SnowflakeStatementsTest.TABLE),
        "CREATE TRANSIENT TABLE IF NOT EXISTS ANALYTICS.SOUK.SOUK_STAGE_FACT_PRICE (LISTING_KEY VARCHAR,"
            + " SOURCE VARCHAR, ROOMS VARCHAR, VIEWS VARCHAR, SURFACE VARCHAR, IS_STORE VARCHAR, PRICE_AMOUNT VARCHAR,"
            + " SCRAPED_AT VARCHAR, SCRAPED_DATE VARCHAR, QUALITY_FLAGS VARCHAR)",
        // SnowflakeIO's batch service, verbatim: empty the stage, then COPY the staged files into it.
        "TRUNCATE SOUK_STAGE_FACT_PRICE;",
        "COPY INTO ANALYTICS.SOUK.SOUK_STAGE_FACT_PRICE FROM '" + load.folder() + "' FILES=('" + name + "')"
            + " FILE_FORMAT=(TYPE=CSV FIELD_OPTIONALLY_ENCLOSED_BY='0x27' COMPRESSION=GZIP) STORAGE_INTEGRATION=SOUK_S3;",
        merge,
        "COMMIT")));
  }

  @Test
  public void theEmulatorCannotRunSnowflakeIosCopyFromAFolder() throws Exception {
    // Verified, not assumed: fakesnow 0.12.1 refuses SnowflakeIO's COPY even from a local folder
    // (it knows no STORAGE_INTEGRATION parameter; its CSV reader would also take the hex quote
    // '0x27' literally). When this fails, the emulator learned it: prove the bucket load end to end.
    try (LocalFakesnow server = LocalFakesnow.start()) {
      server.createDatabase("SOUK");
      SnowflakeConfig config = server.config("SOUK", "BUCKET", StageLoad.INSERT);
      Path folder = Files.createDirectories(tmp.getRoot().toPath().resolve("bucket"));
      Row row = Row.withSchema(SnowflakeStatementsTest.SCHEMA).addValues("k1", "x", 1, 1L, 1.0, true, null, null,
          null, null).build();
      Files.write(folder.resolve("fact_price-00000-of-00001.csv.gz"), SnowflakeStatements.gzip(
          SnowflakeStatements.snowflakeIoLine(SnowflakeStatementsTest.SCHEMA, row) + "\n"));
      SnowflakeBucketLoad.CopyAndMergeFn copy = new SnowflakeBucketLoad.CopyAndMergeFn(config,
          SnowflakeStatementsTest.TABLE, folder.toUri().toString(), "SOUK_S3", ignored -> new SnowflakeDataSource(config));
      Exception e = assertThrows(Exception.class,
          () -> copy.load(List.of(folder.toUri() + "fact_price-00000-of-00001.csv.gz")));
      assertThat(String.valueOf(e.getMessage()), containsString("HTTP status=500"));
      assertThat(server.log(), containsString("Unknown copy parameter: STORAGE_INTEGRATION"));
      try (Warehouse warehouse = SnowflakeWarehouse.open(config)) {
        assertThat(warehouse.count("fact_price"), equalTo(0L));
      }
    }
  }

  /** A data source whose connections record each statement's text (and commits) under a name. */
  static final class RecordingDataSource implements SerializableFunction<Void, DataSource> {
    private final String name;

    RecordingDataSource(String name) {
      this.name = name;
      STATEMENTS.put(name, new CopyOnWriteArrayList<>());
    }

    @Override
    public DataSource apply(Void ignored) {
      List<String> log = STATEMENTS.get(name);
      InvocationHandler statement = (proxy, method, args) -> {
        if (method.getName().startsWith("execute") && args != null && args.length > 0) {
          log.add((String) args[0]);
        }
        return defaultValue(method.getReturnType());
      };
      InvocationHandler connection = (proxy, method, args) -> switch (method.getName()) {
        case "createStatement" -> Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Statement.class}, statement);
        case "prepareStatement" -> Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
              if (m.getName().startsWith("execute")) {
                log.add((String) args[0]);
              }
              return defaultValue(m.getReturnType());
            });
        case "commit" -> {
          log.add("COMMIT");
          yield null;
        }
        default -> defaultValue(method.getReturnType());
      };
      return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
          (proxy, method, args) -> method.getName().equals("getConnection")
              ? Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, connection)
              : defaultValue(method.getReturnType()));
    }

    private static Object defaultValue(Class<?> type) {
      if (type == boolean.class) {
        return false;
      }
      if (type == int.class) {
        return 2; // The MERGE's count of rows in this test.
      }
      if (type == long.class) {
        return 2L;
      }
      return null;
    }
  }

}
