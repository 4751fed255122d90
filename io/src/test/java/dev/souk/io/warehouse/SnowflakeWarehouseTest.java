package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.io.warehouse.SnowflakeConfig.StageLoad;
import dev.souk.model.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.snowflake.client.jdbc.SnowflakeDriver;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the Snowflake emulator ({@link LocalFakesnow}) with the unmodified JDBC driver; each test
 * in a schema of its own. Batches reach the stage by bound INSERTs: the emulator cannot serve the
 * driver's PUT ({@link #theEmulatorCannotServeThePutOfTheCopyLoad}), so the staged CSV file and
 * its COPY are proven from a file location instead ({@link #theStagedCsvFileLoadsEveryTypeThroughCopy}).
 */
class SnowflakeWarehouseTest {
  private static final String DATABASE = "SOUK";
  private static final Schema PRICES = Schema.builder()
      .addField("listing_key", WarehouseTable.SURROGATE_KEY)
      .addStringField("source")
      .addDecimalField("price_amount")
      .addNullableField("city", FieldType.STRING)
      .build();
  private static final WarehouseTable FACT_PRICE = WarehouseTable.of("fact_price", PRICES, List.of("listing_key"));

  /** Every mapped type, each once required and once nullable. */
  static final Schema ALL_TYPES = Schema.builder()
      .addStringField("id")
      .addInt32Field("rooms")
      .addInt64Field("views")
      .addDoubleField("surface")
      .addBooleanField("is_store")
      .addDecimalField("amount")
      .addDateTimeField("scraped_at")
      .addLogicalTypeField("day", SqlTypes.DATE)
      .addArrayField("equipments", FieldType.STRING)
      .addField("source_key", WarehouseTable.SURROGATE_KEY)
      .addNullableField("title", FieldType.STRING)
      .addNullableField("floor", FieldType.INT32)
      .addNullableField("bytes", FieldType.INT64)
      .addNullableField("lat", FieldType.DOUBLE)
      .addNullableField("seller_is_store", FieldType.BOOLEAN)
      .addNullableField("old_amount", FieldType.DECIMAL)
      .addNullableField("published_at", FieldType.DATETIME)
      .addNullableField("first_seen", FieldType.logicalType(SqlTypes.DATE))
      .addNullableField("images", FieldType.array(FieldType.STRING))
      .addNullableField("seller_key", WarehouseTable.SURROGATE_KEY)
      .build();
  static final WarehouseTable ALL = WarehouseTable.of("all_types", ALL_TYPES, List.of("id"));

  static final Row FULL = Row.withSchema(ALL_TYPES).addValues(
          "شقة\u202F1", 4, 9_000_000_000L, 95.5, true, new BigDecimal("1250000.5"),
          Instant.parse("2025-03-01T23:30:00.123Z"), LocalDate.of(2025, 3, 1),
          List.of("ascenseur", "مصعد", "a,b", "{x}", "say \"hi\"", "back\\slash", ""),
          "a9b14f06758a8dff4f5b57724cc2c7b7", "Prix à consulter,\n\"2 lignes\"", 0, 1L, 33.58, false,
          new BigDecimal("7"), Instant.parse("2024-02-29T00:00:00Z"), LocalDate.of(2024, 2, 29), List.of(),
          "13c4befa3ef3250f2f947ae5728b82f0")
      .build();
  static final Row SPARSE = Row.withSchema(ALL_TYPES).addValues(
          "sparse", -1, 0L, 0.0, false, new BigDecimal("0"), Instant.parse("1970-01-01T00:00:00Z"),
          LocalDate.of(1970, 1, 1), List.of(), "d41d8cd98f00b204e9800998ecf8427e", null, null, null, null, null,
          null, null, null, null, null)
      .build();
  static final Row EMPTY_TITLE = Row.fromRow(SPARSE).withFieldValue("id", "empty").withFieldValue("title", "").build();

  private static LocalFakesnow server;

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() {
    server = LocalFakesnow.start();
    server.createDatabase(DATABASE);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static SnowflakeConfig config(TestInfo test) {
    return server.config(DATABASE, test.getTestMethod().orElseThrow().getName(), StageLoad.INSERT);
  }

  @Test
  void upsertingTheSameRowsTwiceKeepsOneRowPerKeyAndTheLastRowWins(TestInfo test) {
    try (Warehouse warehouse = SnowflakeWarehouse.open(config(test))) {
      warehouse.ensureTable(FACT_PRICE);
      warehouse.ensureTable(FACT_PRICE);
      List<Row> rows = List.of(
          price("k1", "avito", "950000", "casablanca"),
          price("k2", "avito", "7500.5", null),
          price("k3", "mubawab", "1200000", "rabat"));

      warehouse.upsert(FACT_PRICE, rows);
      warehouse.upsert(FACT_PRICE, rows);
      assertThat(warehouse.count("fact_price"), is(3L));

      // Within one batch and across batches, the last row of a key wins, whole.
      warehouse.upsert(FACT_PRICE,
          List.of(price("k1", "avito", "900000", "casablanca"), price("k1", "avito", "890000", null)));
      assertThat(warehouse.count("fact_price"), is(3L));
      assertThat(warehouse.query("SELECT price_amount, city FROM fact_price WHERE listing_key = 'k1'"),
          equalTo(List.of(nullableMap("price_amount", new BigDecimal("890000.00"), "city", null))));
    }
  }

  @Test
  void tablesAreCreatedInTheConfiguredSchemaUpperCase(TestInfo test) {
    SnowflakeConfig config = config(test);
    assertThat(SnowflakeWarehouse.schemaExists(config), is(false));
    try (Warehouse warehouse = SnowflakeWarehouse.open(config)) {
      warehouse.ensureTable(FACT_PRICE);
      assertThat(warehouse.query("SELECT table_schema, table_name FROM information_schema.tables"
              + " WHERE table_name = 'FACT_PRICE' AND table_schema = '" + config.schema() + "'"),
          equalTo(List.of(Map.of("table_schema", config.schema(), "table_name", "FACT_PRICE"))));
    }
    assertThat(SnowflakeWarehouse.schemaExists(config), is(true));
  }

  @Test
  void aFailedUpsertLeavesTheTableAsItWas(TestInfo test) {
    try (Warehouse warehouse = SnowflakeWarehouse.open(config(test))) {
      warehouse.ensureTable(FACT_PRICE);
      warehouse.upsert(FACT_PRICE, List.of(price("k1", "avito", "950000", null)));

      IllegalStateException e = assertThrows(IllegalStateException.class, () -> warehouse.upsert(FACT_PRICE,
          List.of(price("k1", "avito", "1", null), price("k2", "avito", "0.001", null))));

      assertThat(e.getMessage(), containsString("Upsert of 2 rows into fact_price"));
      assertThat(e.getMessage(), containsString("price_amount is decimal(18,2)"));
      assertThat(warehouse.query("SELECT price_amount AS p FROM fact_price"),
          equalTo(List.of(Map.of("p", new BigDecimal("950000.00")))));
      warehouse.upsert(FACT_PRICE, List.of(price("k2", "avito", "5", null)));
      assertThat(warehouse.count("fact_price"), is(2L));
    }
  }

  @Test
  void everyMappedTypeRoundTripsAsDuckDbGivesIt(TestInfo test) {
    String duckDbFile = tmp.resolve("types.duckdb").toString();
    try (Warehouse warehouse = SnowflakeWarehouse.open(config(test)); Warehouse duck = DuckDbWarehouse.open(duckDbFile)) {
      warehouse.ensureTable(ALL);
      warehouse.upsert(ALL, List.of(FULL, SPARSE, EMPTY_TITLE));
      assertRoundTrip(warehouse);

      // The same rows through DuckDB read back as the same values (Snowflake's whole numbers are Longs).
      duck.ensureTable(ALL);
      duck.upsert(ALL, List.of(FULL, SPARSE, EMPTY_TITLE));
      String all = "SELECT * FROM all_types ORDER BY id";
      assertThat(normalised(warehouse.query(all)), equalTo(normalised(duck.query(all))));
    } finally {
      DuckDbWarehouse.checkpointAndClose(duckDbFile);
    }
  }

  static void assertRoundTrip(Warehouse warehouse) {
    Map<String, Object> f = warehouse.query("SELECT * FROM all_types WHERE id = 'شقة\u202F1'").get(0);
    assertThat(f.get("rooms"), equalTo(4L));
    assertThat(f.get("views"), equalTo(9_000_000_000L));
    assertThat(f.get("surface"), equalTo(95.5));
    assertThat(f.get("is_store"), equalTo(true));
    assertThat(f.get("amount"), equalTo(new BigDecimal("1250000.50")));
    assertThat(f.get("scraped_at"), equalTo(OffsetDateTime.parse("2025-03-01T23:30:00.123Z")));
    assertThat(f.get("day"), equalTo(LocalDate.of(2025, 3, 1)));
    assertThat(f.get("equipments"), equalTo(List.of("ascenseur", "مصعد", "a,b", "{x}", "say \"hi\"", "back\\slash", "")));
    assertThat(f.get("source_key"), equalTo("a9b14f06758a8dff4f5b57724cc2c7b7"));
    assertThat(f.get("title"), equalTo("Prix à consulter,\n\"2 lignes\""));
    assertThat(f.get("floor"), equalTo(0L));
    assertThat(f.get("lat"), equalTo(33.58));
    assertThat(f.get("old_amount"), equalTo(new BigDecimal("7.00")));
    assertThat(f.get("published_at"), equalTo(OffsetDateTime.parse("2024-02-29T00:00:00Z")));
    assertThat(f.get("first_seen"), equalTo(LocalDate.of(2024, 2, 29)));
    assertThat(f.get("images"), equalTo(List.of()));
    assertThat(f.get("seller_key"), equalTo("13c4befa3ef3250f2f947ae5728b82f0"));

    Map<String, Object> s = warehouse.query("SELECT * FROM all_types WHERE id = 'sparse'").get(0);
    for (String nullable : List.of("title", "floor", "bytes", "lat", "seller_is_store", "old_amount", "published_at",
        "first_seen", "images", "seller_key")) {
      assertThat(nullable, s.get(nullable), nullValue());
    }
    assertThat("an empty string is not a null",
        warehouse.query("SELECT title FROM all_types WHERE id = 'empty'").get(0).get("title"), equalTo(""));
    // Sessions run in UTC: 23:30 UTC is still the 1st of March.
    assertThat(warehouse.query("SELECT scraped_at::DATE AS d FROM all_types WHERE rooms = 4").get(0).get("d"),
        equalTo(LocalDate.of(2025, 3, 1)));
  }

  @Test
  void theStagedCsvFileLoadsEveryTypeThroughCopy(TestInfo test) throws Exception {
    // The COPY load's file and FILE_FORMAT, read by the emulator's COPY from a file location (its PUT
    // cannot be used); the same MERGE then upserts it.
    SnowflakeConfig config = config(test);
    Path folder = Files.createDirectories(tmp.resolve("stage"));
    Files.write(folder.resolve("batch.csv.gz"),
        SnowflakeStatements.gzip(SnowflakeStatements.csv(ALL_TYPES, List.of(FULL, SPARSE, EMPTY_TITLE))));
    try (Warehouse warehouse = SnowflakeWarehouse.open(config)) {
      warehouse.ensureTable(ALL);
      try (Connection connection = new SnowflakeDriver().connect(config.url(), config.connectionProperties());
          Statement statement = connection.createStatement()) {
        statement.execute("USE SCHEMA " + config.database() + "." + config.schema());
        statement.execute(SnowflakeStatements.createStage(ALL));
        statement.execute(SnowflakeStatements.copy(ALL, "'" + folder.toUri() + "'", "batch.csv.gz"));
        statement.execute(SnowflakeStatements.merge(config.qualified(ALL.name()), ALL));
        statement.execute(SnowflakeStatements.merge(config.qualified(ALL.name()), ALL));
      }
      assertThat(warehouse.count("all_types"), is(3L));
      assertRoundTrip(warehouse);
    }
  }

  @Test
  void theEmulatorCannotServeThePutOfTheCopyLoad(TestInfo test) {
    // fakesnow answers a PUT with stage details the JDBC driver does not accept (no region, ...):
    // the PUT step of StageLoad.COPY is proven only against Snowflake itself. When this fails, the
    // emulator learned PUT: test the COPY load end to end instead.
    SnowflakeConfig config = server.config(DATABASE, test.getTestMethod().orElseThrow().getName(), StageLoad.COPY);
    try (Warehouse warehouse = SnowflakeWarehouse.open(config)) {
      warehouse.ensureTable(FACT_PRICE);
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> warehouse.upsert(FACT_PRICE, List.of(price("k1", "avito", "1", null))));
      assertThat(e.getMessage(), containsString("Upsert of 1 rows into fact_price"));
      assertThat(warehouse.count("fact_price"), is(0L));
    }
  }

  @Test
  void theLedgerRemembersTheLastSnapshotPerLakeTable(TestInfo test) {
    SnowflakeConfig config = config(test);
    LakeLoads.Source property = new LakeLoads.Source("u-1", "silver.property_listings", "file:/lake/silver/property_listings");
    LakeLoads.Source phones = new LakeLoads.Source("u-2", "silver.phone_listings", "file:/lake/silver/phone_listings");
    try (Warehouse warehouse = SnowflakeWarehouse.open(config)) {
      assertThat(LakeLoads.loadedUpTo(warehouse, property, s -> true), nullValue());
      LakeLoads.record(warehouse, property, 41L, Instant.parse("2025-03-14T10:00:00Z"));
      LakeLoads.record(warehouse, property, 42L, Instant.parse("2025-03-14T11:00:00Z"));
      LakeLoads.record(warehouse, phones, 7L, Instant.parse("2025-03-14T11:00:00Z"));
    }
    try (Warehouse warehouse = SnowflakeWarehouse.open(config)) {
      assertThat(LakeLoads.loadedUpTo(warehouse, property, s -> true), is(42L));
      assertThat(LakeLoads.loadedUpTo(warehouse, phones, s -> true), is(7L));
      assertThat(LakeLoads.loadedUpTo(warehouse, new LakeLoads.Source("it's", "it's.quoted", "x"), s -> true), nullValue());
      assertThat(warehouse.count(LakeLoads.TABLE.name()), is(2L));
      assertThat(warehouse.query("SELECT loaded_at FROM souk_lake_loads WHERE lake_table = 'silver.phone_listings'"),
          equalTo(List.of(Map.of("loaded_at", OffsetDateTime.parse("2025-03-14T11:00:00Z")))));
    }
  }

  @Test
  void keyPairAuthenticationSignsInWithAPlainOrEncryptedKey(TestInfo test) {
    // The emulator does not check the JWT; this proves the driver takes the key Souk reads.
    String schema = test.getTestMethod().orElseThrow().getName();
    for (SnowflakeConfig config : List.of(
        SnowflakeConfig.withPrivateKey(server.jdbcUrl(), DATABASE, schema, null, null, "loader",
            PrivateKeysTest.plainPem(), null, StageLoad.INSERT),
        SnowflakeConfig.withPrivateKey(server.jdbcUrl(), DATABASE, schema, null, null, "loader",
            PrivateKeysTest.encryptedPem(), PrivateKeysTest.PASSPHRASE, StageLoad.INSERT))) {
      try (Warehouse warehouse = SnowflakeWarehouse.open(config)) {
        assertThat(warehouse.query("SELECT 42 AS answer").get(0).get("answer"), equalTo(42L));
      }
      assertThat(config.toString(), equalTo("Snowflake jdbc:snowflake://127.0.0.1:" + server.port() + "/ SOUK."
          + schema.toUpperCase() + " as loader (key pair)"));
    }
  }

  @Test
  void theConfigNeverShowsASecretAndRefusesOneInTheUrl() {
    SnowflakeConfig config = SnowflakeConfig.withPassword("jdbc:snowflake://acme.snowflakecomputing.com/?tracing=OFF",
        "analytics", "souk", "loading", "souk_loader", "loader", "s3cret", StageLoad.COPY);
    assertThat(config.toString(), equalTo("Snowflake jdbc:snowflake://acme.snowflakecomputing.com/ ANALYTICS.SOUK"
        + " warehouse LOADING role SOUK_LOADER as loader"));
    assertThat(WarehouseConfig.snowflake(config).toString(), not(containsString("s3cret")));
    assertThat(assertThrows(IllegalArgumentException.class, () -> SnowflakeConfig.withPassword(
            "jdbc:snowflake://acme.snowflakecomputing.com/?password=s3cret", "a", "b", null, null, "u", "p",
            StageLoad.COPY)).getMessage(),
        equalTo("The Snowflake URL must not hold a secret"));
  }

  /** Values as text, whole numbers alike whether Integer or Long. */
  private static List<Map<String, String>> normalised(List<Map<String, Object>> rows) {
    return rows.stream().map(row -> {
      Map<String, String> texts = new TreeMap<>();
      row.forEach((column, value) -> texts.put(column, String.valueOf(value)));
      return texts;
    }).toList();
  }

  private static Map<String, Object> nullableMap(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  private static Row price(String key, String source, String amount, String city) {
    return Row.withSchema(PRICES).addValues(key, source, new BigDecimal(amount), city).build();
  }
}
