package dev.souk.pipelines.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.io.warehouse.Warehouse;
import dev.souk.pipelines.options.SoukOptions;
import java.nio.file.Path;
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
        containsString("--warehouse must be 'duckdb' (the embedded warehouse), not 'oracle'"));
  }
}
