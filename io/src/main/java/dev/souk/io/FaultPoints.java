package dev.souk.io;

import java.io.PrintStream;

/**
 * Named points in a run where a crash test can stop the job, like the fail points of databases
 * (CockroachDB's testing knobs, TiKV's fail points): with the system property {@code
 * souk.faultPoint} naming a point, the process announces it on stderr and then hangs there, so
 * the test that started it as a separate process can SIGKILL it at exactly that moment. Unset
 * (every real run), a point costs one property lookup.
 *
 * <p>Points: {@code before-commit} (every lake commit), {@code before-commit:<table>} and {@code after-commit:<table>} around each lake
 * commit, {@code after-upsert:<table>} after a warehouse table took its first batch.
 */
public final class FaultPoints {
  /** The system property that names the point to stop at. */
  public static final String PROPERTY = "souk.faultPoint";

  /** What a stopped process prints on stderr before it hangs. */
  public static final String ANNOUNCEMENT = "souk: fault point reached: ";

  private FaultPoints() {}

  /** Hangs forever if {@code point} is the one this process was asked to stop at; else returns at once. */
  public static void reach(String point) {
    if (!point.equals(System.getProperty(PROPERTY))) {
      return;
    }
    PrintStream err = System.err;
    err.println(ANNOUNCEMENT + point);
    err.flush();
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // Keep hanging: only the test's SIGKILL ends this process.
      }
    }
  }
}
