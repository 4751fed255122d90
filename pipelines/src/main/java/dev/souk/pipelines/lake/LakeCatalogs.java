package dev.souk.pipelines.lake;

import dev.souk.io.iceberg.LakeConfig;
import dev.souk.pipelines.options.LakeOptions;
import dev.souk.pipelines.options.OptionPaths;
import java.net.URI;
import java.net.URISyntaxException;
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
    String uri = blankToNull(options.getLakeCatalogUri());
    return switch (kind) {
      case "hadoop" -> {
        if (uri != null) {
          throw new IllegalArgumentException(
              "--lakeCatalogUri is the address of a REST catalog: add --lakeCatalog=rest or drop --lakeCatalogUri");
        }
        String location = warehouse != null ? warehouse : outputDir.resolve("lake").toString();
        OptionPaths.folderToWriteIfLocal(warehouse != null ? "--lakeWarehouse" : "--outputDir", location);
        yield LakeConfig.hadoop(location);
      }
      case "rest" -> {
        if (uri == null) {
          throw new IllegalArgumentException("--lakeCatalog=rest needs --lakeCatalogUri, e.g. http://127.0.0.1:8181");
        }
        checkHttpUrl(uri);
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

  private static void checkHttpUrl(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      parsed = null;
    }
    if (parsed == null || parsed.getHost() == null
        || !("http".equalsIgnoreCase(parsed.getScheme()) || "https".equalsIgnoreCase(parsed.getScheme()))) {
      throw new IllegalArgumentException(
          "--lakeCatalogUri must be an http(s) URL such as http://127.0.0.1:8181, not '" + uri + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
