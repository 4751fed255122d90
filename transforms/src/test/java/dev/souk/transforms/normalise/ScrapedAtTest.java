package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.transforms.ingest.JsonLinesReader;
import dev.souk.transforms.ingest.PayloadLines;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scrape time of a replayed payload is the producer's, never the replay's: every real payload
 * file read as a user feeds it (physical lines through {@link PayloadLines}), at a "now" far
 * from November 2025.
 */
class ScrapedAtTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The replay's clock: 2030, so a record that took it stands out. */
  private static final Instant NOW = new Instant(java.time.Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());

  record Read(JsonNode line, RawListing raw) {}

  private static List<Read> read(String file) throws IOException {
    List<Read> out = new ArrayList<>();
    byte[] bytes = String.join("\n", RealRecords.lines(file)).getBytes(StandardCharsets.UTF_8);
    try (JsonLinesReader reader = new JsonLinesReader(new ByteArrayInputStream(bytes))) {
      for (JsonLinesReader.Line line = reader.next(); line != null; line = reader.next()) {
        if (PayloadLines.read(line, file, JsonLinesReader.DEFAULT_MAX_LINE_BYTES, NOW) instanceof PayloadLines.Listing l) {
          out.add(new Read(JSON.readTree(line.text()), l.listing()));
        }
      }
    }
    return out;
  }

  private static Instant utc(String iso) {
    return new Instant(java.time.Instant.parse(iso).toEpochMilli());
  }

  /** AMRES: the payload's scraping_time ("2025-11-25T00:15:13.303868", UTC), a little before its ingest_ts. */
  @ParameterizedTest
  @CsvSource({"bjibjihamza_AMRES_raw_avito_locations_2025-11-24.jsonl,38", "bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl,33"})
  void amresRecordsKeepTheirScrapingTime(String file, int rows) throws Exception {
    List<Read> reads = read(file);
    assertEquals(rows, reads.size());
    for (Read r : reads) {
      Instant scraping = utc(r.line().get("scraping_time").asText() + "Z");
      Instant ingest = utc(r.line().get("ingest_ts").asText() + "Z");
      assertEquals(scraping, r.raw().getObservedAt(), r.raw().getListingId());
      // Both naive, both UTC: the scrape precedes the sink's batch by seconds to minutes.
      Duration lag = Duration.ofMillis(ingest.getMillis() - scraping.getMillis());
      assertTrue(!lag.isNegative() && lag.compareTo(Duration.ofMinutes(5)) < 0, r.raw().getListingId() + " lag " + lag);
      assertFalse(OriginalPayloads.observedByClock(r.raw()));
      PropertyListing l = PropertyListingNormaliser.normalise(r.raw(), null);
      assertEquals(scraping, l.getScrapedAt());
      assertFalse(l.getQualityFlags().contains(Plausibility.SCRAPED_AT_FROM_CLOCK), l.getListingId());
    }
  }

  /**
   * The raw table exports: ingest_ts with a space and six digits (Avito's file; its error-only
   * payload is a raw listing too, refused later by the normaliser), or the notebook's three.
   */
  @ParameterizedTest
  @CsvSource({"avito_raw_2025-11-03.jsonl,177", "notebook_sample_payloads.jsonl,3"})
  void rawTableRowsKeepTheirIngestTs(String file, int rows) throws Exception {
    int n = 0;
    for (Read r : read(file)) {
      if (r.line().hasNonNull("ingest_ts")) {
        Instant ingest = utc(r.line().get("ingest_ts").asText().replace(' ', 'T') + "Z");
        assertEquals(ingest, r.raw().getObservedAt(), r.raw().getListingId());
        assertFalse(OriginalPayloads.observedByClock(r.raw()));
        n++;
      }
    }
    assertEquals(rows, n);
  }

  /**
   * Every real payload line has a time of its own but one: the notebook's raw Avito payload
   * 57133328, printed without its row. It takes the clock, and its row says so.
   */
  @Test
  void onlyTheRealRecordWithoutAnyTimeFallsBackToTheClock() throws Exception {
    List<String> fromClock = new ArrayList<>();
    int n = 0;
    for (String file : List.of("avito_raw_2025-11-03.jsonl", "notebook_sample_payloads.jsonl",
        "bjibjihamza_AMRES_raw_avito_locations_2025-11-24.jsonl", "bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl")) {
      for (Read r : read(file)) {
        n++;
        if (OriginalPayloads.observedByClock(r.raw())) {
          assertEquals(NOW, r.raw().getObservedAt());
          PropertyListing l = PropertyListingNormaliser.normalise(r.raw(), null);
          assertTrue(l.getQualityFlags().contains(Plausibility.SCRAPED_AT_FROM_CLOCK), l.getQualityFlags().toString());
          fromClock.add(r.raw().getListingId());
        } else {
          assertTrue(r.raw().getObservedAt().isBefore(utc("2025-12-01T00:00:00Z")), file + " " + r.raw().getListingId());
        }
      }
    }
    assertEquals(177 + 4 + 38 + 33, n);
    assertEquals(List.of("57133328"), fromClock);
  }

  private static final String AVITO = "{\"id\": \"1\", \"url\": \"https://www.avito.ma/fr/casablanca/appartements/a_1.htm\","
      + " \"title\": \"Appartement\", \"price_text\": \"4 500 DH\", \"breadcrumbs\": \"Accueil > Tout le Maroc > Casablanca\","
      + " \"category\": \"Appartements, à louer\", \"image_urls\": \"\"%s}";

  private static RawListing line(String payloadExtra, String rowExtra) {
    String payload = String.format(AVITO, payloadExtra);
    String text = rowExtra == null ? payload : "{\"id\": \"1\"" + rowExtra + ", \"payload\": " + JSON.valueToTree(payload) + "}";
    try (JsonLinesReader reader = new JsonLinesReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
      return ((PayloadLines.Listing) PayloadLines.read(reader.next(), "made-up.jsonl", 1 << 20, NOW)).listing();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each producer field name and form; the payload's own time beats the row's ingest_ts. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "'scraping_time': '2025-11-25T00:15:13.303868'|2025-11-25T00:15:13.303Z",
    "'scraped_at': '2025-11-25T00:15:13Z'|2025-11-25T00:15:13Z",
    "'scrapedAt': '2025-11-25T01:15:13.5+01:00'|2025-11-25T00:15:13.500Z",
    "'scrape_time': '2025-11-25 00:15:13'|2025-11-25T00:15:13Z",
    // An unreadable field is skipped for the next one.
    "'scraped_at': 'yesterday', 'scrapedAt': '2025-11-25T00:15:13.1'|2025-11-25T00:15:13.100Z",
  })
  void aPayloadsScrapeTimeIsRead(String field, String utc) {
    RawListing raw = line(", " + field.replace('\'', '"'), ", \"ingest_ts\": \"2025-11-26 08:00:00\"");
    assertEquals(utc(utc), raw.getObservedAt());
    assertFalse(OriginalPayloads.observedByClock(raw));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "2025-11-26 08:00:00|2025-11-26T08:00:00Z",
    "2025-11-26T08:00:00.123456|2025-11-26T08:00:00.123Z",
    "2025-11-26T08:00:00Z|2025-11-26T08:00:00Z",
    "2025-11-26T09:00:00+01:00|2025-11-26T08:00:00Z",
  })
  void aRowsIngestTsInAnyIsoFormIsTheFallback(String ingestTs, String utc) {
    RawListing raw = line("", ", \"ingest_ts\": \"" + ingestTs + "\"");
    assertEquals(utc(utc), raw.getObservedAt());
  }

  /** No time anywhere: the clock stands in, and the row says so instead of passing for a scrape. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "none", value = {"none", ", \"ingest_ts\": \"soon\"", ", \"ingest_ts\": null"})
  void withoutAnyTimeTheClockIsFlagged(String rowExtra) throws Exception {
    RawListing raw = line(", \"scraped_at\": \"\"", rowExtra);
    assertEquals(NOW, raw.getObservedAt());
    assertTrue(OriginalPayloads.observedByClock(raw));
    PropertyListing l = PropertyListingNormaliser.normalise(raw, null);
    assertEquals(List.of(Plausibility.SCRAPED_AT_FROM_CLOCK), l.getQualityFlags());
    assertEquals(NOW, l.getScrapedAt());
  }

  /** Souk's own pages carry their fetch time: never flagged, even when fetched and read in one millisecond. */
  @Test
  void pagesAreNeverFlagged() throws Exception {
    RealRecords.Record r = RealRecords.avito().get(0);
    assertEquals(r.raw().getObservedAt(), r.raw().getIngestTime());
    assertFalse(OriginalPayloads.observedByClock(r.raw()));
    assertFalse(PropertyListingNormaliser.normalise(r.raw(), null).getQualityFlags().contains(Plausibility.SCRAPED_AT_FROM_CLOCK));
  }
}
