package dev.souk.transforms.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/** The heartbeat that closes each round's window soon after the round's work. */
class CrawlTicksTest {
  @Test
  void theHeartbeatIsAtMostTenSecondsAndATenthOfThePeriodAndDividesIt() {
    assertEquals(Duration.standardSeconds(10), CrawlTicks.heartbeat(Duration.standardHours(6)));
    assertEquals(2160, CrawlTicks.beatsPerPeriod(Duration.standardHours(6)));
    assertEquals(Duration.standardSeconds(3), CrawlTicks.heartbeat(Duration.standardSeconds(30)));
    assertEquals(Duration.millis(100), CrawlTicks.heartbeat(Duration.standardSeconds(1)));
    // 95 s: ten-second beats would not divide it, so ten beats of 9.5 s.
    assertEquals(Duration.millis(9500), CrawlTicks.heartbeat(Duration.standardSeconds(95)));
  }

  @Test
  void badSchedulesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> CrawlTicks.every(Duration.millis(500)));
    assertThrows(IllegalArgumentException.class, () -> CrawlTicks.every(Duration.standardMinutes(1)).withRounds(0));
    assertThrows(IllegalArgumentException.class,
        () -> CrawlTicks.every(Duration.standardMinutes(1)).withHeartbeat(Duration.standardSeconds(7)));
  }
}
