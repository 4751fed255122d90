package dev.souk.pipelines.quality;

import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The quality rules, as plain functions of a run's counts: each gives one {@link QualityCheck}
 * whose status is {@link GateStatus#FAIL} past the fail threshold, {@link GateStatus#WARN} past
 * the warn threshold, {@link GateStatus#OK} otherwise, with a one-line message naming the metric,
 * site, value and the threshold crossed. A rule without data to judge gives null: no check.
 */
public final class QualityRules {
  /** The site of checks over the whole run. */
  public static final String ALL_SITES = "(all)";

  /** Share of a site's listings normalised this run with the field filled (a minimum). */
  public static final String FILL_RATE = "fill_rate";
  /** Failures this run met per input it started from (a maximum). */
  public static final String DEAD_LETTER_SHARE = "dead_letter_share";
  /** Listings read from payload lines per site, compared with the previous run's (a drop is a minimum). */
  public static final String PAYLOAD_LISTINGS = "payload_listings";
  /** Listing cards per list page walked, compared with the previous run's. */
  public static final String CARDS_PER_LIST_PAGE = "cards_per_list_page";

  private QualityRules() {}

  /**
   * The fill rate of {@code field} on {@code site}; null when the run normalised none of its
   * listings. Fewer than {@code minSample} listings are recorded but not judged: three listings
   * say little about a site.
   */
  public static @Nullable QualityCheck fillRate(String site, String field, long filled, long listings, Limits limits,
      long minSample) {
    if (listings <= 0) {
      return null;
    }
    double value = (double) filled / listings;
    GateStatus status = listings < minSample ? GateStatus.OK : below(value, limits);
    String what = "fill rate of " + field + " on " + site + " is " + percent(value) + " (" + filled + " of "
        + listings + " listings)";
    return new QualityCheck(site, FILL_RATE, field, value, null, limits.warn(), limits.fail(), status,
        what + (listings < minSample ? tooFew(minSample, "listings")
            : verdict(status, "below", limits.warn(), limits.fail(), QualityRules::percent)));
  }

  /**
   * Failures per input on {@code site} (or {@link #ALL_SITES}); null without inputs or failures. A
   * page that failed before it was fetched (robots.txt, an open circuit) is no input of its own, so
   * the share is capped at 100%. Fewer than {@code minSample} inputs are recorded but not judged:
   * an incremental rerun that only retries last run's one failed page is not a 100% failure rate.
   */
  public static @Nullable QualityCheck deadLetterShare(String site, long failures, long inputs, Limits limits,
      long minSample) {
    if (inputs <= 0 && failures <= 0) {
      return null;
    }
    long sample = Math.max(inputs, failures);
    double value = (double) failures / sample;
    GateStatus status = sample < minSample ? GateStatus.OK : above(value, limits);
    String what = "dead-letter share " + (site.equals(ALL_SITES) ? "of the run" : "on " + site) + " is "
        + percent(value) + " (" + plural(failures, "failure") + ", " + plural(inputs, "input") + ")";
    return new QualityCheck(site, DEAD_LETTER_SHARE, "", value, null, limits.warn(), limits.fail(), status,
        what + (sample < minSample ? tooFew(minSample, "inputs")
            : verdict(status, "above", limits.warn(), limits.fail(), QualityRules::percent)));
  }

  /**
   * {@code metric} on {@code site} this run against the previous run's {@code baseline}; {@code
   * dropShares} are the shares of the baseline it may lose (0.5: half) before warning and failing.
   * The check's limits are the values those drops leave. Without a baseline (a first run, or a
   * previous value of 0) the check is OK and says so.
   */
  public static QualityCheck rowCountDrop(String site, String metric, double value, @Nullable Double baseline,
      Limits dropShares) {
    if (baseline == null || baseline <= 0) {
      return new QualityCheck(site, metric, "", value, baseline, null, null, GateStatus.OK,
          metric + " on " + site + " is " + number(value) + "; no previous run to compare with");
    }
    Double warnLimit = dropShares.warn() == null ? null : baseline * (1 - dropShares.warn());
    Double failLimit = dropShares.fail() == null ? null : baseline * (1 - dropShares.fail());
    GateStatus status = below(value, new Limits(warnLimit, failLimit));
    double drop = 1 - value / baseline;
    String what = metric + " on " + site + " is " + number(value) + ", previous run " + number(baseline)
        + (drop > 0 ? " (" + percent(drop) + " fewer)" : "");
    Double threshold = status == GateStatus.FAIL ? dropShares.fail() : dropShares.warn();
    String verdict = status == GateStatus.OK ? ""
        : ", a drop of more than the " + percent(threshold) + " " + (status == GateStatus.FAIL ? "fail" : "warn")
            + " threshold";
    return new QualityCheck(site, metric, "", value, baseline, warnLimit, failLimit, status, what + verdict);
  }

  /** The status of a value that must stay at or above the limits. */
  static GateStatus below(double value, Limits limits) {
    if (limits.fail() != null && value < limits.fail()) {
      return GateStatus.FAIL;
    }
    return limits.warn() != null && value < limits.warn() ? GateStatus.WARN : GateStatus.OK;
  }

  /** The status of a value that must stay at or below the limits. */
  static GateStatus above(double value, Limits limits) {
    if (limits.fail() != null && value > limits.fail()) {
      return GateStatus.FAIL;
    }
    return limits.warn() != null && value > limits.warn() ? GateStatus.WARN : GateStatus.OK;
  }

  private static String verdict(GateStatus status, String side, @Nullable Double warn, @Nullable Double fail,
      java.util.function.DoubleFunction<String> format) {
    return switch (status) {
      case OK -> "";
      case WARN -> ", " + side + " the " + format.apply(warn) + " warn threshold";
      case FAIL -> ", " + side + " the " + format.apply(fail) + " fail threshold";
    };
  }

  private static String tooFew(long minSample, String what) {
    return "; not judged, fewer than " + minSample + " " + what;
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** 0.4125 → {@code 41.3%}, 1 → {@code 100%}. */
  static String percent(double share) {
    String s = String.format(Locale.ROOT, "%.1f", share * 100);
    return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + "%";
  }

  /** 40 → {@code 40}, 20.857 → {@code 20.9}. */
  static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
  }
}
