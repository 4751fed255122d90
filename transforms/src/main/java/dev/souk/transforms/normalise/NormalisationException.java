package dev.souk.transforms.normalise;

/** A raw listing that cannot become a silver row; {@link #reason()} goes to the dead letter. */
public class NormalisationException extends Exception {
  private final String reason;

  public NormalisationException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
