package dev.souk.io.iceberg;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the lake lives: an Iceberg catalog name and the properties Iceberg's {@code CatalogUtil}
 * builds it from. Serializable so transforms can carry it to workers.
 */
@AutoValue
public abstract class LakeConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Catalog name used when the pipeline does not say otherwise. */
  public static final String DEFAULT_CATALOG = "souk";

  public abstract String catalogName();

  public abstract Map<String, String> catalogProperties();

  public static LakeConfig of(String catalogName, Map<String, String> catalogProperties) {
    if (catalogName == null || catalogName.isBlank()) {
      throw new IllegalArgumentException("catalogName must not be empty");
    }
    if (!catalogProperties.containsKey("type") && !catalogProperties.containsKey("catalog-impl")) {
      throw new IllegalArgumentException(
          "catalogProperties need 'type' (hadoop, rest, ...) or 'catalog-impl'; got "
              + catalogProperties.keySet());
    }
    return new AutoValue_LakeConfig(catalogName, Map.copyOf(catalogProperties));
  }

  /**
   * The embedded default: an Iceberg Hadoop catalog whose tables are folders under {@code
   * warehousePath}. A local path is made absolute so every worker thread resolves the same folder.
   */
  public static LakeConfig hadoop(String warehousePath) {
    String warehouse =
        warehousePath.contains("://")
            ? warehousePath
            : Paths.get(warehousePath).toAbsolutePath().normalize().toString();
    return of(DEFAULT_CATALOG, Map.of("type", "hadoop", "warehouse", warehouse));
  }

  /**
   * An Iceberg REST catalog. {@code extra} carries what the server or object store needs (e.g.
   * {@code io-impl}, {@code s3.endpoint}); it cannot override {@code uri} or {@code warehouse}.
   */
  public static LakeConfig rest(String uri, String warehouse, Map<String, String> extra) {
    Map<String, String> props = new HashMap<>(extra);
    props.put("type", "rest");
    props.put("uri", uri);
    props.put("warehouse", warehouse);
    return of(DEFAULT_CATALOG, props);
  }
}
