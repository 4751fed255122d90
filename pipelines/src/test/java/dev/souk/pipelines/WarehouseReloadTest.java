package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

import dev.souk.io.warehouse.LakeLoads;
import dev.souk.io.warehouse.LocalFakesnow;
import dev.souk.io.warehouse.LocalPostgres;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.pipelines.warehouse.WarehouseSink;
import dev.souk.transforms.markets.Markets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same listings loaded twice, then a third time with one price changed, by the main job
 * (payload files, {@code --source=none}) into every warehouse of {@link #warehouses}: after each
 * run every warehouse holds the same rows and keys, the second (identical) load changes nothing,
 * and the price change shows as history: a new version row in the fact and in {@code
 * dim_listing_history}, whose previous row now ends where the new one begins. One payload's seller
 * name holds a U+0000, which normalisation removes, so PostgreSQL and Snowflake take it as DuckDB does.
 *
 * <p>A warehouse is one entry of {@link #warehouses}: the options that point the job at a fresh
 * one (e.g. {@code --warehouse=snowflake} and its emulator's URL).
 */
class WarehouseReloadTest {
  /** Columns that differ between lakes or runs, not between warehouses: the ledger's bookkeeping. */
  private static final Set<String> LAKE_COLUMNS = Set.of("loaded_at", "snapshot_id", "lake_table_uuid", "lake_location");

  /** The listing whose price changes in the third load. */
  private static final String CHANGED_ID = "56787541";
  private static final String LATER = "2025-11-10 09:00:00.000000";

  private static LocalPostgres server;
  private static LocalFakesnow snowflake;

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() {
    server = LocalPostgres.start();
    snowflake = LocalFakesnow.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    if (snowflake != null) {
      snowflake.close();
    }
  }

  /** A warehouse under test: its name and the job options that point at a fresh one. */
  private record Target(String name, List<String> options) {}

  private int snowflakeDatabases;

  /** A fresh emulator database per call: each load series starts from an empty warehouse. */
  private String snowflakeDatabase() {
    String name = "RELOAD" + (++snowflakeDatabases) + "_" + Math.abs(tmp.hashCode());
    snowflake.createDatabase(name);
    return name;
  }

  private Path snowflakePassword() {
    try {
      return Files.writeString(tmp.resolve("snowflake-password"), LocalFakesnow.PASSWORD + "\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<Target> warehouses() {
    return List.of(
        new Target("duckdb", List.of()),
        // The test server trusts user souk; a real deployment gives SOUK_POSTGRES_USER and a password.
        new Target("postgres", List.of("--warehouse=postgres",
            "--postgresUrl=" + server.createDatabase("reload") + "?user=" + LocalPostgres.USER, "--postgresSchema=star")),
        // The emulator takes batches by bound INSERTs (it cannot answer PUT); see SoukMainSnowflakeTest.
        new Target("snowflake", List.of("--warehouse=snowflake", "--snowflakeUrl=" + snowflake.jdbcUrl(),
            "--snowflakeDatabase=" + snowflakeDatabase(), "--snowflakeSchema=star",
            "--snowflakePasswordFile=" + snowflakePassword(), "--snowflakeStageLoad=insert")));
  }

  @Test
  void twoIdenticalLoadsThenAPriceChangeLeaveTheSameRowsAndKeysInEveryWarehouse() throws Exception {
    List<String> lines = payloads();
    Path first = tmp.resolve("listings.jsonl");
    Files.write(first, lines, StandardCharsets.UTF_8);
    // The same listings exported again a week later, one of them at a new price.
    Path changed = tmp.resolve("listings-later.jsonl");
    List<String> later = new ArrayList<>(lines);
    later.set(1, withNewPrice(lines.get(1)));
    Files.write(changed, later, StandardCharsets.UTF_8);

    Map<String, Map<String, List<String>>> once = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> twice = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> afterChange = new LinkedHashMap<>();
    Map<String, List<List<String>>> docQueries = new LinkedHashMap<>();
    Map<String, WarehouseSink> sinks = new LinkedHashMap<>();
    for (Target target : warehouses()) {
      SoukOptions options = options(tmp.resolve(target.name()), first, target.options());
      WarehouseSink sink = SoukSettings.from(options).warehouse();
      sinks.put(target.name(), sink);
      run(options);
      once.put(target.name(), rows(sink));
      // Forget what the warehouse loaded: the same file again loads every silver version again.
      try (Warehouse w = sink.open()) {
        w.execute("DELETE FROM " + LakeLoads.TABLE.name());
      }
      run(options);
      twice.put(target.name(), rows(sink));
      run(options(tmp.resolve(target.name()), changed, target.options()));
      afterChange.put(target.name(), rows(sink));
      docQueries.put(target.name(), docQueries(sink));
    }

    Map<String, List<String>> reference = once.get("duckdb");
    assertThat(reference.get("fact_property_listing").size(), greaterThan(20));
    for (String warehouse : once.keySet()) {
      assertThat(warehouse + ": the second load changes no row or key", twice.get(warehouse), equalTo(once.get(warehouse)));
      assertThat(warehouse + " holds DuckDB's rows after the first load", once.get(warehouse), equalTo(reference));
      assertThat(warehouse + " holds DuckDB's rows after the change", afterChange.get(warehouse),
          equalTo(afterChange.get("duckdb")));
      assertThat(warehouse + ": the documented queries give DuckDB's answers", docQueries.get(warehouse),
          equalTo(docQueries.get("duckdb")));
    }

    Map<String, List<String>> after = afterChange.get("duckdb");
    for (String table : reference.keySet()) {
      int added = switch (table) {
        case "fact_property_listing", "dim_listing_history" -> 1; // the new version
        case "dim_date" -> 1; // its scrape day
        default -> 0;
      };
      assertThat(table, after.get(table), hasSize(reference.get(table).size() + added));
      if (!table.equals("dim_listing_history")) {
        assertThat(table + " keeps every row it had", after.get(table).containsAll(reference.get(table)), equalTo(true));
      }
    }
    List<String> history = docQueries.get("duckdb").get(0);
    assertThat(history, equalTo(List.of(
        "1|2025-11-03T01:15:15.002Z|2025-11-10T09:00:00Z|7000.00|MAD|null",
        "2|2025-11-10T09:00:00Z|null|6500.00|MAD|-500.00")));
    try (Warehouse w = sinks.get("postgres").open()) {
      // The payload's seller name had a NUL: removed before silver, so PostgreSQL took the row.
      assertThat(w.query("SELECT count(*) AS n FROM dim_seller WHERE seller_display_name = 'AWRACH imobilier'")
          .get(0).get("n").toString(), equalTo("1"));
    }
  }

  /**
   * Two lakes (two teams' runs) loading one warehouse: each lake's silver table has its own mark,
   * so neither skips the other's versions nor reads from a snapshot it never had.
   */
  @Test
  void twoLakesLoadOneWarehouseEachFromItsOwnMark() throws Exception {
    List<String> avito = Files.readAllLines(Path.of("..", "testdata", "records", "avito_raw_2025-11-03.jsonl"),
        StandardCharsets.UTF_8);
    Path a = Files.write(tmp.resolve("a.jsonl"), avito.subList(0, 10), StandardCharsets.UTF_8);
    Path b = Files.write(tmp.resolve("b.jsonl"), avito.subList(10, 20), StandardCharsets.UTF_8);
    List<String> shared = List.of("--duckdbPath=" + tmp.resolve("shared.duckdb"));
    SoukOptions lakeA = options(tmp.resolve("lakeA"), a, shared);
    SoukOptions lakeB = options(tmp.resolve("lakeB"), b, shared);
    run(lakeA);
    run(lakeB);
    run(lakeA); // nothing new in lake A: its mark holds
    long silver = lakeRows(lakeA) + lakeRows(lakeB);
    assertThat(silver, greaterThan(10L));
    try (Warehouse w = SoukSettings.from(lakeA).warehouse().open()) {
      assertThat("every version of both lakes, once", w.count("fact_property_listing"), equalTo(silver));
      assertThat(w.count("dim_listing_history"), equalTo(silver));
      List<Map<String, Object>> ledger = w.query("SELECT lake_table, lake_location FROM souk_lake_loads"
          + " WHERE lake_table = 'silver.property_listings' ORDER BY lake_location");
      assertThat(ledger.toString(), ledger, hasSize(2));
      assertThat(ledger.get(0).get("lake_table"), equalTo("silver.property_listings"));
      assertThat(ledger.get(1).get("lake_table"), equalTo("silver.property_listings"));
      assertThat(ledger.get(0).get("lake_location").toString(), org.hamcrest.Matchers.containsString("lakeA"));
      assertThat(ledger.get(1).get("lake_location").toString(), org.hamcrest.Matchers.containsString("lakeB"));
    }
  }

  private static long lakeRows(SoukOptions options) {
    var lake = SoukSettings.from(options).lake();
    String id = dev.souk.pipelines.lake.LakeTables.silver(Markets.REAL_ESTATE).id();
    return lake.tableExists(id) ? lake.count(id) : 0;
  }

  /** Thirty Avito and ten Mubawab payloads as the original producers published them, one with a NUL. */
  private static List<String> payloads() throws Exception {
    Path records = Path.of("..", "testdata", "records");
    List<String> avito = Files.readAllLines(records.resolve("avito_raw_2025-11-03.jsonl"), StandardCharsets.UTF_8);
    List<String> mubawab = Files.readAllLines(records.resolve("bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl"),
        StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(avito.subList(0, 30));
    lines.addAll(mubawab.subList(0, 10));
    String nul = lines.get(0).replace("\\\"seller_name\\\": \\\"AWRACH imobilier",
        "\\\"seller_name\\\": \\\"AWRACH\\\\u0000 imobilier");
    assertThat("the seller name was found", nul.equals(lines.get(0)), equalTo(false));
    lines.set(0, nul);
    return lines;
  }

  private static String withNewPrice(String line) {
    assertThat(line, org.hamcrest.Matchers.containsString("\"id\": \"" + CHANGED_ID + "\""));
    String later = line.replace("2025-11-03 01:15:15.002000", LATER).replace("\\\"7 000 DH\\\"", "\\\"6 500 DH\\\"");
    assertThat("price and time replaced", later.contains("6 500 DH") && later.contains(LATER), equalTo(true));
    return later;
  }

  private static SoukOptions options(Path outputDir, Path payloads, List<String> more) {
    List<String> args = new ArrayList<>(List.of("--runner=DirectRunner", "--source=none",
        "--originalPayloads=" + payloads, "--outputDir=" + outputDir,
        "--enforceImmutability=false", "--enforceEncodability=false"));
    args.addAll(more);
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(SoukOptions.class);
  }

  private static void run(SoukOptions options) {
    SoukMain.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  /** Every star-schema table and the ledger, each as its sorted rows, values in one canonical text. */
  private static Map<String, List<String>> rows(WarehouseSink sink) {
    Map<String, List<String>> tables = new TreeMap<>();
    List<String> names = new ArrayList<>(Markets.warehouseTables(Markets.all()).stream().map(WarehouseTable::name).toList());
    names.add(LakeLoads.TABLE.name());
    try (Warehouse warehouse = sink.open()) {
      for (String name : names) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> row : warehouse.query("SELECT * FROM " + name)) {
          Map<String, String> kept = new TreeMap<>();
          row.forEach((column, value) -> {
            if (!LAKE_COLUMNS.contains(column)) {
              kept.put(column, canonical(value));
            }
          });
          rows.add(kept.toString());
        }
        rows.sort(null);
        tables.put(name, rows);
      }
    }
    return tables;
  }

  /** The docs' two example queries (docs/graph.md, "Price history"), as written there, on the changed listing. */
  private static List<List<String>> docQueries(WarehouseSink sink) throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "graph.md"), StandardCharsets.UTF_8);
    List<List<String>> answers = new ArrayList<>();
    for (String marker : List.of("-- price changes of one listing", "-- median asking price per m2 by month")) {
      Matcher block = Pattern.compile("```sql\n(" + Pattern.quote(marker) + "\n.*?)```", Pattern.DOTALL).matcher(docs);
      assertThat("docs/graph.md has the query " + marker, block.find(), equalTo(true));
      String sql = block.group(1).strip();
      assertThat("the docs' example is the listing whose price changes here", marker.contains("price changes")
          ? sql.contains("listing_id = '" + CHANGED_ID + "'") : true, equalTo(true));
      sql = sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
      List<String> rows = new ArrayList<>();
      try (Warehouse warehouse = sink.open()) {
        for (Map<String, Object> row : warehouse.query(sql)) {
          List<String> values = new ArrayList<>();
          row.values().forEach(v -> values.add(canonical(v)));
          rows.add(String.join("|", values));
        }
      }
      assertThat(marker, rows.isEmpty(), equalTo(false));
      answers.add(rows);
    }
    return answers;
  }

  /** A value as text the same way whichever JDBC driver read it: instants in UTC, decimals plain, doubles to 6 places. */
  private static String canonical(Object value) {
    if (value instanceof OffsetDateTime time) {
      return time.toInstant().toString();
    }
    if (value instanceof java.sql.Timestamp time) {
      return time.toInstant().toString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Double d) {
      return new BigDecimal(d).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }
    return String.valueOf(value);
  }
}
