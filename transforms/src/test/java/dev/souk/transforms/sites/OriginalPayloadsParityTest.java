package dev.souk.transforms.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.normalise.NormalisationException;
import dev.souk.transforms.normalise.OriginalPayloads;
import dev.souk.transforms.normalise.PropertyListingNormaliser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The sample pages were filled from the real records, so a listing read from its page and the
 * same listing read from the producer's payload must give the same silver row, content hash
 * included. No field is exempt: the pages show only what their record holds, so nothing a format
 * lacks (Avito v1 seller links, Mubawab v0/v1 map pins) appears on its page either.
 */
class OriginalPayloadsParityTest {
  private static final Instant SCRAPED = Instant.parse("2025-11-25T00:16:12Z");

  @Test
  void everyPayloadGivesTheSilverRowOfItsPage() throws Exception {
    Map<String, Integer> compared = new TreeMap<>();
    List<String> mismatches = new ArrayList<>();
    long offset = 0;
    for (SampleSite.Entry e : SampleSite.manifest()) {
      if (!e.kind().equals("detail") || !"listing".equals(e.expect())
          || Site.fromCode(e.site()).market() != Site.Market.REAL_ESTATE) {
        continue; // the original producers only ever published real-estate payloads
      }
      JsonNode payload = SampleSite.record(e);
      RawListing fromKafka = OriginalPayloads.toRawListing(e.site(), e.recordId(), payload.toString(),
          "realestate." + e.site() + ".raw", 0, offset++, SCRAPED, SCRAPED);
      PropertyListing viaPayload = PropertyListingNormaliser.normalise(fromKafka, null);
      PropertyListing viaPage = PropertyListingNormaliser.normalise(pageRecord(e, payload), null);

      if (!viaPayload.equals(viaPage)) {
        mismatches.add(e.file() + " (" + fromKafka.getPayloadFormat() + "):\n  page    " + viaPage + "\n  payload " + viaPayload);
      }
      compared.merge(fromKafka.getPayloadFormat(), 1, Integer::sum);
    }
    assertTrue(mismatches.isEmpty(), mismatches.size() + " rows differ:\n" + String.join("\n", mismatches));
    assertEquals(Map.of(OriginalPayloads.AVITO_KAFKA_V1, 96, OriginalPayloads.AMRES_V1, 71,
        OriginalPayloads.MUBAWAB_KAFKA_V0, 24, OriginalPayloads.MUBAWAB_KAFKA_V1, 2), compared);
  }

  /** The page of the ad the producer read without a title fails on both paths with the same code. */
  @Test
  void aRemovedAdFailsAlikeFromItsPageAndItsPayload() throws Exception {
    SampleSite.Entry e = SampleSite.manifest().stream()
        .filter(x -> "layout_changed".equals(x.expect()) && x.site().equals("avito")).findFirst().orElseThrow();
    PageParseException page = assertThrows(PageParseException.class,
        () -> SiteAdapters.forSite(Site.AVITO).parseDetailPage(e.url(), e.html()));
    RawListing raw = OriginalPayloads.toRawListing("avito", e.recordId(), SampleSite.record(e).toString(),
        "realestate.avito.raw", 0, 0, SCRAPED, SCRAPED);
    NormalisationException payload = assertThrows(NormalisationException.class,
        () -> PropertyListingNormaliser.normalise(raw, null));
    assertEquals(page.reason(), payload.reason());
  }

  /** The page as Souk's crawler would store it, reached from the start page of the producer's mode. */
  private static RawListing pageRecord(SampleSite.Entry e, JsonNode payload) throws PageParseException {
    RawListingFields f = SiteAdapters.forSite(Site.fromCode(e.site())).parseDetailPage(e.url(), e.html());
    String mode = payload.path("listing_type").asText(payload.path("offre").asText(null));
    f.crawlMode = mode == null ? null : mode.startsWith("loc") ? "rent" : "sale";
    // The page fetched when the producer scraped it: an AMRES payload says when (scraping_time, UTC).
    Instant fetched = payload.hasNonNull("scraping_time")
        ? Instant.parse(payload.get("scraping_time").asText() + "Z") : SCRAPED;
    return RawListing.create(e.site(), f.listingId, e.url(), f.toJson(), RawListingFields.FORMAT, "page:" + e.url(),
        fetched, fetched);
  }
}
