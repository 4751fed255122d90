package dev.souk.pipelines.lake;

import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * When the graph reads what earlier runs stored: once (a batch run), or at every tick of a
 * continuous crawl, each tick in a window of its own (see {@code CrawlTicks}).
 */
public final class Rounds {
  private final @Nullable PCollection<Instant> ticks;

  private Rounds(@Nullable PCollection<Instant> ticks) {
    this.ticks = ticks;
  }

  /** A batch run: one round, the whole run. */
  public static Rounds once() {
    return new Rounds(null);
  }

  /** A continuous crawl: a round per tick. */
  public static Rounds eachTick(PCollection<Instant> ticks) {
    return new Rounds(ticks);
  }

  public boolean continuous() {
    return ticks != null;
  }

  /** The ticks of a continuous crawl. */
  public PCollection<Instant> ticks() {
    if (ticks == null) {
      throw new IllegalStateException("a batch run has no ticks");
    }
    return ticks;
  }
}
