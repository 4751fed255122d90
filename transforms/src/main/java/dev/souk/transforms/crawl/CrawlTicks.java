package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkArgument;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
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
 * per listing, latest version per listing, one warehouse writer) fires once per round.
 *
 * <p>Why a heartbeat: a window closes when the watermark passes its end, and {@link
 * PeriodicImpulse} moves the watermark only when it emits. Ticking once per period would close a
 * round's window only at the next round, so a round's results would land one whole period late
 * (six hours for a six-hour crawl). The impulse therefore beats every {@link #heartbeat} (at most
 * {@value #MAX_HEARTBEAT_SECONDS} s and a tenth of the period, dividing it), every n-th beat is
 * a tick, and each tick's window is one beat long: it closes as soon as the round's work is done
 * and the next beat has passed.
 */
public final class CrawlTicks extends PTransform<PBegin, PCollection<Instant>> {
  static final long MAX_HEARTBEAT_SECONDS = 10;

  private final Duration period;
  private final @Nullable Integer rounds;
  private final Duration beat;

  private CrawlTicks(Duration period, @Nullable Integer rounds, Duration beat) {
    this.period = period;
    this.rounds = rounds;
    this.beat = beat;
  }

  /** A tick now and every {@code period} after, until the job is stopped. */
  public static CrawlTicks every(Duration period) {
    checkArgument(period != null && period.getMillis() >= 1000, "a crawl period must be at least 1 s, was %s", period);
    return new CrawlTicks(period, null, heartbeat(period));
  }

  /** Stops after {@code rounds} ticks; the input then ends and a streaming job finishes (tests, backfills). */
  public CrawlTicks withRounds(int rounds) {
    checkArgument(rounds >= 1, "crawl rounds must be at least 1, was %s", rounds);
    return new CrawlTicks(period, rounds, beat);
  }

  /**
   * Beats every {@code beat} instead of the default ({@link #heartbeat}); {@code beat} must divide
   * the period. Shorter beats close a round's windows sooner after its work, at the cost of more
   * idle elements (runners whose processing-time timers fire only with activity, such as the
   * DirectRunner, also wait for a beat before each streaming lake commit).
   */
  public CrawlTicks withHeartbeat(Duration beat) {
    checkArgument(beat != null && beat.getMillis() >= 100 && period.getMillis() % beat.getMillis() == 0,
        "a heartbeat must be at least 100 ms and divide the period %s, was %s", period, beat);
    return new CrawlTicks(period, rounds, beat);
  }

  /** Beats per period (at least 10), so that one beat is at most {@value #MAX_HEARTBEAT_SECONDS} s. */
  static long beatsPerPeriod(Duration period) {
    long maxBeat = Math.min(Duration.standardSeconds(MAX_HEARTBEAT_SECONDS).getMillis(), period.getMillis() / 10);
    return (period.getMillis() + maxBeat - 1) / maxBeat;
  }

  /** Length of one beat, and so of one tick's window. */
  static Duration heartbeat(Duration period) {
    return Duration.millis(period.getMillis() / beatsPerPeriod(period));
  }

  @Override
  public PCollection<Instant> expand(PBegin begin) {
    long beats = period.getMillis() / beat.getMillis();
    Instant start = Instant.now();
    PeriodicImpulse impulse = PeriodicImpulse.create().startAt(start).withInterval(beat);
    if (rounds != null) {
      // Inclusive: the last tick is at start + (rounds - 1) periods. (Not stopAfter: it would pick
      // its own start at run time, and the ticks are counted from this one.)
      impulse = impulse.stopAt(start.plus(beat.multipliedBy((rounds - 1) * beats)));
    }
    return begin
        .apply("Heartbeat", impulse)
        .apply("KeepTicks", ParDo.of(new KeepTicksFn(start, beat, beats)))
        .apply("WindowPerTick",
            Window.into(FixedWindows.of(beat).withOffset(Duration.millis(start.getMillis() % beat.getMillis()))));
  }

  @Override
  public String toString() {
    return "CrawlTicks{every " + period + (rounds == null ? "" : ", " + rounds + " rounds") + "}";
  }

  /** Passes every {@code beats}-th beat on. */
  private static final class KeepTicksFn extends DoFn<Instant, Instant> {
    private final Instant start;
    private final Duration beat;
    private final long beats;

    KeepTicksFn(Instant start, Duration beat, long beats) {
      this.start = start;
      this.beat = beat;
      this.beats = beats;
    }

    @ProcessElement
    public void process(@Element Instant time, OutputReceiver<Instant> out) {
      long beatIndex = Math.round((double) (time.getMillis() - start.getMillis()) / beat.getMillis());
      if (beatIndex % beats == 0) {
        out.output(time);
      }
    }
  }
}
