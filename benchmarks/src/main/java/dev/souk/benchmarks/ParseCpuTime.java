package dev.souk.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * {@link ParseNormaliseBenchmark}'s three operations timed by the benchmark thread's own CPU
 * time rather than the wall clock: on a machine shared with other builds the wall clock counts
 * the time other processes hold the cores (and a starved JIT warms up for minutes), the thread's
 * CPU time does not. Not JMH: the three operations run interleaved in one JVM, 8 rounds each,
 * and the best of the last 6 rounds counts. Read the ratios, as with the JMH benchmark.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.souk.benchmarks.ParseCpuTime [cpu-seconds-per-operation] [site,...]</pre>
 */
public final class ParseCpuTime {
  private static final int ROUNDS = 8;
  private static final int COUNTED_FROM = 2;
  private static final int BATCH = 20;
  // Results are folded in here so the JIT cannot drop the work.
  private static volatile int sink;

  private ParseCpuTime() {}

  public static void main(String[] args) throws Exception {
    if (!ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported()) {
      throw new IllegalStateException("This JVM cannot measure thread CPU time");
    }
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 8;
    List<String> sites = args.length > 1 ? List.of(args[1].split(","))
        : List.of("avito", "mubawab", "mobilemasr", "noon", "dubizzle");
    System.out.println("| site | jsoupParse | adapterParse | parseAndNormalise | parse+normalise / jsoup |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (String site : sites) {
      double[] nanosPerPage = measure(site, seconds);
      System.out.printf("| %s | %.0f | %.0f | %.0f | %.2f |%n", site, 1e9 / nanosPerPage[0], 1e9 / nanosPerPage[1],
          1e9 / nanosPerPage[2], nanosPerPage[0] / nanosPerPage[2]);
    }
  }

  /** CPU nanoseconds per page of jsoupParse, adapterParse and parseAndNormalise. */
  private static double[] measure(String site, double seconds) throws Exception {
    ParseNormaliseBenchmark b = new ParseNormaliseBenchmark();
    b.site = site;
    b.loadPages();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long budget = (long) (seconds * 1e9 / ROUNDS);
    double[] best = new double[3];
    Arrays.fill(best, Double.MAX_VALUE);
    for (int round = 0; round < ROUNDS; round++) {
      for (int op = 0; op < 3; op++) {
        long start = cpu.getCurrentThreadCpuTime();
        long pages = 0;
        while (cpu.getCurrentThreadCpuTime() - start < budget) {
          for (int i = 0; i < BATCH; i++) {
            sink += System.identityHashCode(run(b, op));
          }
          pages += BATCH;
        }
        double perPage = (cpu.getCurrentThreadCpuTime() - start) / (double) pages;
        if (round >= COUNTED_FROM) {
          best[op] = Math.min(best[op], perPage);
        }
      }
    }
    return best;
  }

  private static Object run(ParseNormaliseBenchmark b, int op) throws Exception {
    return switch (op) {
      case 0 -> b.jsoupParse();
      case 1 -> b.adapterParse();
      default -> b.parseAndNormalise();
    };
  }
}
