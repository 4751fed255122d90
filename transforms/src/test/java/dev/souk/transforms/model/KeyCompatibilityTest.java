package dev.souk.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.souk.io.warehouse.DuckDbWarehouse;
import dev.souk.io.warehouse.LocalPostgres;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.io.warehouse.WarehouseConfig;
import dev.souk.model.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Souk's Java keys equal what dbt_utils' generate_surrogate_key computes in the warehouses: the
 * natural keys are written by Souk's own sinks into typed columns (text, integer, bigint,
 * DECIMAL(18,2), boolean, date), and the macro's SQL ({@link StarKeys.Recipe#sql}) runs in
 * DuckDB and in a real PostgreSQL over them.
 */
class KeyCompatibilityTest {
  private static final FieldType TEXT = FieldType.STRING.withNullable(true);

  private static final WarehouseTable NATURAL_KEYS = WarehouseTable.of("natural_keys",
      Schema.builder()
          .addInt32Field("id")
          .addField("a", TEXT)
          .addField("b", TEXT)
          .addField("n", FieldType.INT32.withNullable(true))
          .addField("big", FieldType.INT64.withNullable(true))
          .addField("d", FieldType.DECIMAL.withNullable(true))
          .addField("flag", FieldType.BOOLEAN.withNullable(true))
          .addField("day", FieldType.logicalType(SqlTypes.DATE).withNullable(true))
          .build(),
      List.of("id"));

  /** Which columns, in which order, the keys are computed over: every column, and typical lists. */
  private static final List<List<String>> RECIPES = List.of(
      List.of("a"), List.of("a", "b"), List.of("b", "a"), List.of("n"), List.of("d"), List.of("a", "b", "n"),
      List.of("a", "b", "n", "big", "d", "flag", "day"));

  /** Natural keys: ids, Arabic, accented French (composed and not), nulls, empty text, numbers. */
  private static final List<Object[]> KEYS = List.of(
      new Object[] {"avito", "57146007", 128, 9_000_000_000L, "1.50", true, LocalDate.of(2025, 3, 14)},
      new Object[] {"الدار البيضاء", "المعاريف", 0, -1L, "0.00", false, LocalDate.of(1970, 1, 1)},
      new Object[] {"Fès", "Maârif – Cœur de ville", -5, Long.MAX_VALUE, "1200000.05", true, LocalDate.of(2024, 2, 29)},
      new Object[] {"Fe\u0300s", "e\u0301te\u0301", 256, 1L, "-7.10", false, LocalDate.of(1999, 12, 31)},
      new Object[] {null, null, null, null, null, null, null},
      new Object[] {"", "", 1, 0L, "0.01", null, null},
      new Object[] {"", null, null, null, "9999999999999999.99", null, null},
      new Object[] {"O'Brien \"x\" a\\b", "📱 iPhone 13 Pro Max\u202F256 Go", 64, 64L, "64.00", true, LocalDate.of(2000, 1, 1)},
      new Object[] {"a-b", "c", 2, 2L, "2.00", false, LocalDate.of(2025, 12, 1)},
      new Object[] {"_dbt_utils_surrogate_key_null_", "  spaced  ", 3, 3L, "3.30", true, LocalDate.of(2025, 6, 30)});

  private static LocalPostgres server;

  @BeforeAll
  static void startServer() {
    server = LocalPostgres.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void javaKeysEqualGenerateSurrogateKeyInDuckDb(@TempDir Path folder) {
    String file = folder.resolve("keys.duckdb").toString();
    try (Warehouse duckdb = DuckDbWarehouse.open(file)) {
      assertKeysMatch(duckdb, "VARCHAR");
    } finally {
      DuckDbWarehouse.checkpointAndClose(file);
    }
  }

  @Test
  void javaKeysEqualGenerateSurrogateKeyInPostgres() {
    String url = server.createDatabase("keys");
    try (Warehouse postgres = WarehouseConfig.postgres(url, "souk", LocalPostgres.USER, null).open()) {
      assertKeysMatch(postgres, "TEXT");
    }
  }

  private static void assertKeysMatch(Warehouse warehouse, String textType) {
    warehouse.ensureTable(NATURAL_KEYS);
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < KEYS.size(); id++) {
      rows.add(Row.withSchema(NATURAL_KEYS.schema()).addValues(values(id, KEYS.get(id))).build());
    }
    warehouse.upsert(NATURAL_KEYS, rows);

    for (List<String> parts : RECIPES) {
      StarKeys.Recipe recipe = new StarKeys.Recipe("natural_keys", "key", "natural_keys", parts);
      Map<Integer, String> expected = new TreeMap<>();
      for (Row row : rows) {
        expected.put(row.getInt32("id"), recipe.keyOf(row));
      }
      Map<Integer, String> actual = new TreeMap<>();
      for (Map<String, Object> r : warehouse.query(
          "SELECT id, " + recipe.sql("", textType) + " AS k FROM natural_keys ORDER BY id")) {
        actual.put(((Number) r.get("id")).intValue(), (String) r.get("k"));
      }
      assertEquals(expected, actual, "generate_surrogate_key(" + parts + ") in " + textType + " warehouse");
    }
  }

  /** The row's values: decimals at the column's scale, as the sinks store them. */
  private static List<Object> values(int id, Object[] key) {
    List<Object> values = new ArrayList<>(Arrays.asList(key));
    if (values.get(4) != null) {
      values.set(4, new BigDecimal((String) values.get(4)));
    }
    values.add(0, id);
    return values;
  }
}
