package dev.souk.pipelines;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.pipelines.lake.LakeTable;
import dev.souk.pipelines.lake.Rounds;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.transforms.Create;
import dev.souk.pipelines.options.ScheduleOptions;
import dev.souk.transforms.crawl.CrawlTicks;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Whether the job crawls once (batch) or in rounds inside one streaming job ({@code --crawlEvery}),
 * with the checks of the schedule's options.
 *
 * @param every the period between rounds; null for a batch run
 * @param rounds rounds before the job stops; null to run until stopped
 * @param commitInterval how often streaming lake appends commit (tables no round reads back)
 * @param storedRoundsClock rounds on test time ({@link #onStoredRounds}) rather than the wall clock
 */
public record CrawlSchedule(
    @Nullable Duration every, @Nullable Integer rounds, Duration commitInterval, boolean storedRoundsClock) {

  public CrawlSchedule(@Nullable Duration every, @Nullable Integer rounds, Duration commitInterval) {
    this(every, rounds, commitInterval, false);
  }

  /**
   * The same schedule on test time ({@code CrawlTicks.Clock.oneRoundPerStoredRound}): each round
   * is due the moment the one before it is stored, so a test of several rounds of a six-hour
   * schedule takes as long as their work, whatever the machine's speed.
   */
  public CrawlSchedule onStoredRounds() {
    return new CrawlSchedule(every, rounds, commitInterval, true);
  }

  public static CrawlSchedule from(ScheduleOptions options) {
    if (options.getLakeCommitIntervalSeconds() < 1) {
      throw new IllegalArgumentException(
          "--lakeCommitIntervalSeconds must be at least 1, was " + options.getLakeCommitIntervalSeconds());
    }
    Duration commit = Duration.standardSeconds(options.getLakeCommitIntervalSeconds());
    String every = options.getCrawlEvery();
    if (every == null || every.isBlank()) {
      if (options.getCrawlRounds() != null) {
        throw new IllegalArgumentException("--crawlRounds counts the rounds of a scheduled crawl: give --crawlEvery too");
      }
      return new CrawlSchedule(null, null, commit);
    }
    java.time.Duration period;
    try {
      period = java.time.Duration.parse(every.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--crawlEvery takes an ISO-8601 duration such as PT6H or PT30M, not '" + every + "'", e);
    }
    if (period.toMillis() < CrawlTicks.MIN_PERIOD.getMillis()) {
      throw new IllegalArgumentException("--crawlEvery must be at least " + CrawlTicks.MIN_PERIOD.getStandardSeconds()
          + " s, was " + every);
    }
    if (options.getCrawlRounds() != null && options.getCrawlRounds() < 1) {
      throw new IllegalArgumentException("--crawlRounds must be at least 1, was " + options.getCrawlRounds());
    }
    return new CrawlSchedule(Duration.millis(period.toMillis()), options.getCrawlRounds(), commit);
  }

  /** A continuous crawl: rounds on a schedule inside one streaming job. */
  public boolean continuous() {
    return every != null;
  }

  /**
   * The rounds of the job: one, or a tick per period. A round starts only once the round before it
   * has committed to {@code waitFor} (the tables rounds read back), however long that takes, so no
   * round works from a stale memory. A batch run's one round is {@code batchRound}: new, or the
   * round of a killed run it resumes.
   */
  Rounds rounds(Pipeline pipeline, IcebergLake lake, List<LakeTable> waitFor, Instant batchRound) {
    if (every == null) {
      return Rounds.once(pipeline.apply("RunRound", Create.of(batchRound).withCoder(InstantCoder.of())));
    }
    SerializableFunction<Instant, Boolean> stored = lake.roundStored(waitFor.stream().map(LakeTable::id).toList());
    CrawlTicks ticks = CrawlTicks.every(every).afterEachRoundStored(stored);
    if (storedRoundsClock) {
      ticks = ticks.withClock(CrawlTicks.Clock.oneRoundPerStoredRound(Instant.now(), every, stored));
    }
    return Rounds.eachTick(pipeline.apply("CrawlTicks", rounds == null ? ticks : ticks.withRounds(rounds)));
  }

  /** For the banner: {@code  every PT6H, 3 rounds}; empty for a batch run. */
  String describe() {
    return every == null ? "" : " every " + java.time.Duration.ofMillis(every.getMillis())
        + (rounds == null ? " until stopped" : ", " + rounds + " rounds") + " (a log line per round)";
  }
}
