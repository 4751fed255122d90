package dev.souk.pipelines;

import dev.souk.io.http.FetcherConfig;
import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.iceberg.LakeConfig;
import dev.souk.io.warehouse.WarehouseConfig;
import dev.souk.io.warehouse.WarehouseTable;
import dev.souk.io.warehouse.WriteToWarehouse;
import dev.souk.model.CrawlState;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.model.Site;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.transforms.Failures;
import dev.souk.transforms.crawl.CrawlSites;
import dev.souk.transforms.crawl.FetcherProvider;
import dev.souk.transforms.dedup.KeepNewVersions;
import dev.souk.transforms.dedup.LatestPerListing;
import dev.souk.transforms.model.ModelPropertyStarSchema;
import dev.souk.transforms.model.PropertyStarSchema;
import dev.souk.transforms.normalise.NormaliseListings;
import dev.souk.transforms.parse.ParseDetailPages;
import dev.souk.transforms.sites.SiteAdapters;
import dev.souk.transforms.sites.StartPage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The main graph, built apart from {@code main} so tests build exactly the same graph:
 *
 * <pre>
 * bronze.crawl_state ─→ start pages → crawl (list pages → changed detail pages) ──→ bronze.fetched_pages
 *                                                                            └─→ bronze.crawl_state
 *   → parse ──→ bronze.raw_listings
 *   → normalise → latest per (source, listing id) ──→ star schema → warehouse (upsert)
 *                                                 └─→ new versions only → silver.property_listings
 * failures of every step ──→ dead_letter.failures
 * </pre>
 */
public final class SoukPipeline {
  /** Classpath folder of the bundled offline sample (see {@code sample-site/}). */
  public static final String SAMPLE_RESOURCE_ROOT = "souk-sample";

  private SoukPipeline() {}

  /** Handles on the graph's main collections, for tests and for the run summary. */
  public record Graph(
      PCollection<FetchedPage> pages,
      PCollection<RawListing> rawListings,
      PCollection<PropertyListing> latestListings,
      PCollection<PropertyListing> newSilverVersions,
      PCollectionTuple starSchema,
      PCollection<FailureRecord> failures) {}

  public static Graph build(Pipeline pipeline, SoukOptions options) {
    Settings settings = Settings.from(options);
    IcebergLake lake = IcebergLake.of(settings.lake());
    for (LakeTables table : LakeTables.values()) {
      lake.ensureTable(table.id(), table.schema(), table.partitionDays());
    }

    // Incremental crawl: listings stored by earlier runs in, this run's crawl state out.
    PCollectionView<Map<String, CrawlState>> knownListings = CrawlStateLake.knownListings(pipeline, lake);
    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> crawled =
        pipeline
            .apply("StartPages", Create.of(settings.startPages()))
            .apply("Crawl", CrawlSites.with(settings.fetcher()).withMaxListPages(options.getMaxListPages())
                .withKnownListings(knownListings));
    PCollection<FetchedPage> pages = crawled.output();
    CrawlStateLake.append(pages, lake);
    appendToLake(pages, "BronzePages", lake, LakeTables.BRONZE_PAGES);

    WithFailures.Result<PCollection<RawListing>, FailureRecord> parsed =
        pages.apply("Parse", ParseDetailPages.create());
    appendToLake(parsed.output(), "BronzeRawListings", lake, LakeTables.BRONZE_RAW_LISTINGS);

    WithFailures.Result<PCollection<PropertyListing>, FailureRecord> normalised =
        parsed.output().apply("Normalise", NormaliseListings.create());
    PCollection<PropertyListing> latest = normalised.output().apply("Deduplicate", LatestPerListing.create());

    PCollection<KV<String, String>> storedVersions =
        pipeline
            .apply("ReadStoredSilver",
                lake.read(LakeTables.SILVER_PROPERTY_LISTINGS.id(), LakeTables.SILVER_PROPERTY_LISTINGS.schema()))
            .apply("StoredVersionKeys", MapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((Row r) -> KV.of(r.getString("source") + "/" + r.getString("listingId"),
                    r.getString("contentHash"))));
    PCollection<PropertyListing> newVersions =
        latest.apply("KeepNewVersions", KeepNewVersions.against(storedVersions));
    appendToLake(newVersions.apply("CountSilverRows", ParDo.of(new CountPerSiteFn("silver_rows_written"))),
        "Silver", lake, LakeTables.SILVER_PROPERTY_LISTINGS);

    PCollectionTuple star = latest.apply("ModelStarSchema", ModelPropertyStarSchema.create());
    for (WarehouseTable table : PropertyStarSchema.TABLES) {
      star.get(ModelPropertyStarSchema.tag(table))
          .apply("Warehouse_" + table.name(), WriteToWarehouse.to(settings.warehouse(), table));
    }

    PCollection<FailureRecord> failures =
        PCollectionList.of(crawled.failures())
            .and(parsed.failures())
            .and(normalised.failures())
            .apply("AllFailures", Flatten.pCollections());
    appendToLake(failures, "DeadLetter", lake, LakeTables.DEAD_LETTER);

    return new Graph(pages, parsed.output(), latest, newVersions, star, failures);
  }

