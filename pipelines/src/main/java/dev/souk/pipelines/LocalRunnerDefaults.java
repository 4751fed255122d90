package dev.souk.pipelines;

import java.util.Map;

/**
 * Keeps a local Spark run on loopback. Spark reads {@code spark.*} system properties into every
 * SparkConf, and Beam's SparkRunner offers no option for them; unset, the driver binds the
 * machine's address and the web UI all interfaces. Values a user passes with {@code -D} win.
 * (Flink's equivalents live in {@code runner-configs/flink-conf/}, named by {@code --flinkConfDir}.)
 */
public final class LocalRunnerDefaults {
  private static final Map<String, String> SPARK = Map.of(
      "spark.driver.bindAddress", "127.0.0.1",
      "spark.driver.host", "127.0.0.1",
      "spark.ui.enabled", "false");

  private LocalRunnerDefaults() {}

  /** Sets each default that is not already a system property; harmless for other runners. */
  public static void apply() {
    SPARK.forEach((key, value) -> {
      if (System.getProperty(key) == null) {
        System.setProperty(key, value);
      }
    });
  }
}
