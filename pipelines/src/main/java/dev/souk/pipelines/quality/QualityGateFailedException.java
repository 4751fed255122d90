package dev.souk.pipelines.quality;

/**
 * Thrown by the launcher after a run with {@code --qualityGates=fail} failed a check: only once
 * the lake, the warehouse, the quality table and the run report are written, so nothing is lost
 * and the failure is there to inspect. Its message is one line.
 */
public final class QualityGateFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient QualityOutcome outcome;

  public QualityGateFailedException(QualityOutcome outcome) {
    super(outcome.failureLine());
    this.outcome = outcome;
  }

  public QualityOutcome outcome() {
    return outcome;
  }
}
