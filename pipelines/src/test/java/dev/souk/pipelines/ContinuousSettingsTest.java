package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.pipelines.options.SoukOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/** The continuous crawl's options: what is accepted, and the errors that say what to fix. */
class ContinuousSettingsTest {

  private static SoukPipeline.Settings settings(String... args) {
    return SoukPipeline.Settings.from(PipelineOptionsFactory.fromArgs(args).as(SoukOptions.class));
  }

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> settings(args)).getMessage();
  }

  @Test
  void aBatchRunIsTheDefault() {
    assertFalse(settings().continuous());
  }

  @Test
  void crawlEveryTakesAnIsoDurationAndRounds() {
    SoukPipeline.Settings s = settings("--crawlEvery=PT6H", "--crawlRounds=3");
    assertTrue(s.continuous());
    assertThat(s.crawlEvery(), equalTo(Duration.standardHours(6)));
    assertThat(s.crawlRounds(), equalTo(3));
    assertThat(s.lakeCommitInterval(), equalTo(Duration.standardMinutes(1)));
    assertThat(settings("--crawlEvery=pt30m").crawlEvery(), equalTo(Duration.standardMinutes(30)));
  }

  @Test
  void badSchedulesSayWhatToFix() {
    assertThat(error("--crawlEvery=6h"), containsString("ISO-8601 duration such as PT6H"));
    assertThat(error("--crawlEvery=PT2M"), containsString("at least 3 commit intervals"));
    assertThat(error("--crawlEvery=PT1H", "--crawlRounds=0"), containsString("--crawlRounds must be at least 1"));
    assertThat(error("--crawlRounds=2"), containsString("give --crawlEvery too"));
    assertThat(error("--crawlEvery=PT1H", "--lakeCommitIntervalSeconds=0"),
        containsString("--lakeCommitIntervalSeconds must be at least 1"));
    assertThat(error("--crawlEvery=PT1H", "--source=warc", "--warcInput=a/*.warc.gz"),
        containsString("needs --source=sample or --source=live"));
    assertThat(error("--crawlEvery=PT1H", "--originalPayloads=x/*.json"), containsString("one-off batch input"));
  }

  @Test
  void aShortPeriodIsFineWithAShortCommitInterval() {
    assertThat(settings("--crawlEvery=PT2M", "--lakeCommitIntervalSeconds=10").lakeCommitInterval(),
        equalTo(Duration.standardSeconds(10)));
  }
}
