package dev.souk.pipelines.lake;

import dev.souk.io.iceberg.LakeConfig;
import dev.souk.pipelines.options.LakeOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The lake's Iceberg catalog, chosen by {@code --lakeCatalog}; its options are checked here. */
public final class LakeCatalogs {
  private LakeCatalogs() {}

  /** The catalog {@code options} describe; the embedded one defaults to {@code outputDir/lake}. */
  public static LakeConfig from(LakeOptions options, Path outputDir) {
    String kind = options.getLakeCatalog() == null ? "" : options.getLakeCatalog().trim().toLowerCase(Locale.ROOT);
    String warehouse = blankToNull(options.getLakeWarehouse());
    return switch (kind) {
      case "hadoop" -> LakeConfig.hadoop(warehouse != null ? warehouse : outputDir.resolve("lake").toString());
      case "rest" -> {
        String uri = blankToNull(options.getLakeCatalogUri());
        if (uri == null) {
          throw new IllegalArgumentException("--lakeCatalog=rest needs --lakeCatalogUri, e.g. http://127.0.0.1:8181");
        }
        if (warehouse == null) {
          throw new IllegalArgumentException(
              "--lakeCatalog=rest needs --lakeWarehouse, the location the catalog keeps tables in (e.g. s3://bucket/lake)");
        }
        yield LakeConfig.rest(uri, warehouse, Map.of());
      }
      default -> throw new IllegalArgumentException(
          "--lakeCatalog must be 'hadoop' (embedded) or 'rest', not '" + options.getLakeCatalog() + "'");
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
