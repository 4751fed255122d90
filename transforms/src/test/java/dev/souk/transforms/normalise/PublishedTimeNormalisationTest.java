package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishedTimeNormalisationTest {
  private static final Instant SCRAPED = Instant.parse("2025-11-25T12:00:00Z");

  @Test
  void everyRealAvitoDateParsesToAnInstantBeforeTheScrape() {
    int parsed = 0;
    for (RealRecords.Record r : RealRecords.avito()) {
      if (r.fields().publishedText != null) {
        Instant t = PublishedTimeParser.parse(r.fields().publishedText, SCRAPED);
        assertNotNull(t, r.fields().publishedText);
        assertTrue(t.isBefore(SCRAPED), r.fields().publishedText);
        parsed++;
      }
    }
    assertTrue(parsed > 200, "parsed " + parsed);
  }

  @Test
  void absoluteForms() {
    assertEquals(Instant.parse("2025-11-24T22:52:39Z"), PublishedTimeParser.parse("2025-11-24T22:52:39.000Z", SCRAPED));
    // Casablanca is UTC+1 in November 2025.
    assertEquals(Instant.parse("2025-11-02T11:15:03Z"), PublishedTimeParser.parse("2025-11-02 12:15:03", SCRAPED));
    assertNull(PublishedTimeParser.parse(null, SCRAPED));
    assertNull(PublishedTimeParser.parse("Dernière mise à jour", SCRAPED));
  }

  /** The ISO forms beyond the two the sites showed: T, any fraction length, an offset or none. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "2025-11-24T22:52:39.000Z|2025-11-24T22:52:39Z",
    "2025-11-24T22:52:39Z|2025-11-24T22:52:39Z",
    "2025-11-24T23:52:39+01:00|2025-11-24T22:52:39Z",
    // Without an offset: Casablanca wall time, whatever the separator or fraction.
    "2025-11-24T23:52:39|2025-11-24T22:52:39Z",
    "2025-11-24T23:52:39.926803|2025-11-24T22:52:39.926803Z",
    "2025-11-24 23:52:39.5|2025-11-24T22:52:39.500Z",
    "2025-11-24 23:52|2025-11-24T22:52:00Z",
  })
  void everyIsoForm(String text, String utc) {
    assertEquals(Instant.parse(utc), PublishedTimeParser.parse(text, SCRAPED));
  }

  /** The AMRES Avito file's published_date is Avito's own time@datetime, in UTC. */
  @Test
  void everyAmresAvitoDateIsReadAsWritten() throws Exception {
    int n = 0;
    for (String line : RealRecords.lines("bjibjihamza_AMRES_raw_avito_locations_2025-11-24.jsonl")) {
      String text = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("published_date").asText();
      assertEquals(Instant.parse(text), PublishedTimeParser.parse(text, SCRAPED), text);
      n++;
    }
    assertEquals(38, n);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "il y a 5 heures|PT5H",
    "il y a 1 heure|PT1H",
    "il y a 30 minutes|PT30M",
    "il y a 2 jours|P2D",
    "il y a 1 semaine|P7D",
    "il y a 3 mois|P90D",
    "il y a 1 an|P365D",
    "hier|P1D",
    "aujourd'hui|PT0S",
    "à l'instant|PT0S",
    "منذ 5 ساعات|PT5H",
    "منذ ٣ أيام|P3D",
    "منذ ساعة|PT1H",
    "منذ يومين|P2D",
    "منذ أسبوع|P7D",
    "أمس|P1D",
  })
  void relativeForms(String text, String ago) {
    assertEquals(SCRAPED.minus(Duration.parse(ago)), PublishedTimeParser.parse(text, SCRAPED), text);
  }
}
