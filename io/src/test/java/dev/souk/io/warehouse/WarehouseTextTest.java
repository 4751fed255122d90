package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.model.warehouse.WarehouseTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * U+0000 in text, in DuckDB and PostgreSQL alike: PostgreSQL text cannot hold it, so every
 * warehouse refuses it the same way (normalisation removes it before silver), and text with every
 * other control character lands the same in both.
 */
class WarehouseTextTest {
  private static final WarehouseTable TITLES = WarehouseTable.of("titles",
      Schema.builder()
          .addField("title_key", WarehouseTable.SURROGATE_KEY)
          .addNullableField("title", FieldType.STRING)
          .addArrayField("flags", FieldType.STRING)
          .build(),
      List.of("title_key"));

  private static LocalPostgres server;

  @TempDir Path tmp;

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

  private List<WarehouseConfig> warehouses() {
    return List.of(WarehouseConfig.duckDb(tmp.resolve("text.duckdb").toString()),
        WarehouseConfig.postgres(server.createDatabase("text"), "star", LocalPostgres.USER, null));
  }

  private static Row row(String key, String title, List<String> flags) {
    return Row.withSchema(TITLES.schema()).addValues(key, title, flags).build();
  }

  @Test
  void nulIsRefusedByEveryWarehouseAlikeAndOtherControlCharactersLandAlike() {
    List<List<Map<String, Object>>> stored = new ArrayList<>();
    for (WarehouseConfig config : warehouses()) {
      try (Warehouse warehouse = config.open()) {
        warehouse.ensureTable(TITLES);
        for (Row bad : List.of(row("k1", "a\u0000b", List.of()), row("k2", "ok", List.of("x\u0000")))) {
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
              () -> warehouse.upsert(TITLES, List.of(row("k0", "fine", List.of()), bad)), config.toString());
          assertThat(e.getMessage(), containsString("holds U+0000"));
        }
        assertThat(config + ": a refused batch writes nothing", warehouse.count("titles"), is(0L));
        warehouse.upsert(TITLES, List.of(row("k3", "tab\there, bell\u0007, newline\n, quote\" ,comma", List.of("a,b", "{c}"))));
        stored.add(warehouse.query("SELECT title_key, title, flags FROM titles"));
      }
    }
    assertThat(stored.get(1), equalTo(stored.get(0)));
  }
}
