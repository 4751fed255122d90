package dev.souk.pipelines.quality;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The two thresholds of one check: where it warns and where it fails. Either may be null (off).
 * Whether they are minima or maxima is the rule's business ({@link QualityRules}).
 */
public record Limits(@Nullable Double warn, @Nullable Double fail) {
  public static final Limits OFF = new Limits(null, null);

  public boolean off() {
    return warn == null && fail == null;
  }
}
