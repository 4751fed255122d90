package dev.souk.transforms.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** When rounds are due and how far the clock's watermark may go. */
class CrawlTicksTest {
  private static final long START = 1_000_000;
  private static final long PERIOD = 60_000;
  private final CrawlTicks.Schedule threeRounds = new CrawlTicks.Schedule(START, PERIOD, 3);

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
  void theWatermarkFollowsTheClockUpToTheNextTickAndEndsAfterTheLast() {
    assertEquals(new Instant(START + 30_000), threeRounds.watermark(START + 30_000, 1));
    assertEquals(new Instant(START + PERIOD), threeRounds.watermark(START + PERIOD + 999, 1),
        "not past a tick that is due but not emitted yet");
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, threeRounds.watermark(START + 2 * PERIOD, 3));
  }

  @Test
  void badSchedulesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> CrawlTicks.every(Duration.millis(500)));
    assertThrows(IllegalArgumentException.class, () -> CrawlTicks.every(Duration.standardMinutes(1)).withRounds(0));
  }
}
