package dev.souk.benchmarks.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command as a separate process and measures it: wall time, CPU time (user + system, the
 * figure least moved by other processes on a shared machine) and peak resident memory.
 *
 * <p>Peak RSS is the larger of two readings: every 100 ms the sum of {@code VmRSS} over the
 * process and its descendants (a runner that forks workers is counted whole), and the largest
 * {@code VmHWM} (the kernel's own high-water mark, which a 100 ms poll cannot miss) any one of them
 * reported. With GNU time installed the command runs under {@code /usr/bin/time}, whose exact CPU
 * times and maximum RSS are used; without it CPU time is the last poll of {@code /proc/<pid>/stat}.
 *
 * <p>A run longer than the timeout is killed, with its descendants, and reported as timed out.
 */
final class ProcessMeter {
  private static final Path GNU_TIME = Path.of("/usr/bin/time");
  private static final long POLL_MILLIS = 100;
  private static final double CLOCK_TICKS = 100.0;

  /** What one run cost. {@code exitCode} is -1 after a timeout. */
  record Measured(boolean timedOut, int exitCode, double wallSeconds, double cpuSeconds, long peakRssBytes, Path log) {
    double peakRssMb() {
      return peakRssBytes / (1024.0 * 1024.0);
    }
  }

  private ProcessMeter() {}

  /** Runs {@code command} in {@code dir}, stdout and stderr to {@code log}, for at most {@code timeoutSeconds}. */
  static Measured run(List<String> command, Path dir, Path log, long timeoutSeconds) throws IOException, InterruptedException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Path timeFile = log.resolveSibling(log.getFileName() + ".time");
    Files.deleteIfExists(timeFile);
    List<String> full = new ArrayList<>();
    boolean gnuTime = Files.isExecutable(GNU_TIME);
    if (gnuTime) {
      full.addAll(List.of(GNU_TIME.toString(), "-f", "%e %U %S %M", "-o", timeFile.toString()));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    long started = System.nanoTime();
    Process process = pb.start();
    long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long peakTreeRss = 0;
    Map<Long, Long> hwm = new HashMap<>();
    Map<Long, Double> cpu = new HashMap<>();
    boolean timedOut = false;
    while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      long tree = 0;
      List<ProcessHandle> handles = new ArrayList<>();
      handles.add(process.toHandle());
      process.toHandle().descendants().forEach(handles::add);
      for (ProcessHandle h : handles) {
        long[] mem = memory(h.pid());
        if (mem != null) {
          tree += mem[0];
          hwm.merge(h.pid(), mem[1], Math::max);
        }
        double seconds = cpuSeconds(h.pid());
        if (seconds >= 0) {
          cpu.put(h.pid(), seconds);
        }
      }
      peakTreeRss = Math.max(peakTreeRss, tree);
      if (System.nanoTime() > deadline) {
        timedOut = true;
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        break;
      }
    }
    double wall = (System.nanoTime() - started) / 1e9;
    long peak = Math.max(peakTreeRss, hwm.values().stream().mapToLong(Long::longValue).max().orElse(0));
    double cpuSeconds = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
    if (gnuTime && !timedOut && Files.isRegularFile(timeFile)) {
      // The last line: GNU time writes "Command exited with non-zero status N" before it on failure.
      List<String> lines = Files.readAllLines(timeFile, StandardCharsets.UTF_8);
      String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
      if (f.length == 4) {
        cpuSeconds = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
        peak = Math.max(peak, Long.parseLong(f[3]) * 1024);
      }
    }
    return new Measured(timedOut, timedOut ? -1 : process.exitValue(), wall, cpuSeconds, peak, log);
  }

  /** {VmRSS, VmHWM} of a process in bytes, or null when it is gone. */
  private static long[] memory(long pid) {
    try {
      long rss = 0;
      long hwm = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line) * 1024;
        } else if (line.startsWith("VmHWM:")) {
          hwm = kilobytes(line) * 1024;
        }
      }
      return new long[] {rss, hwm};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long kilobytes(String statusLine) {
    return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
  }

  /** utime + stime of a process (and its waited-for children) in seconds, or -1 when it is gone. */
  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return ticks / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
