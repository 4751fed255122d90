package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;

import dev.souk.io.warehouse.LakeLoads;
import dev.souk.io.warehouse.LocalFakesnow;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.pipelines.warehouse.SnowflakeSink;
import dev.souk.pipelines.warehouse.WarehouseSink;
import dev.souk.transforms.markets.Markets;
import dev.souk.transforms.model.StarKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The main job into the Snowflake emulator ({@link LocalFakesnow}, the unmodified JDBC driver), as
 * a user runs it with {@code --warehouse=snowflake}: the user from SOUK_SNOWFLAKE_USER (set for
 * this module's tests in its pom), the password from a file. The same listings loaded twice (a
 * run, then a run after the ledger was emptied, which loads every silver version again) leave the
 * same rows and keys, those of a DuckDB run, and every dimension key is generate_surrogate_key's.
 * Batches reach the stage by bound INSERTs ({@code --snowflakeStageLoad=insert}): the emulator
 * cannot serve the default load's PUT (io's SnowflakeWarehouseTest).
 */
class SoukMainSnowflakeTest {
  /** Columns that say when a run did something (as in SoukMainPostgresTest). */
  /** Columns that follow crawl time or the lake, not the warehouse (as in SoukMainPostgresTest). */
  private static final Set<String> RUN_TIME_COLUMNS = Set.of("scraped_at", "loaded_at", "snapshot_id", "valid_from",
      "valid_to", "lake_table_uuid", "lake_location");

  private static LocalFakesnow server;

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() {
    server = LocalFakesnow.start();
    server.createDatabase("ANALYTICS");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void listingsLoadedTwiceLeaveTheRowsAndKeysOfOneLoadAndOfDuckDb() throws Exception {
    Path password = Files.writeString(tmp.resolve("snowflake-password"), LocalFakesnow.PASSWORD + "\n");
    String[] snowflake = {"--warehouse=snowflake", "--snowflakeUrl=" + server.jdbcUrl(),
        "--snowflakeDatabase=analytics", "--snowflakeSchema=star", "--snowflakePasswordFile=" + password,
        "--snowflakeStageLoad=insert"};

    SoukOptions duckOptions = options(tmp.resolve("duck"));
    run(duckOptions);
    SoukOptions first = options(tmp.resolve("lake1"), snowflake);
    String printed = run(first);
    WarehouseSink sink = SoukSettings.from(first).warehouse();
    assertThat(sink, instanceOf(SnowflakeSink.class));
    Map<String, List<String>> once = rows(sink);
    // Forget what the warehouse loaded: the next run loads every silver version again, on top.
    try (Warehouse w = sink.open()) {
      w.query("DELETE FROM " + LakeLoads.TABLE.name());
    }
    run(first);
    Map<String, List<String>> twice = rows(sink);
    assertThat("the reload recorded its marks again", twice.get(LakeLoads.TABLE.name()).size(), equalTo(2));
    Map<String, List<String>> duck = rows(SoukSettings.from(duckOptions).warehouse());

    long facts = once.get("fact_property_listing").size() + once.get("fact_used_phone_listings").size();
    assertThat(facts, greaterThan(20L));
    assertThat("loading the same listings again changes no row or key", twice, equalTo(once));
    assertThat("Snowflake holds the rows DuckDB holds", once, equalTo(duck));

    try (Warehouse w = sink.open()) {
      for (StarKeys.Recipe recipe : StarKeys.dimensions().values()) {
        List<Map<String, Object>> differing = w.query("SELECT " + recipe.keyColumn() + " FROM " + recipe.table()
            + " WHERE " + recipe.keyColumn() + " <> " + recipe.sql("", "VARCHAR"));
        assertThat(recipe.table() + " keys that are not generate_surrogate_key(" + recipe.parts() + ")", differing,
            empty());
        assertThat(w.count(recipe.table()), greaterThan(0L));
      }
      assertThat(w.query(RunSummary.EXAMPLE_QUERY), not(empty()));
    }

    assertThat(printed, containsString("Warehouse (star schema), Snowflake jdbc:snowflake://127.0.0.1:" + server.port()
        + "/, ANALYTICS.STAR:"));
    assertThat(printed, containsString("--warehouse=snowflake --snowflakeUrl=" + server.jdbcUrl()
        + " --snowflakeDatabase=ANALYTICS --snowflakeSchema=STAR"));
    assertThat(printed, not(containsString(LocalFakesnow.PASSWORD)));
  }

  private static SoukOptions options(Path outputDir, String... more) {
    List<String> args = new ArrayList<>(List.of("--runner=DirectRunner", "--outputDir=" + outputDir,
        "--enforceImmutability=false", "--enforceEncodability=false"));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(SoukOptions.class);
  }

  private static String run(SoukOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SoukMain.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
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
