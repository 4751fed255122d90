package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.google.auto.value.AutoValue;
import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.model.ListingVersion;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.transforms.markets.MarketSpec;
import dev.souk.transforms.markets.Markets;
import dev.souk.transforms.model.ModelStarSchema;
import dev.souk.transforms.model.TableRow;
import dev.souk.transforms.normalise.NormalisationException;
import dev.souk.transforms.normalise.NormaliseListings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The market registry is a real extension point: a market defined only in this test (the words of
 * Mubawab titles) joins the main job through {@link SoukSettings#withMarkets} alone, and gets its
 * silver table in the lake and its star table in the warehouse beside the built-in markets.
 */
class ToyMarketTest {
  @TempDir Path tmp;

  /** The toy market's silver row: a listing's title, lower-cased. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class TitleListing implements ListingVersion {
    @Override
    public abstract String getSource();

    @Override
    public abstract String getListingId();

    @Override
    public abstract String getUrl();

    @Override
    public abstract Instant getScrapedAt();

    @Override
    public abstract String getContentHash();

    public abstract String getTitle();

    @SchemaCreate
    public static TitleListing create(
        String source, String listingId, String url, Instant scrapedAt, String contentHash, String title) {
      return new AutoValue_ToyMarketTest_TitleListing(source, listingId, url, scrapedAt, contentHash, title);
    }
  }

  static final WarehouseTable FACT_TITLES = WarehouseTable.of("fact_listing_titles",
      Schema.builder().addStringField("listing_key").addStringField("title").addInt32Field("words").build(),
      List.of("listing_key"));

  static TitleListing titleOf(RawListing raw) throws NormalisationException {
    RawListingFields fields = RawListingFields.fromJson(raw.getPayload());
    if (fields.title == null || fields.title.isBlank()) {
      throw new NormalisationException("missing_title", "the page has no title");
    }
    String title = fields.title.strip().toLowerCase(Locale.ROOT);
    return TitleListing.create(raw.getSite(), raw.getListingId(), raw.getUrl(), raw.getObservedAt(),
        Integer.toHexString(title.hashCode()), title);
  }

  static final MarketSpec<TitleListing> TITLES = new MarketSpec<>() {
    @Override
    public String name() {
      return "Titles";
    }

    @Override
    public String silverTable() {
      return "silver.listing_titles";
    }

    @Override
    public Class<TitleListing> silverType() {
      return TitleListing.class;
    }

    @Override
    public boolean accepts(RawListing raw) {
      return coversSite(raw.getSite());
    }

    @Override
    public boolean coversSite(String siteCode) {
      return Site.MUBAWAB.code().equals(siteCode);
    }

    @Override
    public NormaliseListings<TitleListing> normalise() {
      return NormaliseListings.of(TitleListing.class, Site.Market.REAL_ESTATE, ToyMarketTest::titleOf);
    }

    @Override
    public ModelStarSchema<TitleListing> starSchema() {
      return ModelStarSchema.of(List.of(FACT_TITLES), l -> List.of(TableRow.of(FACT_TITLES)
          .set("listing_key", l.listingKey()).set("title", l.getTitle())
          .set("words", l.getTitle().split("\\s+").length).build()));
    }
  };

  @Test
  void aMarketAddedThroughTheRegistryAloneGetsItsSilverAndStarTables() {
    SoukOptions options = PipelineOptionsFactory.fromArgs("--sites=mubawab", "--offers=rent", "--maxListPages=2",
        "--outputDir=" + tmp.resolve("out")).withValidation().as(SoukOptions.class);
    List<MarketSpec<?>> markets = new ArrayList<>(Markets.all());
    markets.add(TITLES);
    SoukSettings settings = SoukSettings.from(options).withMarkets(markets);

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    SoukMain.run(settings, options, new PrintStream(printed, true, StandardCharsets.UTF_8));

    IcebergLake lake = settings.lake();
    long properties = lake.count(LakeTables.silver(Markets.REAL_ESTATE).id());
    assertThat("the built-in market still works", properties, greaterThan(10L));
    assertThat("every Mubawab listing with a title has a toy silver row",
        lake.count(TITLES.silverTable()), equalTo(properties));
    try (Warehouse warehouse = settings.warehouse().open()) {
      assertThat(warehouse.count("fact_listing_titles"), equalTo(properties));
      assertThat(warehouse.count("fact_property_listing"), equalTo(properties));
      Object words = warehouse.query("SELECT min(words) AS w FROM fact_listing_titles").get(0).get("w");
      assertThat(((Number) words).intValue(), greaterThan(0));
    }
    assertThat(printed.toString(StandardCharsets.UTF_8).contains("silver.listing_titles"), equalTo(true));
  }
}
