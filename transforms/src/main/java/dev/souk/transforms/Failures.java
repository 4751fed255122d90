package dev.souk.transforms;

import dev.souk.model.FailureRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The failure side of every step: one tag type, one record shape, one counter per step and site,
 * so the dead-letter table and the run summary agree on what failed.
 */
public final class Failures {
  /** Tag of the failure output of each multi-output ParDo. */
  public static final TupleTag<FailureRecord> TAG = new TupleTag<FailureRecord>("failures") {};

  private Failures() {}

  /**
   * A failure record, counted under {@code souk.<site>/<step>_failures} and, for the summary's
   * breakdown, {@code souk.<site>/failed:<step>:<reason>}.
   */
  public static FailureRecord record(
      String step,
      @Nullable String site,
      @Nullable String url,
      String reason,
      String message,
      @Nullable String payload) {
    counter(site, step + "_failures").inc();
    counter(site, "failed:" + step + ":" + reason).inc();
    return FailureRecord.create(
        step, site, url, reason, message, payload == null ? "" : payload, Instant.now());
  }

  /** Counters live under the namespace {@code souk.<site>} (or {@code souk} without a site). */
  public static Counter counter(@Nullable String site, String name) {
    return Metrics.counter(site == null ? "souk" : "souk." + site, name);
  }

  /**
   * For the catch-all of a per-record step, which catches {@link Throwable} so that one record's
   * StackOverflowError or OutOfMemoryError (a regex on a 20 MB field, say) becomes its failure
   * row and the other records go on: returns {@code t}, or rethrows it when it says the JVM itself
   * is broken ({@link InternalError}, {@link UnknownError}), which no record can be blamed for.
   */
  public static Throwable containable(Throwable t) {
    if (t instanceof InternalError || t instanceof UnknownError) {
      throw (Error) t;
    }
    return t;
  }

  /** A message for an unexpected exception: its type and text, never an empty string. */
  public static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
