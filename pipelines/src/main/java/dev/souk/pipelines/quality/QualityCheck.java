package dev.souk.pipelines.quality;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One evaluated check of a run: a row of {@code souk_quality_checks}.
 *
 * @param site a site code, or {@link QualityRules#ALL_SITES} for the run as a whole
 * @param metric {@link QualityRules#FILL_RATE}, {@link QualityRules#DEAD_LETTER_SHARE}, {@link
 *     QualityRules#PAYLOAD_LISTINGS} or {@link QualityRules#CARDS_PER_LIST_PAGE}
 * @param field the silver field of a fill rate; empty for the other metrics
 * @param value this run's value
 * @param baseline the previous run's value, for the row-count metrics; null otherwise or on a first run
 * @param warnLimit the value at which the check warns (a minimum, or for the dead-letter share a
 *     maximum); null when that threshold is off
 * @param failLimit likewise, where it fails
 * @param message one line naming the metric, site, value and threshold
 */
public record QualityCheck(
    String site, String metric, String field, double value, @Nullable Double baseline,
    @Nullable Double warnLimit, @Nullable Double failLimit, GateStatus status, String message) {

  /** {@code site/metric/field}: the check's identity across runs. */
  public String key() {
    return key(site, metric, field);
  }

  public static String key(String site, String metric, String field) {
    return site + "/" + metric + "/" + field;
  }
}
