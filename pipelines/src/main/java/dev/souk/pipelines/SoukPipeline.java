package dev.souk.pipelines;

import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.model.FailureRecord;
import dev.souk.io.iceberg.ReadNewAppends;
import dev.souk.model.CrawlState;
import dev.souk.model.FetchedPage;
import dev.souk.pipelines.warehouse.WarehouseSink;
import dev.souk.transforms.crawl.CrawlStateFromPages;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Instant;
import dev.souk.model.ListingVersion;
import dev.souk.model.RawListing;
import dev.souk.pipelines.lake.Lake;
import dev.souk.pipelines.lake.LakeTable;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.pipelines.sources.Acquired;
import dev.souk.pipelines.sources.ListingSource;
import dev.souk.transforms.markets.MarketSpec;
import dev.souk.transforms.markets.Markets;
import dev.souk.transforms.model.ModelStarSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;

/**
 * The main graph, built apart from {@code main} so tests build exactly the same graph. It only
 * assembles; what varies lives behind the settings (sources, lake, warehouse, markets):
 *
 * <pre>
 * sources (crawl | WARC replay | payload files) ─→ pages ─→ bronze.fetched_pages
 *                                                └→ raw listings ─→ bronze.raw_listings
 *   → per market: normalise → latest per listing ─→ new versions → silver.&lt;market&gt;
 *                                                 └→ star-schema rows
 *   → warehouse: one writer per table (conformed dimensions get rows from every market)
 * failures of every step ─→ dead_letter.failures
 * </pre>
 *
 * Building touches nothing outside the graph: {@link Launch#prepare} creates the tables first.
 */
public final class SoukPipeline {
  private SoukPipeline() {}

  /** Handles on the graph's main collections, for tests and the run summary. */
  public record Graph(
      PCollection<FetchedPage> pages, PCollection<RawListing> rawListings,
      Map<String, MarketBranch.Output<?>> markets, Map<String, PCollection<Row>> warehouseRows,
      PCollection<FailureRecord> failures) {

    /** The branch of {@code market}. */
    @SuppressWarnings("unchecked")
    public <T extends ListingVersion> MarketBranch.Output<T> market(MarketSpec<T> market) {
      return (MarketBranch.Output<T>) markets.get(market.name());
    }
  }

  public static Graph build(Pipeline pipeline, SoukOptions options) {
    return build(pipeline, SoukSettings.from(options));
  }

  /** The graph of a new run (a round of its own). */
  public static Graph build(Pipeline pipeline, SoukSettings settings) {
    return build(pipeline, settings, Instant.now());
  }

