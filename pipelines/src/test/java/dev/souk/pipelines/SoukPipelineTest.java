package dev.souk.pipelines;

import dev.souk.transforms.markets.Markets;
import dev.souk.pipelines.lake.LakeTables;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.model.FailureRecord;
import dev.souk.model.ListingVersion;
import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.model.Site;
import dev.souk.pipelines.options.SoukOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The whole graph on the bundled sample, on the DirectRunner: what comes out of every layer is
 * checked against what the sample's manifest says it holds (good listings, broken pages).
 */
public class SoukPipelineTest {
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final transient TestPipeline pipeline = TestPipeline.fromOptions(options());

  private static final SampleManifest SAMPLE = SampleManifest.load(options().getSites());

  private static SoukOptions options() {
    SoukOptions o = PipelineOptionsFactory.create().as(SoukOptions.class);
    o.setMaxListPages(50);
    return o;
  }

  private SoukOptions optionsIn(String dir) {
    SoukOptions o = pipeline.getOptions().as(SoukOptions.class);
    o.setOutputDir(dir);
    return o;
  }

  @Test
  public void fullGraphOnTheBundledSample() throws Exception {
    String out = tmp.newFolder("out").getAbsolutePath();
    SoukOptions options = optionsIn(out);
    SoukSettings settings = SoukSettings.from(options);
    Launch.prepare(settings, options);
    SoukPipeline.Graph graph = SoukPipeline.build(pipeline, settings);
    Set<String> realEstateKeys = SAMPLE.expectedListingKeys(Site.Market.REAL_ESTATE);
    Set<String> phoneKeys = SAMPLE.expectedListingKeys(Site.Market.USED_PHONES);
    assertThat("the sample has good real-estate listings", realEstateKeys.size(), greaterThan(50));
    assertThat("the sample has good phone listings", phoneKeys.size(), greaterThan(50));

    PAssert.that(graph.market(Markets.REAL_ESTATE).versions()).satisfies(listings -> {
      assertThat(keysOf(listings), equalTo(realEstateKeys));
      for (PropertyListing l : listings) {
        assertThat(l.getUrl() + " has a title", l.getTitle(), not(equalTo(null)));
        assertThat(l.getUrl() + " has a content hash", l.getContentHash().length(), equalTo(64));
      }
      return null;
    });
    PAssert.that(graph.market(Markets.USED_PHONES).versions()).satisfies(listings -> {
      assertThat(keysOf(listings), equalTo(phoneKeys));
      for (PhoneListing l : listings) {
        assertThat(l.getUrl() + " is priced in EGP or on request",
            l.getPriceOnRequest() || "EGP".equals(l.getPriceCurrency()), is(true));
      }
      return null;
    });
    PAssert.that(graph.market(Markets.REAL_ESTATE).newVersions()).satisfies(listings -> {
      assertThat("first run writes every listing to silver", count(listings), equalTo((long) realEstateKeys.size()));
      return null;
    });
    PAssert.that(graph.market(Markets.USED_PHONES).newVersions()).satisfies(listings -> {
      assertThat(count(listings), equalTo((long) phoneKeys.size()));
      return null;
    });
    PAssert.that(graph.warehouseRows().get("fact_property_listing")).satisfies(rows -> {
      assertThat(count(rows), equalTo((long) realEstateKeys.size()));
      rows.forEach(r -> assertThat(r.getString("content_hash").length(), equalTo(64)));
      return null;
    });
    PAssert.that(graph.warehouseRows().get("fact_used_phone_listings")).satisfies(rows -> {
      assertThat(count(rows), equalTo((long) phoneKeys.size()));
      return null;
    });
    PAssert.that(graph.warehouseRows().get("dim_source")).satisfies(rows -> {
      Set<String> codes = new TreeSet<>();
      rows.forEach(r -> codes.add(r.getString("source_code")));
      assertThat(codes, equalTo(SAMPLE.sites()));
      return null;
    });
    PAssert.that(graph.warehouseRows().get("dim_listing_url")).satisfies(rows -> {
      assertThat(count(rows), equalTo((long) (realEstateKeys.size() + phoneKeys.size())));
      return null;
    });
    PAssert.that(graph.warehouseRows().get("dim_product")).satisfies(rows -> {
      Set<String> brands = new TreeSet<>();
      rows.forEach(r -> brands.add(r.getString("brand")));
      assertThat(brands, hasItem("Apple"));
      return null;
    });
    PAssert.that(graph.warehouseRows().get("dim_location")).satisfies(rows -> {
      assertThat("listings share locations", count(rows), greaterThan(5L));
      rows.forEach(r -> assertThat(r.getString("country"), isOneOf("MA", "EG")));
      return null;
    });
    Set<String> expectedFailureUrls = new TreeSet<>();
    SAMPLE.details("fetch_failure").forEach(e -> expectedFailureUrls.add("fetch " + e.url()));
    SAMPLE.details("layout_changed").forEach(e -> expectedFailureUrls.add("parse " + e.url()));
    assertThat("the sample has broken pages", expectedFailureUrls.size(), greaterThan(1));
    PAssert.that(graph.failures()).satisfies(failures -> {
      Set<String> got = new TreeSet<>();
      for (FailureRecord f : failures) {
        got.add(f.getStep() + " " + f.getUrl());
        assertThat("failure at " + f.getUrl() + " keeps its payload", f.getPayload().isEmpty(), is(false));
        if (f.getStep().equals("parse")) {
          assertThat(f.getReason(), equalTo("layout_changed"));
        }
      }
      assertThat("every failure is an expected broken page, and every broken page failed", got,
          equalTo(expectedFailureUrls));
      return null;
    });

    pipeline.run().waitUntilFinish();

    // Re-read what the run wrote, outside Beam.
    IcebergLake lake = settings.lake();
    assertThat(lake.count(LakeTables.silver(Markets.REAL_ESTATE).id()), equalTo((long) realEstateKeys.size()));
    assertThat(lake.count(LakeTables.silver(Markets.USED_PHONES).id()), equalTo((long) phoneKeys.size()));
    assertThat(lake.count(LakeTables.DEAD_LETTER.id()), equalTo((long) expectedFailureUrls.size()));
    long goodPages = realEstateKeys.size() + phoneKeys.size();
    long detailPages = goodPages + SAMPLE.details("fetch_failure").size() + SAMPLE.details("layout_changed").size();
    assertThat("bronze holds every fetched page", lake.count(LakeTables.BRONZE_PAGES.id()),
        equalTo(SAMPLE.listPages() + detailPages));
    assertThat(lake.count(LakeTables.BRONZE_RAW_LISTINGS.id()), equalTo(goodPages));
    Set<String> silverKeys = lake.scan(LakeTables.silver(Markets.REAL_ESTATE).id()).stream()
        .map(r -> r.getField("source") + "/" + r.getField("listingId"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(silverKeys, equalTo(realEstateKeys));

    try (Warehouse warehouse = settings.warehouse().open()) {
      assertThat(warehouse.count("fact_property_listing"), equalTo((long) realEstateKeys.size()));
      assertThat(warehouse.count("fact_used_phone_listings"), equalTo((long) phoneKeys.size()));
      assertThat(warehouse.count("dim_listing_url"), equalTo(goodPages));
      assertThat(warehouse.count("dim_source"), equalTo((long) SAMPLE.sites().size()));
      List<Map<String, Object>> orphans = warehouse.query(
          "SELECT f.listing_version_key FROM fact_property_listing f "
              + "LEFT JOIN dim_location l USING (location_key) LEFT JOIN dim_seller s USING (seller_key) "
              + "LEFT JOIN dim_listing_url u USING (listing_url_key) LEFT JOIN dim_date d ON d.date_key = f.scraped_date_key "
              + "WHERE l.location_key IS NULL OR s.seller_key IS NULL OR u.listing_url_key IS NULL OR d.date_key IS NULL");
      assertThat("every property fact resolves to its dimensions", orphans, empty());
      List<Map<String, Object>> phoneOrphans = warehouse.query(
          "SELECT f.listing_version_key FROM fact_used_phone_listings f "
              + "LEFT JOIN dim_product p USING (product_key) LEFT JOIN dim_source s USING (source_key) "
              + "WHERE p.product_key IS NULL OR s.source_key IS NULL");
      assertThat("every phone fact resolves to its dimensions", phoneOrphans, empty());
      // One version per listing in the sample: one open history row each, keyed like the facts.
      assertThat(warehouse.count("dim_listing_history"), equalTo(goodPages));
      assertThat(warehouse.query("SELECT listing_version_key FROM dim_listing_history WHERE NOT is_current"
          + " OR valid_to IS NOT NULL OR version_number <> 1"), empty());
      assertThat("every fact version has its history row", warehouse.query(
          "SELECT listing_version_key FROM (SELECT listing_version_key FROM fact_property_listing"
              + " UNION ALL SELECT listing_version_key FROM fact_used_phone_listings) f"
              + " LEFT JOIN dim_listing_history h USING (listing_version_key) WHERE h.listing_version_key IS NULL"),
          empty());
      assertThat(warehouse.query(RunSummary.EXAMPLE_QUERY), not(empty()));
    }
  }

  private static Set<String> keysOf(Iterable<? extends ListingVersion> listings) {
    List<String> keys = new ArrayList<>();
    listings.forEach(l -> keys.add(l.listingKey()));
    assertThat("one silver row per listing, no duplicates", keys.size(), equalTo(new HashSet<>(keys).size()));
    return new TreeSet<>(keys);
  }

  private static <T> long count(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false).count();
  }
}
