package dev.souk.pipelines.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.io.warehouse.Warehouse;
import dev.souk.pipelines.options.SoukOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse options, branch by branch. */
class WarehouseSinksTest {
  @TempDir Path tmp;

  private WarehouseSink sink(String... args) {
    return WarehouseSinks.from(PipelineOptionsFactory.fromArgs(args).as(SoukOptions.class), tmp);
  }

  @Test
  void duckDbIsTheDefaultUnderTheOutputFolder() {
    DuckDbSink sink = (DuckDbSink) sink();
    assertThat(sink.path(), equalTo(tmp.resolve("souk.duckdb").toString()));
    assertThat(sink.queryOptions(), equalTo("--duckdbPath=" + sink.path()));
    assertThat(((DuckDbSink) sink("--warehouse=DuckDB", "--duckdbPath=" + tmp.resolve("w.duckdb"))).path(),
        equalTo(tmp.resolve("w.duckdb").toString()));
  }

  @Test
  void itExistsOnceOpened() {
    WarehouseSink sink = sink();
    assertFalse(sink.exists());
    try (Warehouse w = sink.open()) {
      assertThat(w.query("SELECT 42 AS answer").get(0).get("answer"), equalTo(42));
    }
    assertTrue(sink.exists());
  }

  @Test
  void anUnknownWarehouseSaysWhichOnesExist() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> sink("--warehouse=oracle")).getMessage(),
        containsString("--warehouse must be 'duckdb' (the embedded warehouse) or 'postgres', not 'oracle'"));
  }

  private WarehouseSink postgres(Map<String, String> env, String... args) {
    return WarehouseSinks.from(PipelineOptionsFactory.fromArgs(args).as(SoukOptions.class), tmp, env::get);
  }

  @Test
  void postgresTakesUserAndPasswordFromTheEnvironmentAndShowsNeither() {
    PostgresSink sink = (PostgresSink) postgres(
        Map.of(WarehouseSinks.POSTGRES_USER_ENV, "loader", WarehouseSinks.POSTGRES_PASSWORD_ENV, "s3cret pass"),
        "--warehouse=postgres", "--postgresUrl=jdbc:postgresql://db.example:5432/souk?sslmode=require");
    assertThat(sink.url(), equalTo("jdbc:postgresql://db.example:5432/souk?sslmode=require"));
    assertThat(sink.schema(), equalTo("souk"));
    assertThat(sink.user(), equalTo("loader"));
    assertTrue(sink.hasPassword());
    assertThat(sink.describe(), equalTo("PostgreSQL jdbc:postgresql://db.example:5432/souk, schema souk"));
    assertThat(sink.queryOptions(), equalTo(
        "--warehouse=postgres --postgresUrl=jdbc:postgresql://db.example:5432/souk?sslmode=require --postgresSchema=souk"));
    for (String shown : List.of(sink.describe(), sink.queryOptions(), sink.toString())) {
      assertThat(shown, not(containsString("s3cret")));
    }
  }

  @Test
  void postgresReadsThePasswordFileFirstLine() throws Exception {
    Path secret = Files.writeString(tmp.resolve("pw"), "from file\nsecond line\n");
    PostgresSink sink = (PostgresSink) postgres(Map.of(), "--warehouse=PostgreSQL",
        "--postgresUrl=jdbc:postgresql://127.0.0.1/souk", "--postgresSchema=star", "--postgresPasswordFile=" + secret);
    assertTrue(sink.hasPassword());
    assertThat(sink.schema(), equalTo("star"));
    assertThat(sink.user(), equalTo(null));
    assertFalse(((PostgresSink) postgres(Map.of(), "--warehouse=postgres", "--postgresUrl=jdbc:postgresql://h/souk"))
        .hasPassword());
  }

  @Test
  void postgresRefusesTwoPasswordsAndAnEmptyFile() throws Exception {
    Path secret = Files.writeString(tmp.resolve("pw"), "x");
    assertThat(assertThrows(IllegalArgumentException.class, () -> postgres(
            Map.of(WarehouseSinks.POSTGRES_PASSWORD_ENV, "y"), "--warehouse=postgres",
            "--postgresUrl=jdbc:postgresql://h/souk", "--postgresPasswordFile=" + secret)).getMessage(),
        equalTo("Give the PostgreSQL password once: SOUK_POSTGRES_PASSWORD or --postgresPasswordFile, not both"));
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    assertThat(assertThrows(IllegalArgumentException.class, () -> postgres(Map.of(), "--warehouse=postgres",
            "--postgresUrl=jdbc:postgresql://h/souk", "--postgresPasswordFile=" + empty)).getMessage(),
        equalTo("--postgresPasswordFile=" + empty + " is empty; its first line is the password"));
  }

  @Test
  void postgresOptionsAreNotMixedWithDuckDb() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> sink("--warehouse=postgres",
            "--postgresUrl=jdbc:postgresql://h/souk", "--duckdbPath=" + tmp.resolve("w.duckdb"))).getMessage(),
        equalTo("--duckdbPath is for --warehouse=duckdb: drop it with --warehouse=postgres"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> sink("--postgresPasswordFile=/x")).getMessage(),
        equalTo("--postgresPasswordFile is for --warehouse=postgres: add it or drop --postgresPasswordFile"));
  }
}
