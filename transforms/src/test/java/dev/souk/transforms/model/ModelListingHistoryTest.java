package dev.souk.transforms.model;

import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/** Beam tests (JUnit 4: TestPipeline is a rule) of history rows from new and stored versions. */
public class ModelListingHistoryTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Instant T1 = Instant.parse("2025-01-05T10:00:00Z");
  private static final Instant T2 = Instant.parse("2025-02-20T08:00:00Z");

  private static Row v(String id, String hash, Instant at, String price) {
    return ListingHistory.version("mubawab", id, hash, at, new BigDecimal(price), "MAD", false);
  }

  @Test
  public void aNewVersionRewritesItsListingsChainAndLeavesUntouchedListingsOut() {
    Row stored1 = v("1", "a", T1, "100");
    Row untouched = v("2", "x", T1, "500");
    Row new1 = v("1", "b", T2, "90");
    PCollection<Row> stored = p.apply("Stored", Create.of(stored1, untouched, new1)
        .withRowSchema(ListingHistory.VERSION));
    PCollection<Row> history = p.apply("New", Create.of(new1).withRowSchema(ListingHistory.VERSION))
        .apply(ModelListingHistory.against(stored));

    PAssert.that(history).containsInAnyOrder(rows(List.of(stored1, new1)));
    p.run();
  }

  @Test
  public void withoutStoredVersionsTheInputIsTheWholeHistory() {
    Row a = v("1", "a", T1, "100");
    Row b = v("1", "b", T2, "90");
    PCollection<Row> history = p.apply(Create.of(b, a).withRowSchema(ListingHistory.VERSION))
        .apply(ModelListingHistory.ofInputAlone());
    PAssert.that(history).containsInAnyOrder(rows(List.of(a, b)));
    p.run();
  }

  private static List<Row> rows(List<Row> versions) {
    return ListingHistory.rowsFor(versions).stream().map(TableRow::row).toList();
  }
}
