package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");

  /** Every form the producers wrote, and the neighbours a producer could write next. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    // AMRES scraping_time and ingest_ts: T, six fraction digits, no zone.
    "2025-11-25T00:16:34.926803|2025-11-25T00:16:34.926803Z",
    // The raw sink's ingest_ts: a space, six digits; the notebook export's three.
    "2025-11-03 01:15:15.002000|2025-11-03T01:15:15.002Z",
    "2025-11-08 10:31:02.512|2025-11-08T10:31:02.512Z",
    // Avito's time@datetime.
    "2025-11-24T22:52:39.000Z|2025-11-24T22:52:39Z",
    "2025-11-24T22:52:39z|2025-11-24T22:52:39Z",
    // Any fraction length, down to none, and no seconds at all.
    "2025-11-25T00:16:34.9|2025-11-25T00:16:34.900Z",
    "2025-11-25T00:16:34.123456789|2025-11-25T00:16:34.123456789Z",
    "2025-11-25T00:16:34|2025-11-25T00:16:34Z",
    "2025-11-25 00:16|2025-11-25T00:16:00Z",
    // Offsets in every spelling: they win over the naive zone.
    "2025-11-25T01:16:34+01:00|2025-11-25T00:16:34Z",
    "2025-11-25T01:16:34.5+0100|2025-11-25T00:16:34.500Z",
    "2025-11-25T01:16:34+01|2025-11-25T00:16:34Z",
    "2025-11-24T19:16:34-05:00|2025-11-25T00:16:34Z",
    "  2025-11-25T00:16:34Z  |2025-11-25T00:16:34Z",
  })
  void readsEveryIsoForm(String text, String utc) {
    assertEquals(Instant.parse(utc), Timestamps.parse(text, ZoneOffset.UTC));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    // Casablanca is UTC+1 in November 2025: a naive wall time is read in the caller's zone.
    "2025-11-02 12:15:03|2025-11-02T11:15:03Z",
    "2025-11-02T12:15:03.250|2025-11-02T11:15:03.250Z",
    // An offset is not the caller's to override.
    "2025-11-02T12:15:03Z|2025-11-02T12:15:03Z",
  })
  void aNaiveTimeIsInTheCallersZone(String text, String utc) {
    assertEquals(Instant.parse(utc), Timestamps.parse(text, CASABLANCA));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "2025-11-25", "2025-13-01 00:00:00", "2025-02-30T10:00:00", "2025-11-25T25:00:00",
      "25/11/2025 10:00", "il y a 5 heures", "1732493794", "2025-11-25T00:16:34.1234567890", "2025-11-25T00:16:34 UTC+1"})
  void anythingElseIsNullNotAGuess(String text) {
    assertNull(Timestamps.parse(text, ZoneOffset.UTC));
  }
}
