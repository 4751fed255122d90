package dev.souk.pipelines;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.souk.io.iceberg.RunLease;
import java.time.Clock;
import java.time.Duration;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.pipelines.quality.GateMode;
import dev.souk.pipelines.quality.QualityCheck;
import dev.souk.pipelines.quality.QualityGateFailedException;
import dev.souk.pipelines.quality.QualityGates;
import dev.souk.pipelines.quality.QualityOutcome;
import dev.souk.pipelines.quality.QualityTable;
import org.joda.time.Instant;
import dev.souk.pipelines.sources.ListingSource;
import dev.souk.pipelines.warehouse.WarehouseSink;
import dev.souk.pipelines.warehouse.WarehouseSinks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Entry point of the bundled jar.
 *
 * <pre>
 * java -jar souk-pipelines-bundled.jar [@argfile] [--option=value ...]     run the main job
 * java -jar souk-pipelines-bundled.jar query [--duckdbPath=...] "SELECT …"  query the warehouse
 * </pre>
 *
 * An {@code @file} argument is replaced by the file's lines (blank lines and {@code #} comments
 * skipped), like javac's argument files: {@code runner-configs/} holds ready sets. When an option
 * is given twice, the later one wins, so {@code @file --outputDir=x} overrides the file.
 */
public final class SoukMain {
  private SoukMain() {}

