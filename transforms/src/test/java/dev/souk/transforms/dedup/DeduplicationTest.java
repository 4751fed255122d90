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

/** Beam tests (JUnit 4: TestPipeline is a rule) of distinct versions and new-version filtering. */
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

  @Test
  public void keepsEveryDistinctVersionAndCollapsesExactDuplicatesIntoTheFirstSeen() {
    PropertyListing first = listing("avito", "1", 1_000, "h-7000", "7000");
    PropertyListing sameContentLater = listing("avito", "1", 3_000, "h-7000", "7000");
    PropertyListing priceDrop = listing("avito", "1", 2_000, "h-6500", "6500");
    PropertyListing otherSite = listing("mubawab", "1", 3_000, "h-7000", "7000");
    PCollection<PropertyListing> out = p.apply(Create.of(sameContentLater, priceDrop, first, otherSite))
        .apply(DistinctVersions.create());
    PAssert.that(out).containsInAnyOrder(first, priceDrop, otherSite);
    p.run();
  }

  @Test
  public void theSurvivingDuplicateDoesNotDependOnArrivalOrder() {
    PropertyListing a = listing("avito", "5", 1_000, "same", "1").toBuilder().setSellerUrl("https://a.invalid").build();
    PropertyListing b = listing("avito", "5", 1_000, "same", "1").toBuilder().setSellerUrl("https://b.invalid").build();
    PropertyListing expected = a.toString().compareTo(b.toString()) <= 0 ? a : b;
    PAssert.that(p.apply("ab", Create.of(a, b)).apply("DistinctAB", DistinctVersions.create())).containsInAnyOrder(expected);
    PAssert.that(p.apply("ba", Create.of(b, a)).apply("DistinctBA", DistinctVersions.create())).containsInAnyOrder(expected);
    p.run();
  }
}
