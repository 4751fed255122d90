package dev.souk.pipelines;

import dev.souk.io.http.FetcherConfig;
import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.iceberg.LakeConfig;
import dev.souk.io.warehouse.Warehouse;
import dev.souk.io.warehouse.WarehouseConfig;
import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.io.warehouse.WriteToWarehouse;
import dev.souk.model.CrawlState;
import dev.souk.model.FailureRecord;
import dev.souk.model.ListingVersion;
import dev.souk.model.PhoneListing;
import dev.souk.model.FetchedPage;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.model.Site;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.transforms.Failures;
import dev.souk.transforms.archive.ReadWarc;
import dev.souk.transforms.archive.WriteWarc;
import dev.souk.transforms.crawl.CircuitBreaker;
import dev.souk.transforms.crawl.CrawlSites;
import dev.souk.transforms.crawl.CrawlTicks;
import dev.souk.transforms.crawl.ScheduledStartPages;
import dev.souk.transforms.crawl.FetcherProvider;
import dev.souk.transforms.dedup.KeepNewVersions;
import dev.souk.transforms.dedup.LatestPerListing;
import dev.souk.transforms.model.ModelStarSchema;
import dev.souk.transforms.ingest.ReadOriginalPayloads;
import dev.souk.transforms.normalise.NormaliseListings;
import dev.souk.transforms.parse.ParseDetailPages;
import dev.souk.transforms.sites.SiteAdapters;
import dev.souk.transforms.sites.StartPage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
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
 * bronze.crawl_state ─→ start pages → crawl (list pages → new or changed detail pages) ──→ bronze.fetched_pages
 *    (or: WARC files → replay)                                                     └─→ bronze.crawl_state
 *   → parse ──┬─→ bronze.raw_listings
 * original payload files ──┘
 *   → per market (real estate, used phones):
 *     normalise → latest per (source, listing id) ──→ star schema → warehouse (upsert)
 *                                                 └─→ new versions only → silver.&lt;market&gt;_listings
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
      Market<PropertyListing> realEstate,
      Market<PhoneListing> usedPhones,
      Map<String, PCollection<Row>> warehouseRows,
      PCollection<FailureRecord> failures) {}

  /** One market's silver: the latest version of each listing, and the versions new to the lake. */
  public record Market<T>(PCollection<T> latest, PCollection<T> newVersions) {}

  public static Graph build(Pipeline pipeline, SoukOptions options) {
    return build(pipeline, options, Settings.from(options));
  }

  /** As {@link #build(Pipeline, SoukOptions)}, with the options already resolved by {@link Settings#from}. */
  static Graph build(Pipeline pipeline, SoukOptions options, Settings settings) {
    IcebergLake lake = IcebergLake.of(settings.lake());
    if (settings.continuous()) {
      // Runners need the flag to run the unbounded graph (Flink) or to run it as one (the others).
      options.setStreaming(true);
      lake = lake.withCommitInterval(settings.lakeCommitInterval());
    }
    for (LakeTables table : LakeTables.values()) {
      lake.ensureTable(table.id(), table.schema(), table.partitionDays());
    }
    // Every table exists from the first run on, even one no row has reached yet, so queries and
    // dashboards never meet a missing table.
    try (Warehouse warehouse = settings.warehouse().open()) {
      warehouseTables().forEach(warehouse::ensureTable);
    }
    List<PCollection<FailureRecord>> failures = new ArrayList<>();

    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> crawled;
    // A continuous crawl's clock: every round reads the lake anew and lands its results in it.
    @Nullable PCollection<Instant> ticks = null;
    if (settings.replay()) {
      crawled = pipeline.apply("ReplayWarc", ReadWarc.from(options.getWarcInput()));
    } else {
      // Incremental crawl: listings stored by earlier runs (or rounds) in, this crawl's state out.
      PCollectionView<Map<String, CrawlState>> knownListings;
      PCollection<StartPage> startPages;
      if (settings.continuous()) {
        CrawlTicks schedule = CrawlTicks.every(settings.crawlEvery());
        ticks = pipeline.apply("CrawlTicks",
            settings.crawlRounds() == null ? schedule : schedule.withRounds(settings.crawlRounds()));
        knownListings = CrawlStateLake.knownListingsEachTick(ticks, lake);
        startPages = ticks.apply("StartPages", ScheduledStartPages.of(settings.startPages()));
      } else {
        knownListings = CrawlStateLake.knownListings(pipeline, lake);
        startPages = pipeline.apply("StartPages", Create.of(settings.startPages()).withCoder(startPageCoder(pipeline)));
      }
      CrawlSites crawl = CrawlSites.with(settings.fetcher()).withMaxListPages(options.getMaxListPages())
          .withKnownListings(knownListings)
          .withCircuitBreaker(settings.breaker().failureThreshold(), settings.breaker().coolDown());
      if (options.getMaxDetailPagesPerSite() != null) {
        crawl = crawl.withMaxDetailPagesPerSite(options.getMaxDetailPagesPerSite());
      }
      crawled = startPages.apply("Crawl", crawl);
      CrawlStateLake.append(crawled.output(), lake);
      // Replayed pages are in the lake already, from the crawl that recorded them.
      appendToLake(crawled.output(), "BronzePages", lake, LakeTables.BRONZE_PAGES);
    }
    PCollection<FetchedPage> pages = crawled.output();
    failures.add(crawled.failures());
    if (options.getWarcOutput() != null) {
      pages.apply("RecordWarc", WriteWarc.to(options.getWarcOutput()));
    }

    WithFailures.Result<PCollection<RawListing>, FailureRecord> parsed =
        pages.apply("Parse", ParseDetailPages.create());
    failures.add(parsed.failures());
    PCollectionList<RawListing> rawInputs = PCollectionList.of(parsed.output());
    if (options.getOriginalPayloads() != null) {
      WithFailures.Result<PCollection<RawListing>, FailureRecord> ingested =
          pipeline.apply("OriginalPayloads", ReadOriginalPayloads.from(options.getOriginalPayloads()));
      rawInputs = rawInputs.and(ingested.output());
      failures.add(ingested.failures());
    }
    PCollection<RawListing> raw = rawInputs.apply("AllRawListings", Flatten.pCollections());
    appendToLake(raw, "BronzeRawListings", lake, LakeTables.BRONZE_RAW_LISTINGS);

    Map<String, PCollectionList<Row>> warehouse = new LinkedHashMap<>();
    Market<PropertyListing> realEstate = market(pipeline, ticks, raw, lake, NormaliseListings.realEstate(),
        LakeTables.SILVER_PROPERTY_LISTINGS, ModelStarSchema.realEstate(), warehouse, failures);
    Market<PhoneListing> usedPhones = market(pipeline, ticks, raw, lake, NormaliseListings.usedPhones(),
        LakeTables.SILVER_PHONE_LISTINGS, ModelStarSchema.usedPhones(), warehouse, failures);

    // Conformed dimensions (source, seller, date, ...) get rows from both markets: one writer per
    // table, so the warehouse never sees two concurrent upserts into one table.
    Map<String, PCollection<Row>> warehouseRows = new LinkedHashMap<>();
    for (WarehouseTable table : warehouseTables()) {
      PCollection<Row> rows = warehouse.get(table.name())
          .apply("All_" + table.name(), Flatten.pCollections())
          .setRowSchema(table.schema());
      rows.apply("Warehouse_" + table.name(), WriteToWarehouse.to(settings.warehouse(), table));
      warehouseRows.put(table.name(), rows);
    }

    PCollection<FailureRecord> allFailures =
        PCollectionList.of(failures).apply("AllFailures", Flatten.pCollections());
    appendToLake(allFailures, "DeadLetter", lake, LakeTables.DEAD_LETTER);
    if (settings.continuous()) {
      // No end-of-run summary until the job stops: one log line per round instead.
      RoundProgress.log(pages, allFailures);
    }

    return new Graph(pages, raw, realEstate, usedPhones, warehouseRows, allFailures);
  }

  /** Every warehouse table, each once, dimensions before facts. */
  public static List<WarehouseTable> warehouseTables() {
    Map<String, WarehouseTable> tables = new LinkedHashMap<>();
    ModelStarSchema.realEstate().tables().forEach(t -> tables.putIfAbsent(t.name(), t));
    ModelStarSchema.usedPhones().tables().forEach(t -> tables.putIfAbsent(t.name(), t));
    return List.copyOf(tables.values());
  }

  /** One market's branch: normalise → latest → (new versions → silver) and (star schema rows). */
  private static <T extends ListingVersion> Market<T> market(
      Pipeline pipeline, @Nullable PCollection<Instant> ticks, PCollection<RawListing> raw, IcebergLake lake,
      NormaliseListings<T> normalise,
      LakeTables silver, ModelStarSchema<T> star, Map<String, PCollectionList<Row>> warehouse,
      List<PCollection<FailureRecord>> failures) {
    String name = silver == LakeTables.SILVER_PROPERTY_LISTINGS ? "RealEstate" : "UsedPhones";
    Site.Market market = normalise.market();
    WithFailures.Result<PCollection<T>, FailureRecord> normalised = raw
        .apply(name + "Raw", Filter.by((RawListing r) -> Site.fromCode(r.getSite()).market() == market))
        .apply(name + "Normalise", normalise);
    failures.add(normalised.failures());
    PCollection<T> latest = normalised.output().apply(name + "Deduplicate", LatestPerListing.create());

    // Batch: read once. Continuous: read on every round, in the round's window, so the join with
    // the round's listings sees what earlier rounds stored.
    Schema versionKeys = Schema.builder()
        .addField(silver.schema().getField("source"))
        .addField(silver.schema().getField("listingId"))
        .addField(silver.schema().getField("contentHash"))
        .build();
    PCollection<Row> stored = ticks == null
        ? pipeline.apply(name + "ReadStoredSilver", lake.read(silver.id(), silver.schema()))
        : ticks.apply(name + "ReadStoredSilver", lake.<Instant>readOnEach(silver.id(), versionKeys));
    PCollection<KV<String, String>> storedVersions = stored
        .apply(name + "StoredVersionKeys", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((Row r) -> KV.of(r.getString("source") + "/" + r.getString("listingId"), r.getString("contentHash"))));
    PCollection<T> newVersions = latest.apply(name + "KeepNewVersions", KeepNewVersions.against(storedVersions));
    appendToLake(newVersions.apply(name + "CountSilverRows", ParDo.of(new CountPerSiteFn<T>("silver_rows_written")))
        .setCoder(newVersions.getCoder()), name + "Silver", lake, silver);

    PCollectionTuple rows = latest.apply(name + "ModelStarSchema", star);
    for (WarehouseTable table : star.tables()) {
      warehouse.merge(table.name(), PCollectionList.of(rows.get(ModelStarSchema.tag(table))), (a, b) -> a.and(b.getAll()));
    }
    return new Market<>(latest, newVersions);
  }

  private static org.apache.beam.sdk.coders.Coder<StartPage> startPageCoder(Pipeline pipeline) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(StartPage.class);
    } catch (org.apache.beam.sdk.schemas.NoSuchSchemaException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> void appendToLake(PCollection<T> records, String name, IcebergLake lake, LakeTables table) {
    records
        .apply(name + "ToRows", Convert.toRows())
        .apply(name + "Append", lake.append(table.id()));
  }

  /** Counts elements per site under {@code souk.<site>/<name>} and passes them through. */
  private static final class CountPerSiteFn<T extends ListingVersion> extends DoFn<T, T> {
    private final String name;

    CountPerSiteFn(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element T listing, OutputReceiver<T> out) {
      Failures.counter(listing.getSource(), name).inc();
      out.output(listing);
    }
  }

  /** The options resolved into concrete settings, with every default and check in one place. */
  record Settings(
      List<StartPage> startPages, boolean replay, FetcherProvider fetcher, CircuitBreaker breaker, LakeConfig lake,
      WarehouseConfig warehouse, Path lakeWarehouse, Path duckdbPath,
      org.joda.time.@Nullable Duration crawlEvery, @Nullable Integer crawlRounds,
      org.joda.time.Duration lakeCommitInterval) {

    /** A continuous crawl: rounds on a schedule inside one streaming job. */
    boolean continuous() {
      return crawlEvery != null;
    }

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

      boolean sample = true;
      boolean replay = false;
      switch (options.getSource().trim().toLowerCase(Locale.ROOT)) {
        case "sample" -> { }
        case "live" -> sample = false;
        case "warc" -> {
          if (options.getWarcInput() == null || options.getWarcInput().isBlank()) {
            throw new IllegalArgumentException("--source=warc needs --warcInput, e.g. --warcInput='archive/*.warc.gz'");
          }
          replay = true;
          starts.clear();
        }
        case "none" -> starts.clear();
        default -> throw new IllegalArgumentException("--source must be 'sample' (bundled offline copy), "
            + "'live', 'warc' (replay --warcInput) or 'none', not '" + options.getSource() + "'");
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
      if (options.getHostFailuresBeforePause() < 1) {
        throw new IllegalArgumentException("--hostFailuresBeforePause must be at least 1 (1 pauses a host after its"
            + " first failure), was " + options.getHostFailuresBeforePause());
      }
      if (options.getHostPauseSeconds() < 1) {
        throw new IllegalArgumentException("--hostPauseSeconds must be at least 1, was " + options.getHostPauseSeconds());
      }
      CircuitBreaker breaker =
          CircuitBreaker.of(options.getHostFailuresBeforePause(), Duration.ofSeconds(options.getHostPauseSeconds()));
      if (starts.isEmpty() && !replay && options.getOriginalPayloads() == null) {
        throw new IllegalArgumentException("Nothing to read: --source=none needs --originalPayloads");
      }

      Path out = Path.of(options.getOutputDir()).toAbsolutePath();
      Path lakeDir = options.getLakeWarehouse() != null
          ? Path.of(options.getLakeWarehouse()).toAbsolutePath() : out.resolve("lake");
      Path duckdb = options.getDuckdbPath() != null
          ? Path.of(options.getDuckdbPath()).toAbsolutePath() : out.resolve("souk.duckdb");
      org.joda.time.Duration commitInterval = org.joda.time.Duration.standardSeconds(options.getLakeCommitIntervalSeconds());
      if (options.getLakeCommitIntervalSeconds() < 1) {
        throw new IllegalArgumentException(
            "--lakeCommitIntervalSeconds must be at least 1, was " + options.getLakeCommitIntervalSeconds());
      }
      org.joda.time.Duration every = crawlEvery(options, commitInterval);
      if (every != null && (replay || starts.isEmpty())) {
        throw new IllegalArgumentException("--crawlEvery re-crawls the sites on a schedule: it needs --source=sample or "
            + "--source=live, not --source=" + options.getSource());
      }
      if (every != null && options.getOriginalPayloads() != null) {
        throw new IllegalArgumentException("--originalPayloads is a one-off batch input: load the files in a run "
            + "without --crawlEvery");
      }
      return new Settings(starts, replay, fetcher, breaker, LakeConfig.hadoop(lakeDir.toString()),
          WarehouseConfig.duckDb(duckdb.toString()), lakeDir, duckdb, every, options.getCrawlRounds(), commitInterval);
    }

    private static org.joda.time.@Nullable Duration crawlEvery(SoukOptions options, org.joda.time.Duration commit) {
      String every = options.getCrawlEvery();
      if (every == null || every.isBlank()) {
        if (options.getCrawlRounds() != null) {
          throw new IllegalArgumentException("--crawlRounds counts the rounds of a scheduled crawl: give --crawlEvery too");
        }
        return null;
      }
      Duration period;
      try {
        period = Duration.parse(every.trim().toUpperCase(Locale.ROOT));
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("--crawlEvery takes an ISO-8601 duration such as PT6H or PT30M, not '"
            + every + "'", e);
      }
      // Each round reads back the crawl state the round before it committed.
      if (period.toMillis() < 3 * commit.getMillis()) {
        throw new IllegalArgumentException("--crawlEvery=" + every + " is too short for --lakeCommitIntervalSeconds="
            + commit.getStandardSeconds() + ": a round reads what the rounds before it committed, so the period "
            + "must be at least 3 commit intervals (and longer than a round takes)");
      }
      if (options.getCrawlRounds() != null && options.getCrawlRounds() < 1) {
        throw new IllegalArgumentException("--crawlRounds must be at least 1, was " + options.getCrawlRounds());
      }
      return org.joda.time.Duration.millis(period.toMillis());
    }
  }
}
