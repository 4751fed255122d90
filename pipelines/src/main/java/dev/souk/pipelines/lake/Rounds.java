package dev.souk.pipelines.lake;

import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * The rounds of a job, each one tick: a batch run is one round (its tick in the global window),
 * a continuous crawl a round per tick, each tick in a window of its own (see {@code CrawlTicks}).
 * Every lake commit belongs to a round and is marked with it, which is what lets a rerun resume
 * a killed run's round and skip what it had committed.
 */
public final class Rounds {
  private final PCollection<Instant> ticks;
  private final boolean continuous;

  private Rounds(PCollection<Instant> ticks, boolean continuous) {
    this.ticks = ticks;
    this.continuous = continuous;
  }

  /** A batch run: one round, the whole run, with the given tick. */
  public static Rounds once(PCollection<Instant> tick) {
    return new Rounds(tick, false);
  }

  /** A continuous crawl: a round per tick. */
  public static Rounds eachTick(PCollection<Instant> ticks) {
    return new Rounds(ticks, true);
  }

  public boolean continuous() {
    return continuous;
  }

  /** The rounds' ticks: one for a batch run. */
  public PCollection<Instant> ticks() {
    return ticks;
  }
}
