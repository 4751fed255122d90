package dev.souk.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps an embedded Spark or Flink run on loopback with no configuration file. Unset, Spark's
 * driver binds the machine's address and its web UI all interfaces, and Flink's mini cluster
 * (blob server, RPC, REST) listens on all interfaces. A user's own settings win: a {@code -D}
 * Spark property, a {@code --flinkConfDir}.
 */
public final class LocalRunnerDefaults {
  /**
   * Spark reads {@code spark.*} system properties into every SparkConf, and Beam's SparkRunner
   * offers no option for them.
   */
  private static final Map<String, String> SPARK = Map.of(
      "spark.driver.bindAddress", "127.0.0.1",
      "spark.driver.host", "127.0.0.1",
      "spark.ui.enabled", "false");

  /** What {@code runner-configs/flink-conf/flink-conf.yaml} holds, for a run that names no conf folder. */
  static final Map<String, String> FLINK = Map.of(
      "jobmanager.rpc.address", "127.0.0.1",
      "jobmanager.bind-host", "127.0.0.1",
      "taskmanager.host", "127.0.0.1",
      "taskmanager.bind-host", "127.0.0.1",
      "rest.address", "127.0.0.1",
      "rest.bind-address", "127.0.0.1");

  /** Flink masters that mean a mini cluster in this JVM ({@code [auto]} is one outside a cluster). */
  private static final Set<String> EMBEDDED_FLINK = Set.of("[local]", "[auto]", "[collection]");

  /**
   * The two FlinkPipelineOptions properties read here, by name: the Flink runner is a runtime-only
   * dependency, and options interfaces that share a property share its value.
   */
  public interface FlinkConf extends PipelineOptions {
    @Nullable String getFlinkConfDir();

    void setFlinkConfDir(@Nullable String value);

    @Default.String("[auto]")
    String getFlinkMaster();

    void setFlinkMaster(String value);
  }

  /**
   * The runner a run gets when its arguments name none: Flink in this JVM, which takes real volumes
   * (Beam's own default, the DirectRunner, is a test runner that holds a run in memory). The same
   * as {@code runner-configs/local.args}. {@code --fasterCopy} drops the deep copy (a coder round
   * trip) of every element between chained operators, which Beam's immutable elements never need.
   * Grouped results stay single-pass ({@code --reIterableGroupByKeyResult} unset): Flink then
   * streams a key's values from its sorted, spilled runs instead of holding them all in memory,
   * which the lake's shard writers and the warehouse writer, one key holding a whole table's
   * rows, rely on at a million listings.
   */
  static final List<String> EMBEDDED_RUNNER =
      List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--fasterCopy=true");

  /** {@code args}, led by {@link #EMBEDDED_RUNNER} when no {@code --runner} is among them. */
  public static List<String> withEmbeddedRunner(List<String> args) {
    boolean named = args.stream().anyMatch(a -> a.equals("--runner") || a.startsWith("--runner="));
    if (named) {
      return args;
    }
    List<String> withRunner = new ArrayList<>();
    for (String option : EMBEDDED_RUNNER) {
      String name = option.substring(0, option.indexOf('='));
      if (args.stream().noneMatch(a -> a.equals(name) || a.startsWith(name + "="))) {
        withRunner.add(option); // an option the user gave (say --flinkMaster) is theirs
      }
    }
    withRunner.addAll(args);
    return withRunner;
  }

  private static @Nullable Path generatedFlinkConf;

  private LocalRunnerDefaults() {}

  /** Sets each Spark default that is not already a system property; harmless for other runners. */
  public static void apply() {
    SPARK.forEach((key, value) -> {
      if (System.getProperty(key) == null) {
        System.setProperty(key, value);
      }
    });
  }

  /**
   * As {@link #apply()}, and for an embedded Flink run without {@code --flinkConfDir}, points it at
   * a generated folder whose {@code flink-conf.yaml} binds every endpoint to 127.0.0.1.
   */
  public static void apply(PipelineOptions options) {
    apply();
    if (!options.getRunner().getSimpleName().equals("FlinkRunner")) {
      return;
    }
    FlinkConf flink = options.as(FlinkConf.class);
    if (flink.getFlinkConfDir() == null && EMBEDDED_FLINK.contains(flink.getFlinkMaster())) {
      flink.setFlinkConfDir(loopbackFlinkConf().toString());
    }
  }

  private static synchronized Path loopbackFlinkConf() {
    if (generatedFlinkConf == null) {
      try {
        Path dir = Files.createTempDirectory("souk-flink-conf");
        Path file = dir.resolve("flink-conf.yaml");
        Files.writeString(file, FLINK.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + ": " + e.getValue() + "\n").collect(Collectors.joining()), StandardCharsets.UTF_8);
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        generatedFlinkConf = dir;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the loopback Flink configuration to a temporary folder", e);
      }
    }
    return generatedFlinkConf;
  }
}
