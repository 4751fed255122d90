package dev.souk.transforms.model;

import dev.souk.model.PropertyListing;
import dev.souk.model.Site;
import dev.souk.transforms.SilverSamples;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

/** Beam tests (JUnit 4: TestPipeline is a rule) of one row per primary key. */
public class ModelStarSchemaTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  // Three listings of one seller: the names fold to "serraj immobilier".
  private static final PropertyListing CAPITALISED = SilverSamples.fullProperty().toBuilder()
      .setListingId("1").setSellerName("Serraj Immobilier").setSellerIsStore(null).build();
  private static final PropertyListing LOWER_CASE = SilverSamples.fullProperty().toBuilder()
      .setListingId("2").setSellerName("Serraj immobilier").setSellerIsStore(true).build();
  private static final PropertyListing NO_URL = SilverSamples.fullProperty().toBuilder()
      .setListingId("3").setSellerName("Serraj Immobilier").setSellerUrl(null).setSellerIsStore(true).build();

  @Test
  public void oneSellerRowPerKeyWhateverTheArrivalOrder() {
    // The least row, whole (not merged): display name "Serraj Immobilier" before "Serraj
    // immobilier" ('I' < 'i'), then a URL before none (a known value wins a tie).
    Row expected = seller(CAPITALISED);
    List<List<PropertyListing>> orders = List.of(
        List.of(CAPITALISED, LOWER_CASE, NO_URL), List.of(NO_URL, LOWER_CASE, CAPITALISED),
        List.of(LOWER_CASE, NO_URL, CAPITALISED));
    for (int i = 0; i < orders.size(); i++) {
      PCollectionTuple star = p.apply("Create" + i, Create.of(orders.get(i)))
          .apply("Star" + i, ModelStarSchema.realEstate());
      PAssert.that("seller " + i, star.get(ModelStarSchema.tag(ConformedDimensions.DIM_SELLER)))
          .containsInAnyOrder(expected);
      PAssert.that("source " + i, star.get(ModelStarSchema.tag(ConformedDimensions.DIM_SOURCE)))
          .containsInAnyOrder(ConformedDimensions.source(Site.AVITO).row().row());
      PAssert.that("facts " + i, star.get(ModelStarSchema.tag(PropertyStarSchema.FACT_PROPERTY_LISTING)))
          .containsInAnyOrder(fact(CAPITALISED), fact(LOWER_CASE), fact(NO_URL));
    }
    p.run();
  }

  @Test
  public void aVersionScrapedTwiceIsOneFactRowTheFirstSighting() {
    PropertyListing first = SilverSamples.fullProperty();
    PropertyListing again = first.toBuilder().setScrapedAt(first.getScrapedAt().plus(Duration.standardDays(2))).build();
    PCollectionTuple star = p.apply(Create.of(again, first)).apply(ModelStarSchema.realEstate());
    PAssert.that(star.get(ModelStarSchema.tag(PropertyStarSchema.FACT_PROPERTY_LISTING)))
        .containsInAnyOrder(fact(first));
    p.run();
  }

  private static Row seller(PropertyListing l) {
    return row(l, ConformedDimensions.DIM_SELLER.name());
  }

  private static Row fact(PropertyListing l) {
    return row(l, PropertyStarSchema.FACT_PROPERTY_LISTING.name());
  }

  private static Row row(PropertyListing l, String table) {
    return PropertyStarSchema.rowsFor(l).stream().filter(r -> r.table().name().equals(table))
        .findFirst().orElseThrow().row();
  }
}
