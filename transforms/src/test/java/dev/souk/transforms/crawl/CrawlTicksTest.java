package dev.souk.transforms.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.UnboundedSource.UnboundedReader;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * When rounds are due, how far the clock's watermark may go, and how a gate holds the next round:
 * all on a test clock and a test gate, called directly, so nothing here depends on how fast the
 * machine is.
 */
class CrawlTicksTest {
  private static final long START = 1_000_000;
  private static final long PERIOD = 60_000;
  private final CrawlTicks.Schedule threeRounds = new CrawlTicks.Schedule(START, PERIOD, 3);

  /** Test time, and the rounds the test gate says are stored (and how often it was asked). */
  private final AtomicLong now = new AtomicLong(START);
  private final Set<Instant> stored = ConcurrentHashMap.newKeySet();
  private final AtomicInteger gateCalls = new AtomicInteger();
  private final CrawlTicks.Clock clock = () -> new Instant(now.get());
  private final SerializableFunction<Instant, Boolean> gate = tick -> {
    gateCalls.incrementAndGet();
    return stored.contains(tick);
  };

  @Test
  void aRoundIsEmittedOnceDueAndMissedRoundsAreSkipped() {
    assertEquals(0, threeRounds.roundToEmit(START, 0));
    assertEquals(-1, threeRounds.roundToEmit(START + PERIOD - 1, 1), "round 1 is not due yet");
    assertEquals(1, threeRounds.roundToEmit(START + PERIOD + 5, 1));
    // Back after an outage of two periods: only the latest round due is crawled.
    assertEquals(2, threeRounds.roundToEmit(START + 2 * PERIOD + 10, 1));
    assertEquals(-1, threeRounds.roundToEmit(START + 10 * PERIOD, 3), "all rounds done");
    assertEquals(2, threeRounds.roundToEmit(START + 10 * PERIOD, 1), "never past the last round");
  }

