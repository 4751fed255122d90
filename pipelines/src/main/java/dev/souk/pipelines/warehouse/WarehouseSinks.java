package dev.souk.pipelines.warehouse;

import dev.souk.pipelines.options.OptionPaths;
import dev.souk.pipelines.options.WarehouseOptions;
import java.nio.file.Path;
import java.util.Locale;

/** The warehouses Souk can write to, chosen by {@code --warehouse}; each one's options are checked here. */
public final class WarehouseSinks {
  private WarehouseSinks() {}

  /** The sink {@code options} name; embedded files default to {@code outputDir}. */
  public static WarehouseSink from(WarehouseOptions options, Path outputDir) {
    String kind = options.getWarehouse() == null ? "" : options.getWarehouse().trim().toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "duckdb" -> {
        boolean given = options.getDuckdbPath() != null && !options.getDuckdbPath().isBlank();
        Path file = given ? Path.of(options.getDuckdbPath()) : outputDir.resolve("souk.duckdb");
        yield DuckDbSink.at(OptionPaths.fileToWrite(given ? "--duckdbPath" : "--outputDir", file, "souk.duckdb"));
      }
      default -> throw new IllegalArgumentException(
          "--warehouse must be 'duckdb' (the embedded warehouse), not '" + options.getWarehouse() + "'");
    };
  }
}
