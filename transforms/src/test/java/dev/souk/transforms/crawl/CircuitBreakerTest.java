package dev.souk.transforms.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.transforms.crawl.CircuitBreaker.Decision;
import dev.souk.transforms.crawl.CircuitBreaker.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final CircuitBreaker breaker = CircuitBreaker.of(3, Duration.ofSeconds(10));

  @Test
  void opensAfterThresholdConsecutiveFailuresOnly() {
    State s = State.CLOSED;
    s = breaker.onFailure(s, 1_000);
    s = breaker.onFailure(s, 2_000);
    assertEquals(Decision.ALLOW, breaker.decide(s, 2_001));
    s = breaker.onFailure(s, 3_000);
    assertEquals(Decision.REJECT, breaker.decide(s, 3_001));
    assertEquals(Decision.REJECT, breaker.decide(s, 12_999));
  }

  @Test
  void aSuccessResetsTheCount() {
    State s = breaker.onFailure(breaker.onFailure(State.CLOSED, 1), 2);
    s = breaker.onSuccess(s);
    s = breaker.onFailure(breaker.onFailure(s, 3), 4);
    assertEquals(Decision.ALLOW, breaker.decide(s, 5));
  }

  @Test
  void halfOpenAfterCoolDownThenClosesOnSuccess() {
    State open = breaker.onFailure(breaker.onFailure(breaker.onFailure(State.CLOSED, 0), 0), 0);
    assertEquals(Decision.TRIAL, breaker.decide(open, 10_000));
    State closed = breaker.onSuccess(open);
    assertEquals(State.CLOSED, closed);
    assertEquals(Decision.ALLOW, breaker.decide(closed, 10_001));
  }

  @Test
  void aFailedTrialReopensForAFullCoolDown() {
    State open = breaker.onFailure(breaker.onFailure(breaker.onFailure(State.CLOSED, 0), 0), 0);
    State reopened = breaker.onFailure(open, 15_000);
    assertEquals(Decision.REJECT, breaker.decide(reopened, 24_999));
    assertEquals(Decision.TRIAL, breaker.decide(reopened, 25_000));
  }

  @Test
  void rejectsNonsenseSettings() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CircuitBreaker.of(0, Duration.ofSeconds(1)));
    assertEquals("circuit breaker failure threshold must be at least 1, was 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CircuitBreaker.of(1, Duration.ZERO));
  }
}
