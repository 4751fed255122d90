package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import dev.souk.io.warehouse.LakeLoads;
import dev.souk.io.warehouse.LocalPostgres;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.pipelines.quality.QualityRules;
import dev.souk.pipelines.quality.QualityTable;
import dev.souk.pipelines.warehouse.PostgresSink;
import dev.souk.pipelines.warehouse.WarehouseSink;
import dev.souk.transforms.markets.Markets;
import dev.souk.transforms.model.StarKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job into a real PostgreSQL ({@link LocalPostgres}), as a user runs it with
 * {@code --warehouse=postgres}: the same listings loaded twice (a run, then a run after the
 * warehouse's ledger was emptied, which loads every silver version again) leave the same rows and
 * keys, those rows are the ones a DuckDB run leaves,
 * and every dimension key is what dbt_utils' generate_surrogate_key computes over the
 * dimension's own columns, in both warehouses.
 */
class SoukMainPostgresTest {
  /** Columns that say when a run did something (as in KillAnywhereIT's LakeSnapshot). */
  private static final Set<String> RUN_TIME_COLUMNS = Set.of("scraped_at", "loaded_at", "snapshot_id", "valid_from", "valid_to",
      // The ledger names the lake a run loaded from: each run here has its own.
      "lake_table_uuid", "lake_location");

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

  @Test
  void listingsLoadedTwiceLeaveTheRowsAndKeysOfOneLoadAndOfDuckDb() throws Exception {
    // The test server trusts user souk; a real deployment gives SOUK_POSTGRES_USER and a password.
    String url = server.createDatabase("souk") + "?user=" + LocalPostgres.USER;
    String[] postgres = {"--warehouse=postgres", "--postgresUrl=" + url, "--postgresSchema=star"};

    SoukOptions duckOptions = options(tmp.resolve("duck"));
    run(duckOptions);
    SoukOptions first = options(tmp.resolve("lake1"), postgres);
    String printed = run(first);
    WarehouseSink sink = SoukSettings.from(first).warehouse();
    assertThat(sink, org.hamcrest.Matchers.instanceOf(PostgresSink.class));
    Map<String, List<String>> once = rows(sink);
    // Forget what the warehouse loaded: the next run loads every silver version again, on top.
    try (Warehouse w = sink.open()) {
      w.query("DELETE FROM " + LakeLoads.TABLE.name() + " RETURNING lake_table");
    }
    run(first);
    Map<String, List<String>> twice = rows(sink);
    assertThat("the reload recorded its marks again", twice.get(LakeLoads.TABLE.name()).size(), equalTo(2));
    Map<String, List<String>> duck = rows(SoukSettings.from(duckOptions).warehouse());

    long facts = once.get("fact_property_listing").size() + once.get("fact_used_phone_listings").size();
    assertThat(facts, greaterThan(20L));
    assertThat("loading the same listings again changes no row or key", twice, equalTo(once));
    assertThat("PostgreSQL holds the rows DuckDB holds", once, equalTo(duck));

    for (WarehouseSink warehouse : List.of(sink, SoukSettings.from(duckOptions).warehouse())) {
      try (Warehouse w = warehouse.open()) {
        String text = warehouse == sink ? "TEXT" : "VARCHAR";
        for (StarKeys.Recipe recipe : StarKeys.dimensions().values()) {
          List<Map<String, Object>> differing = w.query("SELECT " + recipe.keyColumn() + " FROM " + recipe.table()
              + " WHERE " + recipe.keyColumn() + " <> " + recipe.sql("", text));
          assertThat(warehouse.describe() + ": " + recipe.table() + " keys that are not generate_surrogate_key("
              + recipe.parts() + ")", differing, empty());
          assertThat(w.count(recipe.table()), greaterThan(0L));
        }
        assertThat(w.query(RunSummary.EXAMPLE_QUERY), not(empty()));
      }
    }

    // The quality checks reach every warehouse alike, and PostgreSQL answers the baselines' query:
    // the rerun's cards-per-list-page checks are compared with the first run's.
    List<String> pgChecks = firstRunChecks(sink);
    assertThat(pgChecks.size(), greaterThan(10));
    assertThat(pgChecks, equalTo(firstRunChecks(SoukSettings.from(duckOptions).warehouse())));
    try (Warehouse w = sink.open()) {
      assertThat(w.query("SELECT site FROM " + QualityTable.TABLE.name() + " WHERE metric = '"
          + QualityRules.CARDS_PER_LIST_PAGE + "' AND baseline IS NOT NULL"), not(empty()));
    }

    assertThat(printed, containsString("Warehouse (star schema), PostgreSQL "
        + "jdbc:postgresql://127.0.0.1:" + server.port() + "/souk, schema star:"));
    assertThat(printed, containsString("--warehouse=postgres --postgresUrl=" + url + " --postgresSchema=star"));
  }

  private static SoukOptions options(Path outputDir, String... more) {
    List<String> args = new ArrayList<>(List.of("--runner=DirectRunner", "--outputDir=" + outputDir,
        // The DirectRunner's element-cloning checks stay on in SoukPipelineTest; here they only cost time.
        "--enforceImmutability=false", "--enforceEncodability=false"));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(SoukOptions.class);
  }

  private static String run(SoukOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SoukMain.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The first run's quality checks: site, metric, field, value (to 6 places) and status. */
  private static List<String> firstRunChecks(WarehouseSink sink) {
    try (Warehouse warehouse = sink.open()) {
      String table = QualityTable.TABLE.name();
      return warehouse.query("SELECT site, metric, field, value, status FROM " + table
              + " WHERE run_id = (SELECT min(run_id) FROM " + table + ") ORDER BY site, metric, field").stream()
          .map(r -> r.get("site") + "/" + r.get("metric") + "/" + r.get("field") + "="
              + String.format(java.util.Locale.ROOT, "%.6f", ((Number) r.get("value")).doubleValue()) + " " + r.get("status"))
          .toList();
    }
  }

  /** Every star-schema table and the ledger, each as its sorted rows without run-time columns. */
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
            if (!RUN_TIME_COLUMNS.contains(column)) {
              kept.put(column, String.valueOf(value));
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
}
