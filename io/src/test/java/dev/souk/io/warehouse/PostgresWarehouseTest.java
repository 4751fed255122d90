package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.model.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Against a real PostgreSQL server ({@link LocalPostgres}); each test in a schema of its own. */
class PostgresWarehouseTest {
  private static final Schema PRICES =
      Schema.builder()
          .addField("listingKey", WarehouseTable.SURROGATE_KEY)
          .addStringField("source")
          .addDecimalField("priceAmount")
          .addNullableField("city", FieldType.STRING)
          .build();
  private static final WarehouseTable FACT_PRICE =
      WarehouseTable.of("fact_price", PRICES, List.of("listingKey"));

  /** Every mapped type, each once required and once nullable and null. */
  private static final Schema ALL_TYPES =
      Schema.builder()
          .addStringField("id")
          .addInt32Field("rooms")
          .addInt64Field("views")
          .addDoubleField("surface")
          .addBooleanField("isStore")
          .addDecimalField("amount")
          .addDateTimeField("scrapedAt")
          .addLogicalTypeField("day", SqlTypes.DATE)
          .addArrayField("equipments", FieldType.STRING)
          .addField("sourceKey", WarehouseTable.SURROGATE_KEY)
          .addNullableField("title", FieldType.STRING)
          .addNullableField("floor", FieldType.INT32)
          .addNullableField("bytes", FieldType.INT64)
          .addNullableField("lat", FieldType.DOUBLE)
          .addNullableField("sellerIsStore", FieldType.BOOLEAN)
          .addNullableField("oldAmount", FieldType.DECIMAL)
          .addNullableField("publishedAt", FieldType.DATETIME)
          .addNullableField("firstSeen", FieldType.logicalType(SqlTypes.DATE))
          .addNullableField("images", FieldType.array(FieldType.STRING))
          .addNullableField("sellerKey", WarehouseTable.SURROGATE_KEY)
          .build();

  private static LocalPostgres server;
  private static String url;

  @BeforeAll
  static void startServer() {
    server = LocalPostgres.start();
    url = server.createDatabase("souk");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static WarehouseConfig config(TestInfo test) {
    return WarehouseConfig.postgres(url, test.getTestMethod().orElseThrow().getName().toLowerCase(), LocalPostgres.USER, null);
  }

  @Test
  void upsertingTheSameRowsTwiceKeepsOneRowPerKeyAndTheLastRowWins(TestInfo test) {
    try (Warehouse warehouse = config(test).open()) {
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
      assertThat(warehouse.query("SELECT \"priceAmount\", city FROM fact_price WHERE \"listingKey\" = 'k1'"),
          equalTo(List.of(nullableMap("priceAmount", new BigDecimal("890000.00"), "city", null))));
    }
  }

  @Test
  void tablesAreCreatedInTheConfiguredSchemaWithTheirPrimaryKey(TestInfo test) {
    WarehouseConfig config = config(test);
    try (Warehouse warehouse = config.open()) {
      warehouse.ensureTable(FACT_PRICE);
      assertThat(warehouse.query("SELECT table_schema FROM information_schema.tables WHERE table_name = 'fact_price'"
              + " AND table_schema = '" + config.schema() + "'"),
          equalTo(List.of(Map.of("table_schema", config.schema()))));
      assertThat(warehouse.query("SELECT a.attname AS pk FROM pg_index i JOIN pg_attribute a"
              + " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
              + " WHERE i.indisprimary AND i.indrelid = '" + config.schema() + ".fact_price'::regclass"),
          equalTo(List.of(Map.of("pk", "listingKey"))));
    }
  }

  @Test
  void aFailedUpsertLeavesTheTableAsItWas(TestInfo test) {
    try (Warehouse warehouse = config(test).open()) {
      warehouse.ensureTable(FACT_PRICE);
      warehouse.upsert(FACT_PRICE, List.of(price("k1", "avito", "950000", null)));

      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> warehouse.upsert(FACT_PRICE,
              List.of(price("k1", "avito", "1", null), price("k2", "avito", "0.001", null))));

      assertThat(e.getMessage(), containsString("Upsert of 2 rows into fact_price"));
      assertThat(e.getMessage(), containsString("priceAmount is decimal(18,2)"));
      assertThat(warehouse.query("SELECT \"priceAmount\" AS p FROM fact_price"),
          equalTo(List.of(Map.of("p", new BigDecimal("950000.00")))));
      // The session is usable after the failure.
      warehouse.upsert(FACT_PRICE, List.of(price("k2", "avito", "5", null)));
      assertThat(warehouse.count("fact_price"), is(2L));
    }
  }

