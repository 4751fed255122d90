package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.model.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbWarehouseTest {
  private static final Schema PRICES =
      Schema.builder()
          .addStringField("source")
          .addStringField("listingId")
          .addDecimalField("priceAmount")
          .addNullableField("city", FieldType.STRING)
          .build();
  private static final WarehouseTable FACT_PRICE =
      WarehouseTable.of("fact_price", PRICES, List.of("source", "listingId"));

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

  @TempDir Path folder;

  @Test
  void upsertingTheSameRowsTwiceKeepsOneRowPerKeyAndTakesNewValues() {
    try (Warehouse warehouse = DuckDbWarehouse.open(folder.resolve("w.duckdb").toString())) {
      warehouse.ensureTable(FACT_PRICE);
      warehouse.ensureTable(FACT_PRICE);
      List<Row> rows =
          List.of(
              price("avito", "1", "950000", "casablanca"),
              price("avito", "2", "7500.5", null),
              price("mubawab", "1", "1200000", "rabat"));

      warehouse.upsert(FACT_PRICE, rows);
      warehouse.upsert(FACT_PRICE, rows);
      assertThat(warehouse.count("fact_price"), is(3L));

      warehouse.upsert(
          FACT_PRICE,
          List.of(price("avito", "1", "900000", "casablanca"), price("avito", "1", "890000", "casablanca")));
      assertThat(warehouse.count("fact_price"), is(3L));
      assertThat(
          warehouse.query(
              "SELECT \"priceAmount\" FROM fact_price WHERE source = 'avito' AND \"listingId\" = '1'"),
          equalTo(List.of(Map.of("priceAmount", new BigDecimal("890000.00")))));
    }
  }

  @Test
  void checkpointAndCloseLeavesEveryRowInTheFileForAnIndependentReader() throws Exception {
    Path file = folder.resolve("w.duckdb");
    Path wal = folder.resolve("w.duckdb.wal");
    try (Warehouse warehouse = DuckDbWarehouse.open(file.toString())) {
      warehouse.ensureTable(FACT_PRICE);
      warehouse.upsert(FACT_PRICE, List.of(price("avito", "1", "950000", "casablanca"), price("avito", "2", "10", null)));
    }
    assertThat("before: the rows sit in the write-ahead log", Files.size(wal) > 0, is(true));

    DuckDbWarehouse.checkpointAndClose(file.toString());

    assertThat("after: no log beside the file", Files.exists(wal) && Files.size(wal) > 0, is(false));
    assertThat(readOnlyCount(file, "fact_price"), is(2L));
    // A later session reopens the database.
    try (Warehouse warehouse = DuckDbWarehouse.open(file.toString())) {
      assertThat(warehouse.count("fact_price"), is(2L));
    }
    DuckDbWarehouse.checkpointAndClose(file.toString());
    DuckDbWarehouse.checkpointAndClose(file.toString());
  }

  /** Counts rows through a fresh read-only DuckDB connection, as another process would. */
  static long readOnlyCount(Path file, String table) throws Exception {
    java.util.Properties readOnly = new java.util.Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (java.sql.Connection reader = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
        java.sql.ResultSet rs = reader.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aFailedUpsertLeavesTheTableAsItWas() {
    try (Warehouse warehouse = DuckDbWarehouse.open(folder.resolve("w.duckdb").toString())) {
      warehouse.ensureTable(FACT_PRICE);
      warehouse.upsert(FACT_PRICE, List.of(price("avito", "1", "950000", null)));

      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  warehouse.upsert(
                      FACT_PRICE,
                      List.of(price("avito", "1", "1", null), price("avito", "2", "0.001", null))));

      assertThat(e.getMessage(), containsString("Upsert of 2 rows into fact_price"));
      assertThat(e.getMessage(), containsString("priceAmount is decimal(18,2)"));
      assertThat(warehouse.query("SELECT \"priceAmount\" AS p FROM fact_price"),
          equalTo(List.of(Map.of("p", new BigDecimal("950000.00")))));
    }
  }

  @Test
  void everyMappedTypeRoundTrips() {
    WarehouseTable table = WarehouseTable.of("all_types", ALL_TYPES, List.of("id"));
    Row full =
        Row.withSchema(ALL_TYPES)
            .addValues(
                "شقة\u202F1", 4, 9_000_000_000L, 95.5, true, new BigDecimal("1250000.5"),
                Instant.parse("2025-03-01T23:30:00.123Z"), LocalDate.of(2025, 3, 1),
                List.of("ascenseur", "مصعد"), "a9b14f06758a8dff4f5b57724cc2c7b7", "Prix à consulter", 0, 1L,
                33.58, false, new BigDecimal("7"), Instant.parse("2024-02-29T00:00:00Z"),
                LocalDate.of(2024, 2, 29), List.of(), "13c4befa3ef3250f2f947ae5728b82f0")
            .build();
    Row sparse =
        Row.withSchema(ALL_TYPES)
            .addValues(
                "sparse", -1, 0L, 0.0, false, new BigDecimal("0"), Instant.parse("1970-01-01T00:00:00Z"),
                LocalDate.of(1970, 1, 1), List.of(), "d41d8cd98f00b204e9800998ecf8427e", null, null, null,
                null, null, null, null, null, null, null)
            .build();

    try (Warehouse warehouse = DuckDbWarehouse.open(folder.resolve("types.duckdb").toString())) {
      warehouse.ensureTable(table);
      warehouse.upsert(table, List.of(full, sparse));

      Map<String, Object> types =
          warehouse
              .query(
                  "SELECT column_name, data_type FROM information_schema.columns"
                      + " WHERE table_name = 'all_types' AND column_name IN"
                      + " ('id', 'rooms', 'views', 'surface', 'isStore', 'amount', 'scrapedAt', 'day', 'equipments',"
                      + " 'sourceKey')")
              .stream()
              .collect(Collectors.toMap(r -> (String) r.get("column_name"), r -> r.get("data_type")));
      assertThat(
          types,
          equalTo(
              Map.of(
                  "id", "VARCHAR", "rooms", "INTEGER", "views", "BIGINT", "surface", "DOUBLE",
                  "isStore", "BOOLEAN", "amount", "DECIMAL(18,2)",
                  "scrapedAt", "TIMESTAMP WITH TIME ZONE", "day", "DATE", "equipments", "VARCHAR[]",
                  // DuckDB accepts VARCHAR(32) but keeps no length.
                  "sourceKey", "VARCHAR")));

      Map<String, Object> f = warehouse.query("SELECT * FROM all_types WHERE id = 'شقة\u202F1'").get(0);
      assertThat(f.get("rooms"), equalTo(4));
      assertThat(f.get("views"), equalTo(9_000_000_000L));
      assertThat(f.get("surface"), equalTo(95.5));
      assertThat(f.get("isStore"), equalTo(true));
      assertThat(f.get("amount"), equalTo(new BigDecimal("1250000.50")));
      assertThat(f.get("scrapedAt"), equalTo(OffsetDateTime.parse("2025-03-01T23:30:00.123Z")));
      assertThat(f.get("day"), equalTo(LocalDate.of(2025, 3, 1)));
      assertThat(f.get("equipments"), equalTo(List.of("ascenseur", "مصعد")));
      assertThat(f.get("title"), equalTo("Prix à consulter"));
      assertThat(f.get("floor"), equalTo(0));
      assertThat(f.get("sellerIsStore"), equalTo(false));
      assertThat(f.get("oldAmount"), equalTo(new BigDecimal("7.00")));
      assertThat(f.get("publishedAt"), equalTo(OffsetDateTime.parse("2024-02-29T00:00:00Z")));
      assertThat(f.get("firstSeen"), equalTo(LocalDate.of(2024, 2, 29)));
      assertThat(f.get("images"), equalTo(List.of()));
      assertThat(f.get("sourceKey"), equalTo("a9b14f06758a8dff4f5b57724cc2c7b7"));
      assertThat(f.get("sellerKey"), equalTo("13c4befa3ef3250f2f947ae5728b82f0"));

      Map<String, Object> s = warehouse.query("SELECT * FROM all_types WHERE id = 'sparse'").get(0);
      for (String nullable : List.of("title", "floor", "bytes", "lat", "sellerIsStore", "oldAmount",
          "publishedAt", "firstSeen", "images", "sellerKey")) {
        assertThat(nullable, s.get(nullable), nullValue());
      }
      // Sessions run in UTC: 23:30 UTC is still the 1st of March, whatever the machine's zone.
      assertThat(
          warehouse.query("SELECT \"scrapedAt\"::DATE AS d FROM all_types WHERE rooms = 4").get(0).get("d"),
          equalTo(LocalDate.of(2025, 3, 1)));
    }
  }

  @Test
  void twoSessionsOnOneFileShareTheDatabase() {
    String path = folder.resolve("shared.duckdb").toString();
    try (Warehouse writer = DuckDbWarehouse.open(path); Warehouse reader = DuckDbWarehouse.open(path)) {
      writer.ensureTable(FACT_PRICE);
      writer.upsert(FACT_PRICE, List.of(price("avito", "1", "1", null)));

      assertThat(reader.count("fact_price"), is(1L));
    }
  }

  @Test
  void aFolderThatCannotBeCreatedIsNamedInTheError() throws Exception {
    Path aFile = Files.createFile(folder.resolve("not-a-folder"));
    String path = aFile.resolve("sub").resolve("w.duckdb").toString();

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> WarehouseConfig.duckDb(path).open());

    assertThat(e.getMessage(), containsString("Cannot create folder " + aFile.resolve("sub")));
    assertThat(e.getMessage(), containsString("point the warehouse path at a writable location"));
  }

  @Test
  void anUnmappedBeamTypeIsRejectedWithItsColumn() {
    Schema schema = Schema.builder().addStringField("id").addByteArrayField("thumbnail").build();
    try (Warehouse warehouse = DuckDbWarehouse.open(folder.resolve("w.duckdb").toString())) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> warehouse.ensureTable(WarehouseTable.of("thumbs", schema, List.of("id"))));

      assertThat(e.getMessage(), containsString("Column thumbnail has Beam type BYTES"));
    }
  }

  private static Row price(String source, String id, String amount, String city) {
    return Row.withSchema(PRICES).addValues(source, id, new BigDecimal(amount), city).build();
  }
}