  /**
   * The graph of a run committing under {@code round}: new, or the round of a killed run this one
   * resumes ({@code RunLease}). Every lake commit waits for the ones it depends on:
   *
   * <pre>
   * bronze pages, bronze raw listings → crawl state (from the pages committed), dead letter
   *   → silver per market (from the raw listings committed) → warehouse (from the versions committed)
   * </pre>
   */
  public static Graph build(Pipeline pipeline, SoukSettings settings, Instant round) {
    List<MarketSpec<?>> markets = settings.markets();
    List<LakeTable> silver = markets.stream().map(LakeTables::silver).toList();
    Lake lake = Lake.of(settings.lake(),
        settings.schedule().rounds(pipeline, settings.lake(), Lake.tablesReadByRounds(silver), round));

    // Stage 1: acquire → bronze.
    List<PCollection<FetchedPage>> pages = new ArrayList<>();
    List<PCollection<FetchedPage>> newPages = new ArrayList<>();
    List<PCollection<RawListing>> raw = new ArrayList<>();
    List<PCollection<FailureRecord>> failures = new ArrayList<>();
    for (ListingSource source : settings.sources()) {
      Acquired acquired = source.acquire(pipeline, lake);
      if (acquired.pages() != null) {
        pages.add(acquired.pages());
        if (acquired.newPages()) {
          newPages.add(acquired.pages());
        }
      }
      raw.add(acquired.raw());
      failures.add(acquired.failures());
    }
    PCollection<FetchedPage> allPages = flatten(pipeline, "AllPages", pages, FetchedPage.class);
    PCollection<Instant> pagesIn = lake.append("BronzePages",
        flatten(pipeline, "NewPages", newPages, FetchedPage.class), LakeTables.BRONZE_PAGES);
    PCollection<RawListing> rawListings = flatten(pipeline, "AllRawListings", raw, RawListing.class);
    PCollection<Instant> rawIn = lake.append("BronzeRawListings", rawListings, LakeTables.BRONZE_RAW_LISTINGS);
    List<PCollection<Instant>> bronzeIn = List.of(pagesIn, rawIn);

    // The crawl's memory, from the pages bronze holds: a listing is known once its page is in.
    PCollectionTuple storedPages = lake.readNew("NewBronzePages", LakeTables.BRONZE_PAGES,
        lake.consumedBy(LakeTables.CRAWL_STATE), pagesIn);
    PCollection<CrawlState> crawlState = storedPages.get(ReadNewAppends.ROWS)
        .apply("ToFetchedPages", Convert.fromRows(FetchedPage.class))
        .apply("CrawlStateOfPages", CrawlStateFromPages.create());
    PCollection<Instant> crawlStateIn = lake.append("CrawlState", crawlState, LakeTables.CRAWL_STATE, bronzeIn,
        storedPages.get(ReadNewAppends.MARKS));

    // Stage 2: bronze → silver, per market.
    Map<String, MarketBranch.Normalised<?>> normalised = new LinkedHashMap<>();
    for (MarketSpec<?> market : markets) {
      MarketBranch.Normalised<?> n = MarketBranch.of(market, lake).normalise(rawIn);
      normalised.put(market.name(), n);
      failures.add(n.failures());
    }
    PCollection<FailureRecord> allFailures = flatten(pipeline, "AllFailures", failures, FailureRecord.class);
    PCollection<Instant> failuresIn = lake.append("DeadLetter", allFailures, LakeTables.DEAD_LETTER, bronzeIn, null);

    // Stage 3: silver → warehouse, one writer per table (conformed dimensions get rows from every
    // market, and the warehouse never sees two concurrent upserts into one table).
    WarehouseSink warehouse = settings.warehouse();
    Map<String, MarketBranch.Output<?>> branches = new LinkedHashMap<>();
    Map<String, List<PCollection<Row>>> starRows = new LinkedHashMap<>();
    List<PCollection<KV<String, String>>> loadMarks = new ArrayList<>();
    for (MarketSpec<?> market : markets) {
      branches.put(market.name(), modelMarket(market, lake, normalised.get(market.name()),
          List.of(crawlStateIn, failuresIn), warehouse, starRows, loadMarks));
    }
    Map<String, PCollection<Row>> warehouseRows = new LinkedHashMap<>();
    List<PCollection<Long>> written = new ArrayList<>();
    for (WarehouseTable table : Markets.warehouseTables(markets)) {
      PCollection<Row> rows = PCollectionList.of(starRows.get(table.name()))
          .apply("All_" + table.name(), Flatten.pCollections())
          .setRowSchema(table.schema());
      written.add(rows.apply("Warehouse_" + table.name(), warehouse.write(table)));
      warehouseRows.put(table.name(), rows);
    }
    // The warehouse's mark moves only once every table has the rows read up to it.
    PCollectionList.of(loadMarks)
        .apply("AllLoadMarks", Flatten.pCollections())
        .apply("RecordLoads", warehouse.recordLoads(written, lake.iceberg()));

    if (lake.rounds().continuous()) {
      // No end-of-run summary until the job stops: one log line per round instead.
      RoundProgress.log(allPages, allFailures);
    }
    return new Graph(allPages, rawListings, branches, warehouseRows, allFailures);
  }

  /** Silver for {@code market} (after {@code after}), then its star rows from what silver committed. */
  private static <T extends ListingVersion> MarketBranch.Output<T> modelMarket(MarketSpec<T> market, Lake lake,
      MarketBranch.Normalised<?> untyped, List<PCollection<Instant>> after, WarehouseSink warehouse,
      Map<String, List<PCollection<Row>>> starRows, List<PCollection<KV<String, String>>> loadMarks) {
    @SuppressWarnings("unchecked")
    MarketBranch.Normalised<T> normalised = (MarketBranch.Normalised<T>) untyped;
    MarketBranch<T> branch = MarketBranch.of(market, lake);
    PCollection<Instant> silverIn = branch.commitSilver(normalised, after);
    MarketBranch.Modelled modelled = branch.model(silverIn, warehouse.ledger());
    for (WarehouseTable table : market.starSchema().tables()) {
      starRows.computeIfAbsent(table.name(), t -> new ArrayList<>()).add(modelled.starRows().get(ModelStarSchema.tag(table)));
    }
    loadMarks.add(modelled.marks());
    return new MarketBranch.Output<>(normalised.versions(), normalised.newVersions(), modelled.starRows(),
        normalised.failures());
  }

  /** One collection of {@code parts}; an empty one (with its coder) when there are none. */
  private static <T> PCollection<T> flatten(Pipeline pipeline, String name, List<PCollection<T>> parts, Class<T> type) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    if (!parts.isEmpty()) {
      return PCollectionList.of(parts).apply(name, Flatten.pCollections());
    }
    try {
      Coder<T> coder = pipeline.getSchemaRegistry().getSchemaCoder(type);
      return pipeline.apply(name, Create.empty(coder));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type + " has no Beam schema", e);
    }
  }
}
