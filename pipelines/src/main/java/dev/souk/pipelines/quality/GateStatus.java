package dev.souk.pipelines.quality;

/** What one quality check, or a run's checks together, came to: ordered from best to worst. */
public enum GateStatus {
  OK,
  WARN,
  FAIL;

  /** The worse of the two. */
  public GateStatus worst(GateStatus other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
