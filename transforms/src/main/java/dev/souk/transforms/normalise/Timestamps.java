package dev.souk.transforms.normalise;

import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.OFFSET_SECONDS;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A date-time in any of the ISO-8601 forms the producers wrote → an instant: {@code
 * 2025-11-03 01:15:15.002000} (the raw sink's ingest_ts), {@code 2025-11-25T00:15:13.303868}
 * (AMRES scraping_time and ingest_ts), {@code 2025-11-24T22:52:39.000Z} (Avito's time@datetime),
 * {@code 2025-11-24 22:52:39} (the original's published_date). Date and time are separated by
 * {@code T} or a space; seconds and a fraction of any length (1 to 9 digits) are optional; an
 * offset ({@code Z}, {@code +01:00}, {@code +0100}, {@code +01}) is optional and, when absent, the
 * caller says which zone the producer's wall time was in. Anything else is null, never a guess.
 * Stateless and thread-safe.
 */
public final class Timestamps {
  private static final DateTimeFormatter ISO_ANY = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendValue(HOUR_OF_DAY, 2).appendLiteral(':').appendValue(MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalEnd()
      // +01:00, +0100 or +01; X also reads Z (and z, case-insensitive).
      .appendPattern("[XXX][XX][X]")
      .toFormatter()
      // February 30 is no date, not February 28.
      .withResolverStyle(ResolverStyle.STRICT);

  private Timestamps() {}

  /**
   * @param naiveZone the zone of a time written without an offset (UTC for the producers' scrape
   *     and ingest times, Africa/Casablanca for the original's published_date)
   * @return null when {@code text} is absent, blank or in no such form
   */
  public static @Nullable Instant parse(@Nullable String text, ZoneId naiveZone) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      TemporalAccessor t = ISO_ANY.parse(text.strip());
      return t.isSupported(OFFSET_SECONDS)
          ? OffsetDateTime.from(t).toInstant()
          : LocalDateTime.from(t).atZone(naiveZone).toInstant();
    } catch (DateTimeException e) {
      // Unparseable, or a field out of range (hour 25, February 30).
      return null;
    }
  }
}
