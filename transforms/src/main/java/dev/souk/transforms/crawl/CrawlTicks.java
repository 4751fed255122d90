package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

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
import org.apache.beam.sdk.transforms.SerializableFunction;
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
 * <p><b>Rounds that wait on the one before.</b> A round reads what earlier rounds stored (the
 * crawl state, the silver versions). With {@link #afterEachRoundStored} the next round is emitted
 * only once the gate says the round before it is stored, e.g. {@code
 * IcebergLake.roundStored(tables)} over the tables the rounds commit with {@code
 * IcebergLake.appendPerRound}: however slow the machine, round N+1 sees round N. Without a gate a
 * round is emitted when due, whatever the previous round got done.
 *
 * <p>Why an unbounded source and not {@code PeriodicImpulse}: a window closes when the watermark
 * passes its end. Once this source has emitted a round, its watermark is the next round's due
 * time (no tick can come before it, and it is at least a window later), so a round's one-second
 * window closes right after its work, on every runner, also while a gate holds the next round.
 * {@code PeriodicImpulse} moves its watermark only when it emits (a round would land one period
 * late), and on the FlinkRunner (Beam 2.70) not at all until it ends.
 *
 * <p>A job restored after an outage does not crawl every round it missed: it crawls the latest
 * round due and goes on from there. A restored job waits on the gate for the last round it
 * emitted; a fresh job (no checkpoint) emits its first round at once.
 *
 * <p>Time comes from a {@link Clock}: the wall clock, or for tests {@link
 * Clock#oneRoundPerStoredRound}, under which each round is due as soon as the one before it is
 * stored, so a test of two rounds takes as long as their work and no period.
 */
public final class CrawlTicks extends PTransform<PBegin, PCollection<Instant>> {
  /** Window of one round: ticks are at least this far apart, and a round's window closes this soon. */
  static final Duration ROUND_WINDOW = Duration.standardSeconds(1);

  /** The shortest period between rounds: a round's window. */
  public static final Duration MIN_PERIOD = ROUND_WINDOW;

  /** How often a held round asks its gate at most (wall clock): a cost bound, not a correctness one. */
  static final Duration GATE_POLL_INTERVAL = Duration.millis(200);

  private final Duration period;
  private final long rounds;
  private final @Nullable SerializableFunction<Instant, Boolean> roundStored;
  private final Clock clock;
  private final Duration gatePollInterval;

  private CrawlTicks(Duration period, long rounds, @Nullable SerializableFunction<Instant, Boolean> roundStored,
      Clock clock, Duration gatePollInterval) {
    this.period = period;
    this.rounds = rounds;
    this.roundStored = roundStored;
    this.clock = clock;
    this.gatePollInterval = gatePollInterval;
  }

  /** A tick now and every {@code period} after, until the job is stopped. */
  public static CrawlTicks every(Duration period) {
    checkArgument(period != null && !period.isShorterThan(ROUND_WINDOW),
        "a crawl period must be at least %s, was %s", ROUND_WINDOW, period);
    return new CrawlTicks(period, Long.MAX_VALUE, null, Clock.system(), GATE_POLL_INTERVAL);
  }

  /** Stops after {@code rounds} ticks; the input then ends and a streaming job finishes (tests, backfills). */
  public CrawlTicks withRounds(int rounds) {
    checkArgument(rounds >= 1, "crawl rounds must be at least 1, was %s", rounds);
    return new CrawlTicks(period, rounds, roundStored, clock, gatePollInterval);
  }

  /**
   * Emits each round only once {@code stored} says the round before it is stored ({@code
   * stored.apply(previous tick)} is true) and the round is due. The gate is asked from the reader
   * at most every 200 ms of wall clock ({@link #GATE_POLL_INTERVAL}) while a round is held, and
   * no more once it said yes. When a held round is let go after its due time, the latest round due is
   * emitted, as after an outage. E.g. {@code lake.roundStored(List.of("bronze.crawl_state"))}.
   */
  public CrawlTicks afterEachRoundStored(SerializableFunction<Instant, Boolean> stored) {
    return new CrawlTicks(period, rounds, checkNotNull(stored, "stored is required"), clock, gatePollInterval);
  }

  /** Reads time from {@code clock} instead of the wall clock (tests: {@link Clock#oneRoundPerStoredRound}). */
  public CrawlTicks withClock(Clock clock) {
    return new CrawlTicks(period, rounds, roundStored, checkNotNull(clock, "clock is required"), gatePollInterval);
  }

  /** Tests of the reader: how often a held round asks its gate. */
  CrawlTicks withGatePollInterval(Duration interval) {
    return new CrawlTicks(period, rounds, roundStored, clock, interval);
  }

  @Override
  public PCollection<Instant> expand(PBegin begin) {
    return begin
        .apply("Ticks", Read.from(source()))
        .apply("WindowPerRound", Window.into(FixedWindows.of(ROUND_WINDOW)));
  }

  /** The source of ticks; its schedule's start is a placeholder until the reader first advances. */
  UnboundedSource<Instant, Mark> source() {
    return new TickSource(new Schedule(clock.now().getMillis(), period.getMillis(), rounds),
        roundStored, clock, gatePollInterval.getMillis());
  }

  @Override
  public String toString() {
    return "CrawlTicks{every " + period + (rounds == Long.MAX_VALUE ? "" : ", " + rounds + " rounds")
        + (roundStored == null ? "" : ", each after the one before is stored") + "}";
  }

  /**
   * Where a crawl's rounds read the time. Serializable: it travels with the source to the worker
   * that reads the ticks.
   */
  @FunctionalInterface
  public interface Clock extends Serializable {
    Instant now();

    /** The wall clock. */
    static Clock system() {
      return SystemClock.INSTANCE;
    }

    /**
     * Test time that moves by rounds, not by the wall clock: {@code start}, then one {@code
     * period} more for each round from {@code start} on that {@code stored} says is stored. Give
     * it the schedule's period and gate ({@code CrawlTicks.every(period).afterEachRoundStored(
     * stored).withClock(Clock.oneRoundPerStoredRound(start, period, stored))}): the first round
     * is at {@code start}, and each next round is due the moment the one before it is stored,
     * never later (so none is skipped) and never before (so none is early), however slow the
     * machine. Derived from what is stored, so a restored reader reads the same time.
     */
    static Clock oneRoundPerStoredRound(Instant start, Duration period, SerializableFunction<Instant, Boolean> stored) {
      checkArgument(period != null && period.getMillis() > 0, "a clock period must be positive, was %s", period);
      return new StoredRoundsClock(checkNotNull(start, "start is required").getMillis(), period.getMillis(),
          checkNotNull(stored, "stored is required"));
    }
  }

  private enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public Instant now() {
      return Instant.now();
    }
  }

  private static final class StoredRoundsClock implements Clock {
    private static final long serialVersionUID = 1L;
    private final long startMillis;
    private final long periodMillis;
    private final SerializableFunction<Instant, Boolean> stored;
    /** Rounds known stored: a round stays stored, so each call asks only about the next one. */
    private transient long storedRounds;

    StoredRoundsClock(long startMillis, long periodMillis, SerializableFunction<Instant, Boolean> stored) {
      this.startMillis = startMillis;
      this.periodMillis = periodMillis;
      this.stored = stored;
    }

    @Override
    public Instant now() {
      while (Boolean.TRUE.equals(stored.apply(new Instant(startMillis + storedRounds * periodMillis)))) {
        storedRounds++;
      }
      return new Instant(startMillis + storedRounds * periodMillis);
    }

    @Override
    public String toString() {
      return "oneRoundPerStoredRound{from " + new Instant(startMillis) + " every " + Duration.millis(periodMillis) + "}";
    }
  }

  /** When rounds are due, as pure functions of the clock (epoch millis). */
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

    /**
     * No tick before the next one's due time, and none at all after the last round. Before the
     * first tick, the clock up to that time; once a tick is emitted, the next one's due time
     * itself: the next tick is a period (at least a window) later, so the last round's window,
     * and the cleanup timers that stateful steps set just past it, close as soon as the round's
     * work is done, whatever the clock reads and however long a gate holds the next round. A
     * held tick emitted later is due at or after that time, so never behind the watermark.
     */
    Instant watermark(long nowMillis, long nextRound, @Nullable Instant lastTick) {
      if (nextRound >= rounds) {
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      long watermark = lastTick != null ? dueAt(nextRound) : Math.min(nowMillis, dueAt(nextRound));
      return new Instant(Math.max(watermark, BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis()));
    }
  }

  /**
   * What a restored reader needs: the next round not yet emitted and the last tick emitted (null
   * before the first), which it waits on the gate for.
   */
  record Mark(long nextRound, @Nullable Instant lastTick) implements UnboundedSource.CheckpointMark, Serializable {
    @Override
    public void finalizeCheckpoint() {}
  }

  private static final class TickSource extends UnboundedSource<Instant, Mark> {
    private final Schedule schedule;
    private final @Nullable SerializableFunction<Instant, Boolean> roundStored;
    private final Clock clock;
    private final long gatePollMillis;

    TickSource(Schedule schedule, @Nullable SerializableFunction<Instant, Boolean> roundStored, Clock clock,
        long gatePollMillis) {
      this.schedule = schedule;
      this.roundStored = roundStored;
      this.clock = clock;
      this.gatePollMillis = gatePollMillis;
    }

    @Override
    public List<TickSource> split(int desiredNumSplits, PipelineOptions options) {
      return List.of(this); // one clock
    }

    @Override
    public UnboundedReader<Instant> createReader(PipelineOptions options, @Nullable Mark mark) {
      return mark == null ? new TickReader(this, 0, null) : new TickReader(this, mark.nextRound(), mark.lastTick());
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
    private @Nullable Instant lastTick;
    /** The gate said {@link #lastTick}'s round is stored: no need to ask again. */
    private boolean lastRoundStored;
    private boolean gateAsked;
    private long gateAskedAtNanos;
    /** Latest clock reading, for the watermark (the clock may be costly: read once per advance). */
    private long nowMillis = Long.MIN_VALUE;
    private @Nullable Instant current;

    /**
     * The schedule this reader follows: a fresh reader's starts at its first advance, not when
     * the graph was built (a slow start-up must not make the first round look missed); a
     * restored reader's is the one its last tick was due on.
     */
    private @Nullable Schedule schedule;

    TickReader(TickSource source, long nextRound, @Nullable Instant lastTick) {
      this.source = source;
      this.nextRound = nextRound;
      this.lastTick = lastTick;
      if (lastTick != null && nextRound > 0) {
        Schedule s = source.schedule;
        schedule = new Schedule(lastTick.getMillis() - (nextRound - 1) * s.periodMillis(), s.periodMillis(), s.rounds());
      }
    }

    private Schedule schedule(long nowMillis) {
      if (schedule == null) {
        Schedule s = source.schedule;
        schedule = new Schedule(nowMillis, s.periodMillis(), s.rounds());
      }
      return schedule;
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      if (nextRound >= source.schedule.rounds() || !lastRoundStored()) {
        return false;
      }
      nowMillis = Math.max(nowMillis, source.clock.now().getMillis());
      long round = schedule(nowMillis).roundToEmit(nowMillis, nextRound);
      if (round < 0) {
        return false;
      }
      current = new Instant(schedule(nowMillis).dueAt(round));
      lastTick = current;
      lastRoundStored = false;
      gateAsked = false;
      nextRound = round + 1;
      return true;
    }

    /** Whether the round of the last tick is stored (or nothing waits on it), asking the gate at most once a poll interval. */
    private boolean lastRoundStored() {
      if (source.roundStored == null || lastTick == null || lastRoundStored) {
        return true;
      }
      long now = System.nanoTime();
      if (gateAsked && now - gateAskedAtNanos < source.gatePollMillis * 1_000_000L) {
        return false;
      }
      gateAsked = true;
      gateAskedAtNanos = now;
      lastRoundStored = Boolean.TRUE.equals(source.roundStored.apply(lastTick));
      return lastRoundStored;
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
      if (nowMillis == Long.MIN_VALUE) {
        nowMillis = source.clock.now().getMillis();
      }
      if (schedule == null) {
        // Nothing emitted yet: the first round will be due at the first advance, not before now.
        return nextRound >= source.schedule.rounds() ? BoundedWindow.TIMESTAMP_MAX_VALUE : new Instant(nowMillis);
      }
      return schedule.watermark(nowMillis, nextRound, lastTick);
    }

    @Override
    public Mark getCheckpointMark() {
      return new Mark(nextRound, lastTick);
    }

    @Override
    public UnboundedSource<Instant, ?> getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
