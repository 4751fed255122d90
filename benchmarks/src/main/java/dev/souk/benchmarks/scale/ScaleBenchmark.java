package dev.souk.benchmarks.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scale benchmark, one command: for each N, generate N payload lines ({@link ScalePayloads},
 * cached by N and seed), load them with the plain baseline ({@link BaselineLoad}) and with the main
 * job (the bundled jar, a separate process), each measured by {@link ProcessMeter}; then add 1 %
 * new listings and run the job again over the same output. The job's counts are checked against
 * what was generated (run report and table totals), so a broken run cannot pass as a fast one.
 *
 * <pre>
 * benchmarks/scale.sh [--runner=default|direct|flink|spark] [--timeout=SECONDS] [--seed=42]
 *     [--rerun-input=all|delta] [--parts=4] [--jvm-opts='-Xmx3g'] [--skip-baseline] N...
 * </pre>
 *
 * Results: a Markdown table on stdout and in {@code benchmarks/target/scale-results.md}, every
 * measurement in {@code benchmarks/target/scale-results.json} (both rewritten after each N).
 */
public final class ScaleBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TABLE_ROWS = Pattern.compile("^\\s+([a-z_]+(?:\\.[a-z_]+)?)\\s+(\\d+) rows", Pattern.MULTILINE);
  private static final Map<String, String> RUNNER_ARGS = Map.of(
      "direct", "runner-configs/direct-local.args",
      "flink", "runner-configs/local.args",
      "spark", "runner-configs/spark-local.args");

  private final Path root;
  private final Path work;
  private final Path jobJar;
  private final Path benchmarksJar;
  private final long seed;
  private final String runner;
  private final long timeoutSeconds;
  private final String rerunInput;
  private final int parts;
  private final List<String> jvmOpts;
  private final boolean skipBaseline;
  private final Path results;

  private ScaleBenchmark(Map<String, String> o) {
    root = Path.of(o.getOrDefault("root", ".")).toAbsolutePath().normalize();
    work = root.resolve(o.getOrDefault("work", "benchmarks/target/scale"));
    jobJar = root.resolve(o.getOrDefault("jar", "pipelines/target/souk-pipelines-bundled.jar"));
    benchmarksJar = root.resolve(o.getOrDefault("benchmarks-jar", "benchmarks/target/benchmarks.jar"));
    seed = Long.parseLong(o.getOrDefault("seed", "42"));
    runner = o.getOrDefault("runner", "default");
    timeoutSeconds = Long.parseLong(o.getOrDefault("timeout", "3600"));
    rerunInput = o.getOrDefault("rerun-input", "all");
    parts = Integer.parseInt(o.getOrDefault("parts", "4"));
    String opts = o.getOrDefault("jvm-opts", "").strip();
    jvmOpts = opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
    skipBaseline = o.containsKey("skip-baseline");
    results = root.resolve(o.getOrDefault("results", "benchmarks/target/scale-results"));
    if (!runner.equals("default") && !RUNNER_ARGS.containsKey(runner)) {
      throw new IllegalArgumentException("--runner is default, direct, flink or spark, not " + runner);
    }
    if (!rerunInput.equals("all") && !rerunInput.equals("delta")) {
      throw new IllegalArgumentException("--rerun-input is all (the N lines again plus the new ones) or delta (the new ones only)");
    }
    for (Path jar : List.of(jobJar, benchmarksJar)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException(jar + " is missing: build with mvn -B -q -o package -DskipTests");
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = Args.parse(args);
    List<Long> sizes = new ArrayList<>();
    for (String n : o.getOrDefault("", "1000 10000").split(" ")) {
      sizes.add(parseCount(n));
    }
    ScaleBenchmark bench = new ScaleBenchmark(o);
    List<ObjectNode> results = new ArrayList<>();
    boolean allPassed = true;
    for (long n : sizes) {
      ObjectNode result = bench.measure(n);
      results.add(result);
      allPassed &= result.path("problems").isEmpty();
      bench.write(results);
    }
    System.out.println();
    System.out.print(bench.markdown(results));
    if (!allPassed) {
      System.exit(1);
    }
  }

  /** 1000, 10k, 1M. */
  static long parseCount(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    long unit = t.endsWith("k") ? 1_000 : t.endsWith("m") ? 1_000_000 : 1;
    return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
  }

  // ------------------------------------------------------------------ one size

  private ObjectNode measure(long n) throws IOException, InterruptedException {
    ObjectNode result = JSON.createObjectNode();
    ArrayNode problems = JSON.createArrayNode();
    result.put("n", n);
    result.put("runner", runner);
    result.put("seed", seed);
    result.put("rerun_input", rerunInput);
    result.put("jvm_opts", String.join(" ", jvmOpts));
    log("N = %d, runner %s", n, runner);

    // 1. Input, cached by N and seed.
    Path input = work.resolve(String.format(Locale.ROOT, "input/n%d-s%d", n, seed));
    long delta = Math.max(1, n / 100);
    ScalePayloads.Summary base = ScalePayloads.readSummary(input, "base");
    ScalePayloads.Summary added = ScalePayloads.readSummary(input, "delta");
    if (base == null || added == null || base.lines() != n || base.files().size() != Math.min(parts, n)) {
      deleteTree(input);
      long started = System.nanoTime();
      ScalePayloads generator = new ScalePayloads(root.resolve("testdata/records"), seed);
      base = generator.write(input, new ScalePayloads.Spec(n, 0, (int) Math.min(parts, n), "base", 0.10, 0.7,
          LocalDate.of(2025, 10, 1), 60));
      // New listings only, numbered after every listing the base set can hold, scraped the next day.
      added = generator.write(input, new ScalePayloads.Spec(delta, n, 1, "delta", 0, 0,
          LocalDate.of(2025, 11, 30), 1));
      result.put("generate_seconds", (System.nanoTime() - started) / 1e9);
      log("generated %d + %d lines (%.1f MB) in %.1f s", n, delta, (base.bytes() + added.bytes()) / 1e6,
          result.get("generate_seconds").asDouble());
    } else {
      log("input cached in %s", input);
    }
    ObjectNode in = result.putObject("input");
    in.put("dir", input.toString());
    in.put("lines", base.lines());
    in.put("listings", base.newListings());
    in.put("rescrapes_changed_price", base.rescrapesChanged());
    in.put("rescrapes_unchanged", base.rescrapesUnchanged());
    in.put("bytes", base.bytes());
    in.put("delta_lines", added.lines());

    Path runs = work.resolve(String.format(Locale.ROOT, "runs/n%d-%s", n, runner));
    String basePattern = input.resolve("base-*.jsonl").toString();

    // 2. Baseline.
    if (!skipBaseline) {
      Path out = runs.resolve("baseline");
      deleteTree(out);
      List<String> cmd = java();
      cmd.addAll(List.of("-cp", jobJar + ":" + benchmarksJar, BaselineLoad.class.getName(),
          "--input=" + basePattern, "--outputDir=" + out));
      ProcessMeter.Measured m = ProcessMeter.run(cmd, root, runs.resolve("baseline.log"), timeoutSeconds);
      ObjectNode b = measured(result.putObject("baseline"), m, n);
      Path report = out.resolve("baseline-report.json");
      if (!m.timedOut() && m.exitCode() == 0 && Files.isRegularFile(report)) {
        JsonNode r = JSON.readTree(report.toFile());
        b.set("report", r);
        b.put("parquet_mb", r.get("parquet_bytes").asLong() / 1e6);
        b.put("duckdb_mb", r.get("duckdb_bytes").asLong() / 1e6);
        expect(problems, "baseline rows", r.get("rows").asLong(), n);
      } else {
        problems.add("baseline " + (m.timedOut() ? "timed out" : "failed (exit " + m.exitCode() + ", see " + m.log() + ")"));
      }
      log("baseline: %s", describe(m));
    }

    // 3. The job on an empty output.
    Path out = runs.resolve("job");
    deleteTree(out);
    ProcessMeter.Measured first = runJob(basePattern, out, runs.resolve("job-first.log"));
    ObjectNode f = measured(result.putObject("job"), first, n);
    log("job: %s", describe(first));
    long silverAfterFirst = -1;
    if (ok(first, problems, "job")) {
      JsonNode report = JSON.readTree(out.resolve("run-report.json").toFile());
      JsonNode totals = report.get("totals");
      Map<String, Long> tables = tables(first.log());
      f.set("totals", totals);
      f.set("tables", JSON.valueToTree(tables));
      sizes(f, out);
      expect(problems, "job raw listings", totals.get("raw_listings").asLong(), n);
      expect(problems, "job failures", totals.get("failures").asLong(), 0);
      expect(problems, "job listings normalised", totals.get("silver_candidates").asLong(), n);
      long written = totals.get("silver_rows_written").asLong();
      if (written < base.newListings() || written > base.newListings() + base.rescrapesChanged()) {
        problems.add("job silver versions: " + written + ", expected " + base.newListings() + " to "
            + (base.newListings() + base.rescrapesChanged()) + " (listings + re-scrapes with a new price)");
      }
      expect(problems, "bronze.raw_listings rows", tables.get("bronze.raw_listings"), n);
      expect(problems, "silver.property_listings rows", tables.get("silver.property_listings"), written);
      expect(problems, "fact_property_listing rows", tables.get("fact_property_listing"), written);
      expect(problems, "dim_listing_url rows", tables.get("dim_listing_url"), base.newListings());
      silverAfterFirst = tables.getOrDefault("silver.property_listings", -1L);
    }

    // 4. 1 % new listings, over the same output.
    if (!first.timedOut() && first.exitCode() == 0) {
      String pattern = input.resolve(rerunInput.equals("all") ? "*.jsonl" : "delta-*.jsonl").toString();
      ProcessMeter.Measured rerun = runJob(pattern, out, runs.resolve("job-rerun.log"));
      ObjectNode r = measured(result.putObject("rerun"), rerun, delta);
      r.put("input", pattern);
      log("rerun with %d new listings: %s", delta, describe(rerun));
      if (ok(rerun, problems, "rerun")) {
        JsonNode totals = JSON.readTree(out.resolve("run-report.json").toFile()).get("totals");
        Map<String, Long> tables = tables(rerun.log());
        r.set("totals", totals);
        r.set("tables", JSON.valueToTree(tables));
        sizes(r, out);
        expect(problems, "rerun failures", totals.get("failures").asLong(), 0);
        expect(problems, "rerun raw listings read for silver", totals.get("silver_inputs").asLong(), delta);
        expect(problems, "rerun silver versions", totals.get("silver_rows_written").asLong(), delta);
        expect(problems, "rerun bronze.raw_listings rows", tables.get("bronze.raw_listings"), n + delta);
        if (silverAfterFirst >= 0) {
          expect(problems, "rerun silver.property_listings rows", tables.get("silver.property_listings"), silverAfterFirst + delta);
        }
        expect(problems, "rerun fact_property_listing rows", tables.get("fact_property_listing"),
            tables.getOrDefault("silver.property_listings", -1L));
        expect(problems, "rerun dim_listing_url rows", tables.get("dim_listing_url"), base.newListings() + delta);
        r.put("vs_first", rerun.wallSeconds() / first.wallSeconds());
        r.put("cpu_vs_first", rerun.cpuSeconds() / Math.max(1e-9, first.cpuSeconds()));
      }
    }
    if (result.has("baseline") && !first.timedOut()) {
      result.put("job_vs_baseline", first.wallSeconds() / result.get("baseline").get("wall_seconds").asDouble());
    }
    result.set("problems", problems);
    problems.forEach(p -> log("CHECK FAILED: %s", p.asText()));
    return result;
  }

  private ProcessMeter.Measured runJob(String pattern, Path out, Path log) throws IOException, InterruptedException {
    List<String> cmd = java();
    cmd.addAll(List.of("-jar", jobJar.toString()));
    if (RUNNER_ARGS.containsKey(runner)) {
      cmd.add("@" + root.resolve(RUNNER_ARGS.get(runner)));
    }
    cmd.addAll(List.of("--source=none", "--originalPayloads=" + pattern, "--outputDir=" + out));
    return ProcessMeter.run(cmd, root, log, timeoutSeconds);
  }

  private List<String> java() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOpts);
    return cmd;
  }

  private static boolean ok(ProcessMeter.Measured m, ArrayNode problems, String what) {
    if (m.timedOut()) {
      problems.add(what + " timed out");
      return false;
    }
    if (m.exitCode() != 0) {
      problems.add(what + " failed with exit " + m.exitCode() + ", see " + m.log());
      return false;
    }
    return true;
  }

  private static void expect(ArrayNode problems, String what, Long actual, long expected) {
    if (actual == null || actual != expected) {
      problems.add(what + ": " + actual + ", expected " + expected);
    }
  }

  private static ObjectNode measured(ObjectNode into, ProcessMeter.Measured m, long records) {
    into.put("timed_out", m.timedOut());
    into.put("exit_code", m.exitCode());
    into.put("wall_seconds", m.wallSeconds());
    into.put("cpu_seconds", m.cpuSeconds());
    into.put("records_per_second", records / m.wallSeconds());
    into.put("peak_rss_mb", m.peakRssMb());
    into.put("log", m.log().toString());
    return into;
  }

  private static String describe(ProcessMeter.Measured m) {
    return String.format(Locale.ROOT, "%s, wall %.1f s, cpu %.1f s, peak RSS %.0f MB",
        m.timedOut() ? "TIMEOUT" : "exit " + m.exitCode(), m.wallSeconds(), m.cpuSeconds(), m.peakRssMb());
  }

  /** The table totals the job prints ("  silver.property_listings   956 rows ..."). */
  static Map<String, Long> tables(Path log) throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    Matcher m = TABLE_ROWS.matcher(Files.readString(log, StandardCharsets.UTF_8));
    while (m.find()) {
      out.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return out;
  }

  private static void sizes(ObjectNode into, Path out) throws IOException {
    into.put("lake_mb", size(out.resolve("lake")) / 1e6);
    long duck = size(out.resolve("souk.duckdb")) + size(out.resolve("souk.duckdb.wal"));
    into.put("duckdb_mb", duck / 1e6);
  }

  /** Bytes of a file or of every file under a folder; 0 when absent. */
  static long size(Path p) throws IOException {
    if (!Files.exists(p)) {
      return 0;
    }
    if (Files.isRegularFile(p)) {
      return Files.size(p);
    }
    try (Stream<Path> files = Files.walk(p)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  // ------------------------------------------------------------------ reporting

  private void write(List<ObjectNode> results) throws IOException {
    Files.createDirectories(this.results.getParent());
    ObjectNode doc = JSON.createObjectNode();
    doc.put("measured", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    doc.put("cores", Runtime.getRuntime().availableProcessors());
    doc.put("java", System.getProperty("java.version"));
    doc.put("load_average", loadAverage());
    doc.set("results", JSON.valueToTree(results));
    JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(this.results + ".json").toFile(), doc);
    Files.writeString(Path.of(this.results + ".md"), markdown(results), StandardCharsets.UTF_8);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  String markdown(List<ObjectNode> results) {
    StringBuilder s = new StringBuilder();
    s.append("| N | runner | wall s | records/s | cpu s | peak RSS MB | lake MB | duckdb MB | baseline wall s | baseline RSS MB "
        + "| job / baseline | rerun +1 % wall s | rerun / first | checks |\n");
    s.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (ObjectNode r : results) {
      JsonNode job = r.path("job");
      JsonNode base = r.path("baseline");
      JsonNode rerun = r.path("rerun");
      boolean jobOk = job.path("exit_code").asInt(-1) == 0;
      s.append("| ").append(r.get("n").asLong())
          .append(" | ").append(r.get("runner").asText())
          .append(" | ").append(job.path("timed_out").asBoolean() ? "timeout" : jobOk ? f1(job.path("wall_seconds")) : "failed")
          .append(" | ").append(jobOk ? f0(job.path("records_per_second")) : "–")
          .append(" | ").append(jobOk ? f0(job.path("cpu_seconds")) : "–")
          .append(" | ").append(f0(job.path("peak_rss_mb")))
          .append(" | ").append(f1(job.path("lake_mb")))
          .append(" | ").append(f1(job.path("duckdb_mb")))
          .append(" | ").append(base.isMissingNode() ? "–" : base.path("timed_out").asBoolean() ? "timeout" : f1(base.path("wall_seconds")))
          .append(" | ").append(f0(base.path("peak_rss_mb")))
          .append(" | ").append(r.has("job_vs_baseline") ? String.format(Locale.ROOT, "%.1f", r.get("job_vs_baseline").asDouble()) : "–")
          .append(" | ").append(rerun.isMissingNode() ? "–" : rerun.path("timed_out").asBoolean() ? "timeout" : f1(rerun.path("wall_seconds")))
          .append(" | ").append(rerun.has("vs_first") ? String.format(Locale.ROOT, "%.2f", rerun.get("vs_first").asDouble()) : "–")
          .append(" | ").append(r.path("problems").isEmpty() ? "ok" : r.path("problems").size() + " failed")
          .append(" |\n");
    }
    for (ObjectNode r : results) {
      for (JsonNode p : r.path("problems")) {
        s.append("\nN = ").append(r.get("n").asLong()).append(": ").append(p.asText());
      }
    }
    return s.append('\n').toString();
  }

  private static String f1(JsonNode v) {
    return v.isNumber() ? String.format(Locale.ROOT, "%.1f", v.asDouble()) : "–";
  }

  private static String f0(JsonNode v) {
    return v.isNumber() ? String.format(Locale.ROOT, "%.0f", v.asDouble()) : "–";
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[scale %tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
  }
}
