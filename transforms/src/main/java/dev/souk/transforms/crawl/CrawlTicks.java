package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The clock of a continuous crawl inside one streaming job: one element per crawl round (a tick),
 * now and every period after, each in a window of its own, so every grouping downstream (one fetch
 * per listing, latest version per listing, one warehouse writer) fires once per round, as soon as
 * the round's work is done.
 *
 * <p>Why an unbounded source and not {@code PeriodicImpulse}: a window closes when the watermark
 * passes its end. This source's watermark follows the wall clock between ticks, so a round's
 * one-second window closes right after its work, on every runner. {@code PeriodicImpulse} moves its
 * watermark only when it emits (a round would land one period late), and on the FlinkRunner (Beam
 * 2.70) not at all until it ends.
 *
 * <p>A job restored after an outage does not crawl every round it missed: it crawls the latest
 * round due and goes on from there.
 */
public final class CrawlTicks extends PTransform<PBegin, PCollection<Instant>> {
  /** Window of one round: ticks are at least this far apart, and a round's window closes this soon. */
  static final Duration ROUND_WINDOW = Duration.standardSeconds(1);

  private final Duration period;
  private final long rounds;

  private CrawlTicks(Duration period, long rounds) {
    this.period = period;
    this.rounds = rounds;
  }

  /** A tick now and every {@code period} after, until the job is stopped. */
  public static CrawlTicks every(Duration period) {
    checkArgument(period != null && !period.isShorterThan(ROUND_WINDOW),
        "a crawl period must be at least %s, was %s", ROUND_WINDOW, period);
    return new CrawlTicks(period, Long.MAX_VALUE);
  }

  /** Stops after {@code rounds} ticks; the input then ends and a streaming job finishes (tests, backfills). */
  public CrawlTicks withRounds(int rounds) {
    checkArgument(rounds >= 1, "crawl rounds must be at least 1, was %s", rounds);
    return new CrawlTicks(period, rounds);
  }

  @Override
  public PCollection<Instant> expand(PBegin begin) {
    Schedule schedule = new Schedule(Instant.now().getMillis(), period.getMillis(), rounds);
    return begin
        .apply("Ticks", Read.from(new TickSource(schedule)))
        .apply("WindowPerRound", Window.into(FixedWindows.of(ROUND_WINDOW)));
  }

  @Override
  public String toString() {
    return "CrawlTicks{every " + period + (rounds == Long.MAX_VALUE ? "" : ", " + rounds + " rounds") + "}";
  }

  /** When rounds are due, as pure functions of the wall clock (epoch millis). */
  record Schedule(long startMillis, long periodMillis, long rounds) implements Serializable {

    /** The round to emit at {@code now} given the next one not yet emitted, or -1: the latest due, skipping missed ones. */
    long roundToEmit(long nowMillis, long nextRound) {
      if (nextRound >= rounds || nowMillis < dueAt(nextRound)) {
        return -1;
      }
      long latestDue = (nowMillis - startMillis) / periodMillis;
      return Math.min(latestDue, rounds - 1);
    }

    long dueAt(long round) {
      return startMillis + round * periodMillis;
    }

    /** No tick before the next one's due time, nor before now; none at all after the last round. */
    Instant watermark(long nowMillis, long nextRound) {
      if (nextRound >= rounds) {
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      return new Instant(Math.min(nowMillis, dueAt(nextRound)));
    }
  }

  /** The next round not yet emitted: all a restored reader needs. */
  record Mark(long nextRound) implements UnboundedSource.CheckpointMark, Serializable {
    @Override
    public void finalizeCheckpoint() {}
  }

  private static final class TickSource extends UnboundedSource<Instant, Mark> {
    private final Schedule schedule;

    TickSource(Schedule schedule) {
      this.schedule = schedule;
    }

    @Override
    public List<TickSource> split(int desiredNumSplits, PipelineOptions options) {
      return List.of(this); // one clock
    }

    @Override
    public UnboundedReader<Instant> createReader(PipelineOptions options, @Nullable Mark mark) {
      return new TickReader(this, mark == null ? 0 : mark.nextRound());
    }

    @Override
    public Coder<Mark> getCheckpointMarkCoder() {
      return SerializableCoder.of(Mark.class);
    }

    @Override
    public Coder<Instant> getOutputCoder() {
      return InstantCoder.of();
    }
  }

  private static final class TickReader extends UnboundedSource.UnboundedReader<Instant> {
    private final TickSource source;
    private long nextRound;
    private @Nullable Instant current;

    TickReader(TickSource source, long nextRound) {
      this.source = source;
      this.nextRound = nextRound;
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      long round = source.schedule.roundToEmit(System.currentTimeMillis(), nextRound);
      if (round < 0) {
        return false;
      }
      current = new Instant(source.schedule.dueAt(round));
      nextRound = round + 1;
      return true;
    }

    @Override
    public Instant getCurrent() {
      if (current == null) {
        throw new NoSuchElementException("no tick yet");
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      return getCurrent();
    }

    @Override
    public Instant getWatermark() {
      return source.schedule.watermark(System.currentTimeMillis(), nextRound);
    }

    @Override
    public Mark getCheckpointMark() {
      return new Mark(nextRound);
    }

    @Override
    public UnboundedSource<Instant, ?> getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
