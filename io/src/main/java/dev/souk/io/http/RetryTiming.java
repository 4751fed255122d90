package dev.souk.io.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before a retry. */
final class RetryTiming {
  private RetryTiming() {}

  /**
   * Exponential back-off for the {@code retry}-th retry (1-based), capped, with "equal jitter":
   * half fixed so waits keep growing, half random so workers hitting one host do not sync up.
   */
  static Duration backoff(int retry, Duration base, Duration cap) {
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(retry - 1, 20));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }

  /** Parses Retry-After as delay-seconds or an HTTP-date; past dates mean no wait. */
  static Optional<Duration> retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
