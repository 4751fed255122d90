package dev.souk.pipelines.crash;

import dev.souk.io.FaultPoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The main job as a separate JVM ({@code SoukMain} on this test's classpath), on the bundled
 * sample with the DirectRunner, optionally stopped at a {@link FaultPoints fault point} and killed
 * there with SIGKILL ({@link Process#destroyForcibly} on Unix): no shutdown hook, no finally block
 * runs, exactly like {@code kill -9}.
 */
final class JobProcess {
  /** A safety net against a hung child, not a timing assertion: a run takes well under a minute. */
  private static final long MAX_MINUTES = 15;

  record Ended(int exitCode, String stdout, String stderr) {}

  private JobProcess() {}

  /** Runs the job to its end. */
  static Ended run(Path outputDir, String... extraArgs) throws IOException, InterruptedException {
    Process process = start(outputDir, null, extraArgs);
    // Read stderr to its end first: a child blocked on a full pipe would never exit.
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(MAX_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the run did not end within " + MAX_MINUTES + " minutes");
    }
    return new Ended(process.exitValue(), "", err);
  }

  /** Runs the job until it reaches {@code faultPoint}, then kills it with SIGKILL. */
  static void killAt(Path outputDir, String faultPoint) throws IOException, InterruptedException {
    Process process = start(outputDir, faultPoint);
    Ended ended = waitForPointAndKill(process, faultPoint);
    if (!ended.stderr().contains(FaultPoints.ANNOUNCEMENT + faultPoint)) {
      throw new AssertionError("the run never reached fault point " + faultPoint + " (exit " + ended.exitCode()
          + "):\n" + tail(ended.stderr()));
    }
  }

  /** Starts a run that will hang at {@code faultPoint}; the caller kills it with {@link #kill}. */
  static Process startHeldAt(Path outputDir, String faultPoint) throws IOException {
    return start(outputDir, faultPoint);
  }

  /** Blocks until the held process announces its fault point. */
  static void awaitPoint(Process process, String faultPoint) throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = err.readLine()) != null) {
      if (line.contains(FaultPoints.ANNOUNCEMENT + faultPoint)) {
        drain(err);
        return;
      }
    }
    throw new AssertionError("the run ended without reaching fault point " + faultPoint);
  }

  static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(MAX_MINUTES, TimeUnit.MINUTES);
  }

  private static Ended waitForPointAndKill(Process process, String faultPoint) throws IOException, InterruptedException {
    StringBuilder err = new StringBuilder();
    BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      err.append(line).append('\n');
      if (line.contains(FaultPoints.ANNOUNCEMENT + faultPoint)) {
        process.destroyForcibly();
        break;
      }
    }
    process.waitFor(MAX_MINUTES, TimeUnit.MINUTES);
    return new Ended(process.exitValue(), "", err.toString());
  }

  private static Process start(Path outputDir, @Nullable String faultPoint, String... extraArgs) throws IOException {
    Files.createDirectories(outputDir.getParent());
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    if (faultPoint != null) {
      command.add("-D" + FaultPoints.PROPERTY + "=" + faultPoint);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.souk.pipelines.SoukMain",
        "--runner=DirectRunner", "--outputDir=" + outputDir, "--maxListPages=50",
        "--enforceImmutability=false", "--enforceEncodability=false"));
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  /** Keeps reading a held process's stderr so its pipe never fills and blocks it. */
  private static void drain(BufferedReader err) {
    CompletableFuture.runAsync(() -> {
      try {
        while (err.readLine() != null) {
          // discard
        }
      } catch (IOException closed) {
        // the process was killed
      }
    });
  }

  static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