  @Test
  void everyMappedTypeRoundTripsAsDuckDbGivesIt(TestInfo test) {
    WarehouseTable table = WarehouseTable.of("all_types", ALL_TYPES, List.of("id"));
    Row full = Row.withSchema(ALL_TYPES)
        .addValues(
            "شقة\u202F1", 4, 9_000_000_000L, 95.5, true, new BigDecimal("1250000.5"),
            Instant.parse("2025-03-01T23:30:00.123Z"), LocalDate.of(2025, 3, 1),
            List.of("ascenseur", "مصعد", "a,b", "{x}", "say \"hi\"", "back\\slash", ""),
            "a9b14f06758a8dff4f5b57724cc2c7b7", "Prix à consulter,\n\"2 lignes\"", 0, 1L,
            33.58, false, new BigDecimal("7"), Instant.parse("2024-02-29T00:00:00Z"),
            LocalDate.of(2024, 2, 29), List.of(), "13c4befa3ef3250f2f947ae5728b82f0")
        .build();
    Row sparse = Row.withSchema(ALL_TYPES)
        .addValues(
            "sparse", -1, 0L, 0.0, false, new BigDecimal("0"), Instant.parse("1970-01-01T00:00:00Z"),
            LocalDate.of(1970, 1, 1), List.of(), "d41d8cd98f00b204e9800998ecf8427e", null, null, null,
            null, null, null, null, null, null, null)
        .build();
    Row emptyTitle = Row.fromRow(sparse).withFieldValue("id", "empty").withFieldValue("title", "").build();

    String duckDbFile = System.getProperty("java.io.tmpdir") + "/souk-pg-types-" + ProcessHandle.current().pid() + ".duckdb";
    try (Warehouse warehouse = config(test).open(); Warehouse duck = DuckDbWarehouse.open(duckDbFile)) {
      warehouse.ensureTable(table);
      warehouse.upsert(table, List.of(full, sparse, emptyTitle));

      Map<String, Object> types = warehouse.query(
              "SELECT column_name, data_type, character_maximum_length AS n FROM information_schema.columns"
                  + " WHERE table_name = 'all_types' AND table_schema = current_schema()").stream()
          .collect(Collectors.toMap(r -> (String) r.get("column_name"),
              r -> r.get("data_type") + (r.get("n") == null ? "" : "(" + r.get("n") + ")")));
      assertThat(types.get("id"), equalTo("text"));
      assertThat(types.get("rooms"), equalTo("integer"));
      assertThat(types.get("views"), equalTo("bigint"));
      assertThat(types.get("surface"), equalTo("double precision"));
      assertThat(types.get("isStore"), equalTo("boolean"));
      assertThat(types.get("amount"), equalTo("numeric"));
      assertThat(types.get("scrapedAt"), equalTo("timestamp with time zone"));
      assertThat(types.get("day"), equalTo("date"));
      assertThat(types.get("equipments"), equalTo("ARRAY"));
      assertThat(types.get("sourceKey"), equalTo("character varying(32)"));

      Map<String, Object> f = warehouse.query("SELECT * FROM all_types WHERE id = 'شقة\u202F1'").get(0);
      assertThat(f.get("rooms"), equalTo(4));
      assertThat(f.get("views"), equalTo(9_000_000_000L));
      assertThat(f.get("surface"), equalTo(95.5));
      assertThat(f.get("isStore"), equalTo(true));
      assertThat(f.get("amount"), equalTo(new BigDecimal("1250000.50")));
      assertThat(f.get("scrapedAt"), equalTo(OffsetDateTime.parse("2025-03-01T23:30:00.123Z")));
      assertThat(f.get("day"), equalTo(LocalDate.of(2025, 3, 1)));
      assertThat(f.get("equipments"),
          equalTo(List.of("ascenseur", "مصعد", "a,b", "{x}", "say \"hi\"", "back\\slash", "")));
      assertThat(f.get("sourceKey"), equalTo("a9b14f06758a8dff4f5b57724cc2c7b7"));
      assertThat(f.get("title"), equalTo("Prix à consulter,\n\"2 lignes\""));
      assertThat(f.get("oldAmount"), equalTo(new BigDecimal("7.00")));
      assertThat(f.get("publishedAt"), equalTo(OffsetDateTime.parse("2024-02-29T00:00:00Z")));
      assertThat(f.get("firstSeen"), equalTo(LocalDate.of(2024, 2, 29)));
      assertThat(f.get("images"), equalTo(List.of()));
      assertThat(f.get("sellerKey"), equalTo("13c4befa3ef3250f2f947ae5728b82f0"));

      Map<String, Object> s = warehouse.query("SELECT * FROM all_types WHERE id = 'sparse'").get(0);
      for (String nullable : List.of("title", "floor", "bytes", "lat", "sellerIsStore", "oldAmount",
          "publishedAt", "firstSeen", "images", "sellerKey")) {
        assertThat(nullable, s.get(nullable), nullValue());
      }
      assertThat("an empty string is not a null",
          warehouse.query("SELECT title FROM all_types WHERE id = 'empty'").get(0).get("title"), equalTo(""));
      // Sessions run in UTC: 23:30 UTC is still the 1st of March.
      assertThat(warehouse.query("SELECT \"scrapedAt\"::DATE AS d FROM all_types WHERE rooms = 4").get(0).get("d"),
          equalTo(LocalDate.of(2025, 3, 1)));

      // The same rows through DuckDB read back as the same values.
      duck.ensureTable(table);
      duck.upsert(table, List.of(full, sparse, emptyTitle));
      String all = "SELECT * FROM all_types ORDER BY id";
      assertThat(warehouse.query(all), equalTo(duck.query(all)));
    } finally {
      DuckDbWarehouse.checkpointAndClose(duckDbFile);
      new java.io.File(duckDbFile).delete();
    }
  }

