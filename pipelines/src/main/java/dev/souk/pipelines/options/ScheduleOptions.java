package dev.souk.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;

/** A continuous crawl inside one streaming job, as an alternative to an external scheduler. */
public interface ScheduleOptions extends StreamingOptions {
  @Description(
      "Re-crawl every site on this schedule inside one streaming job, as an ISO-8601 duration "
          + "(e.g. PT6H, PT30M). Each round crawls only new or changed listings (the crawl state is "
          + "read back from the lake every round) and lands its results in the lake and the warehouse "
          + "when it is done. Unset: crawl once and stop (schedule runs with Airflow or cron instead).")
  String getCrawlEvery();

  void setCrawlEvery(String value);

  @Description("With --crawlEvery: stop after this many rounds (e.g. for a backfill). Unset: run until stopped.")
  Integer getCrawlRounds();

  void setCrawlRounds(Integer value);

  @Description(
      "With --crawlEvery: seconds between two commits of the streaming lake writes. Every commit is an "
          + "Iceberg snapshot; a round's results are in the lake at most this long after the round ends, "
          + "so it must be well under the crawl period.")
  @Default.Integer(60)
  int getLakeCommitIntervalSeconds();

  void setLakeCommitIntervalSeconds(int value);
}