  private static <T> void appendToLake(PCollection<T> records, String name, IcebergLake lake, LakeTables table) {
    records
        .apply(name + "ToRows", Convert.toRows())
        .apply(name + "Append", lake.append(table.id()));
  }

  /** Counts elements per site under {@code souk.<site>/<name>} and passes them through. */
  private static final class CountPerSiteFn extends DoFn<PropertyListing, PropertyListing> {
    private final String name;

    CountPerSiteFn(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element PropertyListing listing, OutputReceiver<PropertyListing> out) {
      Failures.counter(listing.getSource(), name).inc();
      out.output(listing);
    }
  }

  /** The options resolved into concrete settings, with every default and check in one place. */
  record Settings(
      List<StartPage> startPages, FetcherProvider fetcher, LakeConfig lake, WarehouseConfig warehouse,
      Path lakeWarehouse, Path duckdbPath) {

    static Settings from(SoukOptions options) {
      Set<Site> sites = Arrays.stream(options.getSites().split(","))
          .map(String::trim).filter(s -> !s.isEmpty()).map(Site::fromCode)
          .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
      if (sites.isEmpty()) {
        throw new IllegalArgumentException("--sites is empty; give at least one of " + Arrays.toString(Site.codes()));
      }
      Set<String> offers = Arrays.stream(options.getOffers().split(","))
          .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
      for (String offer : offers) {
        if (!offer.equals("sale") && !offer.equals("rent")) {
          throw new IllegalArgumentException("--offers accepts sale and rent, not '" + offer + "'");
        }
      }
      List<StartPage> starts = new ArrayList<>();
      for (Site site : sites) {
        var adapter = SiteAdapters.find(site).orElseThrow(() -> new IllegalArgumentException(
            "--sites names " + site.code() + ", which has no site adapter yet; crawlable sites: "
                + SiteAdapters.all().stream().map(a -> a.site().code()).collect(Collectors.joining(", "))));
        adapter.startPages().stream()
            .filter(s -> s.getOffer() == null || offers.contains(s.getOffer()))
            .forEach(starts::add);
      }

      boolean sample;
      switch (options.getSource().trim().toLowerCase(Locale.ROOT)) {
        case "sample" -> sample = true;
        case "live" -> sample = false;
        default -> throw new IllegalArgumentException(
            "--source must be 'sample' (bundled offline copy) or 'live', not '" + options.getSource() + "'");
      }
      long delay = options.getPerHostDelayMillis() != null ? options.getPerHostDelayMillis() : sample ? 0 : 2000;
      if (delay < 0) {
        throw new IllegalArgumentException("--perHostDelayMillis must be ≥ 0, was " + delay);
      }
      FetcherConfig fetcherConfig = FetcherConfig.defaults().toBuilder()
          .setUserAgent(options.getCrawlerUserAgent())
          .setPerHostDelay(Duration.ofMillis(delay))
          .build();
      FetcherProvider fetcher = sample
          ? FetcherProvider.bundledSample(fetcherConfig, SAMPLE_RESOURCE_ROOT)
          : FetcherProvider.live(fetcherConfig);

      Path out = Path.of(options.getOutputDir()).toAbsolutePath();
      Path lakeDir = options.getLakeWarehouse() != null
          ? Path.of(options.getLakeWarehouse()).toAbsolutePath() : out.resolve("lake");
      Path duckdb = options.getDuckdbPath() != null
          ? Path.of(options.getDuckdbPath()).toAbsolutePath() : out.resolve("souk.duckdb");
      return new Settings(starts, fetcher, LakeConfig.hadoop(lakeDir.toString()),
          WarehouseConfig.duckDb(duckdb.toString()), lakeDir, duckdb);
    }
  }
}