  @Test
  void writersStartingTogetherCreateTheSchemaAndTableOnce(TestInfo test) throws Exception {
    WarehouseConfig config = config(test);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String key = "k" + i;
        done.add(pool.submit(() -> {
          try (Warehouse warehouse = config.open()) {
            warehouse.ensureTable(FACT_PRICE);
            warehouse.upsert(FACT_PRICE, List.of(price(key, "avito", "1", null)));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    try (Warehouse warehouse = config.open()) {
      assertThat(warehouse.count("fact_price"), is(6L));
    }
  }

  @Test
  void theLedgerRemembersTheLastSnapshotPerLakeTable(TestInfo test) {
    WarehouseConfig config = config(test);
    LakeLoads.Source property = new LakeLoads.Source("u-1", "silver.property_listings", "file:/lake/silver/property_listings");
    LakeLoads.Source phones = new LakeLoads.Source("u-2", "silver.phone_listings", "file:/lake/silver/phone_listings");
    try (Warehouse warehouse = config.open()) {
      assertThat(LakeLoads.loadedUpTo(warehouse, property, s -> true), nullValue());
      LakeLoads.record(warehouse, property, 41L, Instant.parse("2025-03-14T10:00:00Z"));
      LakeLoads.record(warehouse, property, 42L, Instant.parse("2025-03-14T11:00:00Z"));
      LakeLoads.record(warehouse, phones, 7L, Instant.parse("2025-03-14T11:00:00Z"));
    }
    try (Warehouse warehouse = config.open()) {
      assertThat(LakeLoads.loadedUpTo(warehouse, property, s -> true), is(42L));
      assertThat(LakeLoads.loadedUpTo(warehouse, phones, s -> true), is(7L));
      assertThat(LakeLoads.loadedUpTo(warehouse, new LakeLoads.Source("it's", "it's.quoted", "x"), s -> true), nullValue());
      assertThat(warehouse.count(LakeLoads.TABLE.name()), is(2L));
    }
  }

  @Test
  void theConfigNeverShowsThePassword() {
    WarehouseConfig config = WarehouseConfig.postgres(
        "jdbc:postgresql://db.example:5432/souk?sslmode=require&password=inurl", "souk", "loader", "s3cret");
    assertThat(config.toString(), equalTo("PostgreSQL jdbc:postgresql://db.example:5432/souk schema souk as loader"));
    assertThat(config.toString(), not(containsString("s3cret")));
  }

  @Test
  void aServerThatIsNotThereIsNamedInTheError() {
    WarehouseConfig config = WarehouseConfig.postgres(
        "jdbc:postgresql://127.0.0.1:1/souk?connectTimeout=2", "souk", "loader", "s3cret");
    IllegalStateException e = assertThrows(IllegalStateException.class, config::open);
    assertThat(e.getMessage(), containsString("Cannot connect to PostgreSQL jdbc:postgresql://127.0.0.1:1/souk"));
    assertThat(e.getMessage(), not(containsString("s3cret")));
  }

  @Test
  void anUnmappedBeamTypeIsRejectedWithItsColumn(TestInfo test) {
    Schema schema = Schema.builder().addStringField("id").addByteArrayField("thumbnail").build();
    try (Warehouse warehouse = config(test).open()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> warehouse.ensureTable(WarehouseTable.of("thumbs", schema, List.of("id"))));
      assertThat(e.getMessage(), containsString("Column thumbnail has Beam type BYTES"));
    }
  }

  private static Map<String, Object> nullableMap(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  private static Row price(String key, String source, String amount, String city) {
    return Row.withSchema(PRICES).addValues(key, source, new BigDecimal(amount), city).build();
  }
}
