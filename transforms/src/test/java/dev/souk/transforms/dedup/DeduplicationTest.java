package dev.souk.transforms.dedup;

import dev.souk.model.PropertyListing;
import java.math.BigDecimal;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/** Beam tests (JUnit 4: TestPipeline is a rule) of latest-per-listing and new-version filtering. */
public class DeduplicationTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static PropertyListing listing(String source, String id, long scrapedAtMillis, String hash, String price) {
    return PropertyListing.builder()
        .setSource(source)
        .setListingId(id)
        .setUrl("https://example.invalid/" + id)
        .setPriceAmount(new BigDecimal(price))
        .setPriceCurrency("MAD")
        .setScrapedAt(new Instant(scrapedAtMillis))
        .setContentHash(hash)
        .build();
  }

  @Test
  public void keepsTheNewestVersionPerSourceAndId() {
    PropertyListing old = listing("avito", "1", 1_000, "h-old", "7000");
    PropertyListing newest = listing("avito", "1", 2_000, "h-new", "6500");
    PropertyListing sameIdOtherSite = listing("mubawab", "1", 500, "h-m", "9000");
    PCollection<PropertyListing> out =
        p.apply(Create.of(old, newest, sameIdOtherSite)).apply(LatestPerListing.create());
    PAssert.that(out).containsInAnyOrder(newest, sameIdOtherSite);
    p.run();
  }

  @Test
  public void equalScrapeTimesAreBrokenByContentHashNotByArrivalOrder() {
    PropertyListing a = listing("avito", "7", 1_000, "aaa", "1");
    PropertyListing b = listing("avito", "7", 1_000, "bbb", "2");
    PAssert.that(p.apply("ab", Create.of(a, b)).apply("LatestAB", LatestPerListing.create())).containsInAnyOrder(b);
    PAssert.that(p.apply("ba", Create.of(b, a)).apply("LatestBA", LatestPerListing.create())).containsInAnyOrder(b);
    p.run();
  }

  @Test
  public void dropsVersionsAlreadyStoredAndKeepsChangedOnes() {
    PropertyListing unchanged = listing("avito", "1", 2_000, "same", "7000");
    PropertyListing priceDrop = listing("avito", "2", 2_000, "new-hash", "6000");
    PropertyListing brandNew = listing("mubawab", "3", 2_000, "x", "5000");
    PCollection<KV<String, String>> stored = p.apply("Stored", Create.of(
        KV.of("avito/1", "same"), KV.of("avito/2", "old-hash"), KV.of("avito/9", "gone")));
    PCollection<PropertyListing> out = p.apply("Candidates", Create.of(unchanged, priceDrop, brandNew))
        .apply(KeepNewVersions.against(stored));
    PAssert.that(out).containsInAnyOrder(priceDrop, brandNew);
    p.run();
  }
}