  public static void main(String[] args) throws IOException {
    int status = launch(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the job or the query command; returns the exit status. A bad option or argument is a
   * user error: one line on {@code err} saying what to fix and status 2, not a stack trace.
   */
  static int launch(String[] args, PrintStream out, PrintStream err) throws IOException {
    SoukOptions options;
    SoukSettings settings;
    try {
      List<String> expanded = expandArgFiles(args);
      if (!expanded.isEmpty() && expanded.get(0).equals("query")) {
        query(expanded.subList(1, expanded.size()), out);
        return 0;
      }
      PipelineOptionsFactory.register(SoukOptions.class);
      LocalRunnerDefaults.apply();
      options = parse(LocalRunnerDefaults.withEmbeddedRunner(expanded));
      settings = SoukSettings.from(options);
    } catch (IllegalArgumentException e) {
      err.println("souk: " + e.getMessage().lines().findFirst().orElse("bad arguments"));
      return 2;
    }
    try {
      run(settings, options, out);
    } catch (RunLease.LakeBusyException e) {
      err.println("souk: " + e.getMessage());
      return LAKE_BUSY;
    } catch (QualityGateFailedException e) {
      err.println("souk: " + e.getMessage());
      return QualityGates.EXIT_STATUS;
    }
    return 0;
  }

  /**
   * The options {@code args} give. Beam reports a value of the wrong type without the option's name
   * ("Cannot deserialize value of type `int` from String …"), so that error is given one that has it.
   */
  static SoukOptions parse(List<String> args) {
    try {
      return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(SoukOptions.class);
    } catch (IllegalArgumentException e) {
      if (!(e.getCause() instanceof InvalidFormatException bad)) {
        throw e;
      }
      String value = String.valueOf(bad.getValue());
      String option = args.stream().filter(a -> a.startsWith("--") && a.endsWith("=" + value)).findFirst()
          .map(a -> a.substring(0, a.indexOf('='))).orElse("An option");
      Class<?> type = bad.getTargetType();
      String expected = type == int.class || type == Integer.class || type == long.class || type == Long.class
          ? "a whole number" : type == boolean.class || type == Boolean.class ? "true or false" : "a " + type.getSimpleName();
      throw new IllegalArgumentException(option + " takes " + expected + ", not '" + value + "'", e);
    }
  }

  /** Exit status when another run holds the lake (as sysexits' EX_TEMPFAIL: try again later). */
  static final int LAKE_BUSY = 75;

  /** How long a run's lease on the lake lasts without renewal (renewed every third of it). */
  static final Duration LEASE_TTL = Duration.ofMinutes(10);

  /**
   * Builds, runs and summarises the main job; returns the summary for callers that check it. With
   * {@code --qualityGates=fail}, a failed check throws {@link QualityGateFailedException} once
   * everything is written: lake, warehouse, quality checks and run report.
   */
  public static RunSummary run(SoukOptions options, PrintStream out) {
    // Resolved first: a bad option fails with its message before any table or job is touched.
    return run(SoukSettings.from(options), options, out);
  }

  /** As {@link #run(SoukOptions, PrintStream)}, with the settings already resolved (or extended). */
  public static RunSummary run(SoukSettings settings, SoukOptions options, PrintStream out) {
    LocalRunnerDefaults.apply(options);
    // One run at a time per lake; a run that was cut off is resumed under its own round.
    PipelineResult result;
    String runId;
    try (RunLease lease = RunLease.acquire(settings.lake(), LEASE_TTL, Clock.systemUTC())) {
      Launch.prepare(settings, options);
      Pipeline pipeline = Pipeline.create(options);
      SoukPipeline.build(pipeline, settings, lease.round());
      // A resumed run keeps its round, so its checks replace the ones it may have recorded.
      runId = lease.round().toString();
      out.println("Souk: " + settings.sources().stream().map(ListingSource::describe).collect(Collectors.joining(" + "))
          + settings.schedule().describe() + " with " + options.getRunner().getSimpleName()
          + "; outputs under " + settings.outputDir()
          + (lease.resumed() ? "; resuming the run of round " + lease.round() + ", which was cut off" : ""));
      result = pipeline.run();
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("The job ended in state " + state);
      }
      lease.finish();
    }
    RunSummary summary = RunSummary.of(result);
    QualityOutcome gates;
    try (Warehouse warehouse = settings.warehouse().open()) {
      gates = judge(settings.quality(), summary, runId, warehouse);
      summary.qualityGates(gates);
      summary.print(out, settings, warehouse);
    } finally {
      // The workers of an embedded run share this JVM's database: checkpoint it so the file alone
      // holds every row for whoever reads it next.
      settings.warehouse().finish();
    }
    Path report = settings.outputDir().resolve(RunSummary.REPORT_FILE);
    try {
      summary.writeReport(report);
      out.println("Run report (the counts above, as JSON): " + report);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the run report " + report + ": " + e.getMessage(), e);
    }
    if (gates.failsTheJob()) {
      throw new QualityGateFailedException(gates);
    }
    return summary;
  }

  /**
   * The quality gates' checks of a finished run, recorded in the warehouse (after the previous
   * runs' values are read as the baselines of the row-count checks).
   */
  private static QualityOutcome judge(QualityGates gates, RunSummary summary, String runId, Warehouse warehouse) {
    List<QualityCheck> checks = List.of();
    if (gates.mode() != GateMode.OFF) {
      checks = gates.evaluate(summary, QualityTable.baselines(warehouse, runId));
      QualityTable.record(warehouse, runId, Instant.now(), checks);
    }
    return new QualityOutcome(gates.mode(), runId, gates.thresholdsSource(), checks);
  }

  private static void query(List<String> args, PrintStream out) {
    List<String> optionArgs = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    for (String a : args) {
      if (a.startsWith("--")) {
        optionArgs.add(a);
      } else {
        sql.append(sql.length() == 0 ? "" : " ").append(a);
      }
    }
    if (sql.length() == 0) {
      throw new IllegalArgumentException("query needs an SQL statement, e.g. query \"SELECT * FROM dim_source\"");
    }
    SoukOptions options = PipelineOptionsFactory.fromArgs(optionArgs.toArray(String[]::new)).as(SoukOptions.class);
    WarehouseSink sink = WarehouseSinks.from(options, Path.of(options.getOutputDir()).toAbsolutePath());
    if (!sink.exists()) {
      throw new IllegalArgumentException("No warehouse at " + sink.describe()
          + ": run the job first, or point --outputDir / --duckdbPath at its output");
    }
    try (Warehouse warehouse = sink.open()) {
      List<Map<String, Object>> rows = warehouse.query(sql.toString());
      if (rows.isEmpty()) {
        out.println("(no rows)");
        return;
      }
      out.println(String.join("\t", rows.get(0).keySet()));
      for (Map<String, Object> row : rows) {
        out.println(String.join("\t", row.values().stream().map(String::valueOf).toList()));
      }
    }
  }

  static List<String> expandArgFiles(String[] args) throws IOException {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("@") && a.length() > 1) {
        Path file = Path.of(a.substring(1));
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("Argument file " + file.toAbsolutePath() + " does not exist");
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String t = line.strip();
          if (!t.isEmpty() && !t.startsWith("#")) {
            out.add(t);
          }
        }
      } else {
        out.add(a);
      }
    }
    return lastOptionWins(out);
  }

  /** Drops earlier occurrences of a {@code --name=value} option given again later. */
  private static List<String> lastOptionWins(List<String> args) {
    Map<String, Integer> lastIndex = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String name = optionName(args.get(i));
      if (name != null) {
        lastIndex.put(name, i);
      }
    }
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String name = optionName(args.get(i));
      if (name == null || lastIndex.get(name) == i) {
        kept.add(args.get(i));
      }
    }
    return kept;
  }

  private static @Nullable String optionName(String arg) {
    return arg.startsWith("--") && arg.contains("=") ? arg.substring(2, arg.indexOf('=')) : null;
  }
}
