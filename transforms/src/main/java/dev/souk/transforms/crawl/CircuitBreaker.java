package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.time.Duration;

/**
 * Per-host circuit breaker policy as pure functions over a small {@link State}, so the same logic
 * runs in keyed Beam state and in plain unit tests. Closed: requests go through and consecutive
 * failures are counted. After {@code failureThreshold} in a row it opens for {@code coolDown}:
 * requests are refused without contacting the host. Once the cool-down has passed it is half-open:
 * the next request is a trial; success closes it, failure opens it for another cool-down.
 */
public final class CircuitBreaker implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What to do with the next request. */
  public enum Decision {
    ALLOW,
    /** Half-open: let one request through to probe the host. */
    TRIAL,
    REJECT
  }

  /**
   * One host's breaker: failures in a row, and until when it is open (epoch millis; 0 = closed).
   * An {@code openUntilMillis} in the past means half-open.
   */
  public record State(int consecutiveFailures, long openUntilMillis) implements Serializable {
    public static final State CLOSED = new State(0, 0);
  }

  /** Failures in a row that open a host's circuit, unless configured otherwise. */
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  /** Seconds an open circuit stays open, unless configured otherwise. */
  public static final long DEFAULT_COOL_DOWN_SECONDS = 60;

  private final int failureThreshold;
  private final Duration coolDown;

  private CircuitBreaker(int failureThreshold, Duration coolDown) {
    this.failureThreshold = failureThreshold;
    this.coolDown = coolDown;
  }

  public static CircuitBreaker of(int failureThreshold, Duration coolDown) {
    checkArgument(failureThreshold >= 1, "circuit breaker failure threshold must be at least 1, was %s",
        failureThreshold);
    checkArgument(coolDown != null && !coolDown.isNegative() && !coolDown.isZero(),
        "circuit breaker cool-down must be positive, was %s", coolDown);
    return new CircuitBreaker(failureThreshold, coolDown);
  }

  /** {@value #DEFAULT_FAILURE_THRESHOLD} failures in a row open a circuit for {@value #DEFAULT_COOL_DOWN_SECONDS} s. */
  public static CircuitBreaker defaults() {
    return of(DEFAULT_FAILURE_THRESHOLD, Duration.ofSeconds(DEFAULT_COOL_DOWN_SECONDS));
  }

  public int failureThreshold() {
    return failureThreshold;
  }

  public Duration coolDown() {
    return coolDown;
  }

  public Decision decide(State state, long nowMillis) {
    if (state.openUntilMillis() == 0) {
      return Decision.ALLOW;
    }
    return nowMillis < state.openUntilMillis() ? Decision.REJECT : Decision.TRIAL;
  }

  /** The host answered (any status that does not signal overload): close the breaker. */
  public State onSuccess(State state) {
    return State.CLOSED;
  }

  /** The host failed (5xx, 429, timeout, network error). */
  public State onFailure(State state, long nowMillis) {
    int failures = state.consecutiveFailures() + 1;
    boolean trialFailed = state.openUntilMillis() != 0;
    return trialFailed || failures >= failureThreshold
        ? new State(failures, nowMillis + coolDown.toMillis())
        : new State(failures, 0);
  }

  @Override
  public String toString() {
    return "CircuitBreaker{" + failureThreshold + " failures, cool-down " + coolDown + "}";
  }
}
