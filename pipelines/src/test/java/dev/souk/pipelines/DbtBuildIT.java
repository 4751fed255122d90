package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.io.warehouse.LocalPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dbt project ({@code dbt/}) over what the main job really writes: the job runs on the bundled
 * sample as a separate JVM into DuckDB, and into a throwaway PostgreSQL ({@link LocalPostgres});
 * then {@code dbt build} (every model and test, the reconciliation with the lake included, fed by
 * {@code dbt/lake_counts.py} from the run's report) and {@code dbt source freshness} run against
 * each and must exit 0, and every mart must have rows.
 *
 * <p>dbt comes from the virtualenv {@code $SOUK_DBT_VENV} (default {@code
 * ~/.cache/souk/dbt-venv}), which {@code .ci/run} fills from {@code dbt/requirements.txt}. Without
 * it the test fails, saying how to install it: it never skips.
 */
class DbtBuildIT {
  private static final List<String> MARTS =
      List.of("mart_property_price_per_m2", "mart_phone_prices", "mart_listing_activity");
  private static final String MODEL_SCHEMA = "analytics";
  private static final long JOB_MINUTES = 15;
  private static final long DBT_MINUTES = 10;

  private static Path project;
  private static Path venv;

  @TempDir Path tmp;

  @BeforeAll
  static void findDbt() {
    // Failsafe runs in the module's folder; the dbt project is beside the modules.
    project = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("dbt");
    assertTrue(Files.isRegularFile(project.resolve("dbt_project.yml")), "no dbt project at " + project);
    String configured = System.getenv("SOUK_DBT_VENV");
    venv = configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "souk", "dbt-venv");
    if (!Files.isExecutable(venv.resolve("bin/dbt")) || !Files.isExecutable(venv.resolve("bin/python"))) {
      throw new AssertionError("DbtBuildIT needs dbt in the virtualenv " + venv + " ($SOUK_DBT_VENV) and found"
          + " none. Install it (what .ci/run does): python3 -m venv " + venv + " && " + venv
          + "/bin/pip install -r dbt/requirements.txt");
    }
  }

  @Test
  void dbtBuildPassesOnTheJobsDuckDbFile() throws Exception {
    Path out = tmp.resolve("duck");
    runJob(out);
    Path duckdb = out.resolve("souk.duckdb");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SOUK_DUCKDB_PATH", duckdb.toString());
    dbt(out, "duckdb", env);

    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdb, readOnly)) {
      assertMartsHaveRows(c);
    }
  }

  @Test
  void dbtBuildPassesOnTheJobsPostgresDatabase() throws Exception {
    try (LocalPostgres server = LocalPostgres.start()) {
      String url = server.createDatabase("souk");
      Path out = tmp.resolve("pg");
      Map<String, String> credentials = Map.of("SOUK_POSTGRES_USER", LocalPostgres.USER, "SOUK_POSTGRES_PASSWORD", "");
      runJob(out, credentials, "--warehouse=postgres", "--postgresUrl=" + url, "--postgresSchema=souk");
      Map<String, String> env = new LinkedHashMap<>(credentials);
      env.put("SOUK_POSTGRES_HOST", "127.0.0.1");
      env.put("SOUK_POSTGRES_PORT", Integer.toString(server.port()));
      env.put("SOUK_POSTGRES_DB", "souk");
      env.put("SOUK_STAR_SCHEMA", "souk");
      dbt(out, "postgres", env);

      try (Connection c = LocalPostgres.connect(url)) {
        assertMartsHaveRows(c);
      }
    }
  }

  /** Every mart has rows, and the reconciliation compared every site with the lake. */
  private static void assertMartsHaveRows(Connection c) throws SQLException {
    for (String mart : MARTS) {
      assertThat(mart + " rows", count(c, "SELECT count(*) FROM " + MODEL_SCHEMA + "." + mart), greaterThan(0L));
    }
    assertThat("sites reconciled with the lake",
        count(c, "SELECT count(*) FROM " + MODEL_SCHEMA + ".lake_reconciliation"), equalTo(5L));
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void runJob(Path out, String... args) throws Exception {
    runJob(out, Map.of(), args);
  }

  /** The main job on the bundled sample as a separate JVM, as a user runs it. */
  private static void runJob(Path out, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), "dev.souk.pipelines.SoukMain",
        // No runner named: the embedded default (Flink in the job's JVM), as a user's run.
        "--source=sample", "--outputDir=" + out, "--maxListPages=20"));
    command.addAll(List.of(args));
    Files.createDirectories(out);
    run("the main job", command, env, out.resolve("job.log"), JOB_MINUTES);
  }

  /** {@code dbt build} with the lake's counts from the run's report, then {@code dbt source freshness}. */
  private static void dbt(Path out, String target, Map<String, String> env) throws Exception {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put("DBT_TARGET_PATH", out.resolve("dbt-target").toString());
    all.put("DBT_LOG_PATH", out.resolve("dbt-logs").toString());
    all.put("DBT_SEND_ANONYMOUS_USAGE_STATS", "false");
    all.put("SOUK_DBT_SCHEMA", MODEL_SCHEMA);
    String vars = run("dbt/lake_counts.py", List.of(venv.resolve("bin/python").toString(),
        project.resolve("lake_counts.py").toString(), out.resolve("run-report.json").toString()),
        Map.of(), out.resolve("lake-counts.json"), 1).strip();
    assertTrue(vars.contains("\"avito\""), "lake counts: " + vars);
    List<String> common = List.of("--project-dir", project.toString(), "--profiles-dir", project.toString(),
        "--target", target);
    List<String> build = new ArrayList<>(List.of(venv.resolve("bin/dbt").toString(), "build"));
    build.addAll(common);
    build.addAll(List.of("--vars", vars));
    String log = run("dbt build --target " + target, build, all, out.resolve("dbt-build.log"), DBT_MINUTES);
    assertTrue(log.contains("ERROR=0"), "dbt build reported errors:\n" + tail(log));
    List<String> freshness = new ArrayList<>(List.of(venv.resolve("bin/dbt").toString(), "source", "freshness"));
    freshness.addAll(common);
    run("dbt source freshness --target " + target, freshness, all, out.resolve("dbt-freshness.log"), DBT_MINUTES);
  }

  /** Runs a command to its end, its output to {@code log}; fails with the output's tail unless it exits 0. */
  private static String run(String what, List<String> command, Map<String, String> env, Path log, long minutes)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(what + " did not end within " + minutes + " minutes; output in " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), what + " failed (" + String.join(" ", command) + "):\n" + tail(output));
    return output;
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
