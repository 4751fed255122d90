package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.pipelines.options.SoukOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/** The continuous crawl's options, branch by branch: what is accepted, and the errors that say what to fix. */
class CrawlScheduleTest {
  private static CrawlSchedule schedule(String... args) {
    return CrawlSchedule.from(PipelineOptionsFactory.fromArgs(args).as(SoukOptions.class));
  }

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> schedule(args)).getMessage();
  }

  @Test
  void aBatchRunIsTheDefault() {
    CrawlSchedule s = schedule();
    assertFalse(s.continuous());
    assertThat(s.every(), nullValue());
    assertThat(s.describe(), equalTo(""));
  }

  @Test
  void crawlEveryTakesAnIsoDurationAndRounds() {
    CrawlSchedule s = schedule("--crawlEvery=PT6H", "--crawlRounds=3");
    assertTrue(s.continuous());
    assertThat(s.every(), equalTo(Duration.standardHours(6)));
    assertThat(s.rounds(), equalTo(3));
    assertThat(s.commitInterval(), equalTo(Duration.standardMinutes(1)));
    assertThat(s.describe(), containsString("every PT6H, 3 rounds"));
    assertThat(schedule("--crawlEvery=pt30m").every(), equalTo(Duration.standardMinutes(30)));
    assertThat(schedule("--crawlEvery=PT30M").describe(), containsString("until stopped"));
  }

  @Test
  void badSchedulesSayWhatToFix() {
    assertThat(error("--crawlEvery=6h"), containsString("ISO-8601 duration such as PT6H"));
    assertThat(error("--crawlEvery=PT0.5S"), containsString("--crawlEvery must be at least 1 s"));
    assertThat(error("--crawlEvery=PT1H", "--crawlRounds=0"), containsString("--crawlRounds must be at least 1"));
    assertThat(error("--crawlRounds=2"), containsString("give --crawlEvery too"));
    assertThat(error("--crawlEvery=PT1H", "--lakeCommitIntervalSeconds=0"),
        containsString("--lakeCommitIntervalSeconds must be at least 1"));
  }

  @Test
  void aPeriodShorterThanTheCommitIntervalIsFineBecauseRoundsWaitForTheirCommits() {
    CrawlSchedule s = schedule("--crawlEvery=PT2S", "--lakeCommitIntervalSeconds=60");
    assertThat(s.every(), equalTo(Duration.standardSeconds(2)));
    assertThat(s.commitInterval(), equalTo(Duration.standardSeconds(60)));
  }
}