  @Test
  void theWatermarkFollowsTheClockUpToTheFirstTickThenIsTheNextTicksDueTime() {
    assertEquals(new Instant(START - 5), threeRounds.watermark(START - 5, 0, null), "before any tick: the clock");
    assertEquals(new Instant(START), threeRounds.watermark(START + 999, 0, null),
        "not past a tick that is due but not emitted yet");
    Instant tick0 = new Instant(START);
    assertEquals(new Instant(START + PERIOD), threeRounds.watermark(START, 1, tick0), "whatever the clock says");
    assertEquals(new Instant(START + PERIOD), threeRounds.watermark(START + 5 * PERIOD, 1, tick0),
        "never past the next tick, even when it is held");
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, threeRounds.watermark(START + 2 * PERIOD, 3, tick0));
  }

  @Test
  void theWatermarkClosesTheLastRoundsWindowAndWhatStatefulStepsSetJustPastIt() {
    Instant tick0 = new Instant(START);
    Instant watermark = threeRounds.watermark(START, 1, tick0);
    IntervalWindow round0 = FixedWindows.of(CrawlTicks.ROUND_WINDOW).assignWindow(tick0);
    // A stateful DoFn's cleanup timer is at the window's end + 1 ms on the DirectRunner: it must fire too.
    assertTrue(watermark.isAfter(round0.end().plus(Duration.millis(1))), "round 0's window can close: " + watermark);
    assertFalse(watermark.isAfter(new Instant(threeRounds.dueAt(1))), "never past round 1's tick");
  }

  @Test
  void aFreshReaderEmitsItsFirstRoundWithoutAskingTheGate() throws Exception {
    UnboundedReader<Instant> reader = reader(gated(3), null);

    assertTrue(reader.start());
    assertEquals(new Instant(START), reader.getCurrent());
    assertEquals(new Instant(START), reader.getCurrentTimestamp());
    assertEquals(0, gateCalls.get());
  }

  @Test
  void theNextRoundWaitsUntilTheGateSaysTheRoundBeforeIsStored() throws Exception {
    UnboundedReader<Instant> reader = reader(gated(3), null);
    assertTrue(reader.start());
    now.set(START + 3 * PERIOD / 2); // round 1 due, round 2 not yet

    for (int i = 0; i < 5; i++) {
      assertFalse(reader.advance(), "round 0 not stored: round 1 is held");
      Instant watermark = reader.getWatermark();
      assertTrue(watermark.isAfter(FixedWindows.of(CrawlTicks.ROUND_WINDOW).assignWindow(new Instant(START)).maxTimestamp()),
          "round 0's window closes while round 1 is held: " + watermark);
      assertFalse(watermark.isAfter(new Instant(START + PERIOD)), "the held tick is not late: " + watermark);
    }
    assertEquals(5, gateCalls.get(), "asked on each advance with no poll interval");

    Instant watermarkBefore = reader.getWatermark();
    stored.add(new Instant(START));
    assertTrue(reader.advance());
    assertEquals(new Instant(START + PERIOD), reader.getCurrent());
    assertFalse(reader.getCurrentTimestamp().isBefore(watermarkBefore), "a held tick is never behind the watermark");
    assertFalse(reader.advance(), "round 2 is not due yet, and round 1 is not stored");
  }

  @Test
  void aRoundHeldPastLaterRoundsGivesTheLatestDueNeverBehindTheWatermark() throws Exception {
    UnboundedReader<Instant> reader = reader(gated(5), null);
    assertTrue(reader.start());
    now.set(START + PERIOD + 1);
    assertFalse(reader.advance());
    now.set(START + 7 * PERIOD / 2); // rounds 1 to 3 due while round 0 was being stored
    assertFalse(reader.advance());
    Instant watermark = reader.getWatermark();

    stored.add(new Instant(START));
    assertTrue(reader.advance());
    assertEquals(new Instant(START + 3 * PERIOD), reader.getCurrent());
    assertFalse(reader.getCurrentTimestamp().isBefore(watermark));
    assertFalse(reader.getWatermark().isBefore(watermark), "the watermark never goes back");
  }

  @Test
  void aHeldRoundAsksTheGateAtMostOncePerPollIntervalAndNotAfterItSaidYes() throws Exception {
    UnboundedReader<Instant> reader =
        reader(gated(3).withGatePollInterval(Duration.standardHours(1)), null);
    assertTrue(reader.start());
    now.set(START + PERIOD);
    for (int i = 0; i < 5; i++) {
      assertFalse(reader.advance());
    }
    assertEquals(1, gateCalls.get(), "one question within the poll interval");

    now.set(START);
    UnboundedReader<Instant> unhurried = reader(gated(3), null);
    assertTrue(unhurried.start());
    stored.add(new Instant(START));
    assertFalse(unhurried.advance(), "round 1 not due yet");
    assertFalse(unhurried.advance());
    assertEquals(2, gateCalls.get(), "the gate said yes once: not asked again");
  }

  @Test
  void aRestoredReaderWaitsOnTheGateForTheLastRoundItEmitted() throws Exception {
    CrawlTicks ticks = gated(3);
    UnboundedReader<Instant> reader = reader(ticks, null);
    assertTrue(reader.start());
    CrawlTicks.Mark mark = roundTrip(ticks.source(), (CrawlTicks.Mark) reader.getCheckpointMark());
    assertEquals(new CrawlTicks.Mark(1, new Instant(START)), mark);

    UnboundedReader<Instant> restored = reader(ticks, mark);
    now.set(START + PERIOD);
    assertFalse(restored.start(), "round 0 not stored yet");
    assertTrue(restored.getWatermark().isAfter(new Instant(START + 999)), "round 0's window closes");
    stored.add(new Instant(START));
    assertTrue(restored.advance());
    assertEquals(new Instant(START + PERIOD), restored.getCurrent(), "round 1, not round 0 again");
  }

  @Test
  void withoutAGateRoundsAreEmittedWhenDueAndTheWatermarkEndsAfterTheLast() throws Exception {
    UnboundedReader<Instant> reader = reader(CrawlTicks.every(Duration.millis(PERIOD)).withRounds(2).withClock(clock), null);
    assertTrue(reader.start());
    now.set(START + PERIOD - 1);
    assertFalse(reader.advance());
    now.set(START + PERIOD);
    assertTrue(reader.advance());
    assertEquals(new Instant(START + PERIOD), reader.getCurrent());
    assertFalse(reader.advance());
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, reader.getWatermark());
  }

  @Test
  void theStoredRoundsClockMakesEachRoundDueAsSoonAsTheOneBeforeIsStored() throws Exception {
    CrawlTicks.Clock rounds = CrawlTicks.Clock.oneRoundPerStoredRound(new Instant(START), Duration.millis(PERIOD), gate);
    assertEquals(new Instant(START), rounds.now());
    stored.add(new Instant(START));
    assertEquals(new Instant(START + PERIOD), rounds.now());
    stored.add(new Instant(START + PERIOD));
    stored.add(new Instant(START + 2 * PERIOD));
    assertEquals(new Instant(START + 3 * PERIOD), rounds.now());

    stored.clear();
    CrawlTicks ticks = CrawlTicks.every(Duration.millis(PERIOD)).withRounds(3).afterEachRoundStored(gate)
        .withClock(CrawlTicks.Clock.oneRoundPerStoredRound(new Instant(START), Duration.millis(PERIOD), gate))
        .withGatePollInterval(Duration.ZERO);
    UnboundedReader<Instant> reader = reader(ticks, null);
    assertTrue(reader.start());
    assertEquals(new Instant(START), reader.getCurrent());
    assertFalse(reader.advance());
    stored.add(new Instant(START));
    assertTrue(reader.advance(), "due the moment round 0 is stored");
    assertEquals(new Instant(START + PERIOD), reader.getCurrent(), "and not skipped past");
  }

  @Test
  void badSchedulesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> CrawlTicks.every(Duration.millis(500)));
    assertThrows(IllegalArgumentException.class, () -> CrawlTicks.every(Duration.standardMinutes(1)).withRounds(0));
    assertThrows(NullPointerException.class, () -> CrawlTicks.every(Duration.standardMinutes(1)).afterEachRoundStored(null));
  }

  /** Rounds every {@link #PERIOD} on the test clock, each after the one before is stored by the test gate. */
  private CrawlTicks gated(int rounds) {
    return CrawlTicks.every(Duration.millis(PERIOD)).withRounds(rounds).afterEachRoundStored(gate).withClock(clock)
        .withGatePollInterval(Duration.ZERO);
  }

  private static UnboundedReader<Instant> reader(CrawlTicks ticks, CrawlTicks.Mark mark) throws Exception {
    return ticks.source().createReader(PipelineOptionsFactory.create(), mark);
  }

  private static CrawlTicks.Mark roundTrip(UnboundedSource<Instant, CrawlTicks.Mark> source, CrawlTicks.Mark mark)
      throws Exception {
    return CoderUtils.clone(source.getCheckpointMarkCoder(), mark);
  }
}
