package dev.souk.pipelines;

import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
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

  public static Graph build(Pipeline pipeline, SoukSettings settings) {
    List<MarketSpec<?>> markets = settings.markets();
    List<LakeTable> silver = markets.stream().map(LakeTables::silver).toList();
    Lake lake = Lake.of(settings.lake(),
        settings.schedule().rounds(pipeline, settings.lake(), Lake.tablesReadByRounds(silver)));

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
    lake.append("BronzePages", flatten(pipeline, "NewPages", newPages, FetchedPage.class), LakeTables.BRONZE_PAGES);
    PCollection<RawListing> rawListings = flatten(pipeline, "AllRawListings", raw, RawListing.class);
    lake.append("BronzeRawListings", rawListings, LakeTables.BRONZE_RAW_LISTINGS);

    Map<String, MarketBranch.Output<?>> branches = new LinkedHashMap<>();
    Map<String, List<PCollection<Row>>> starRows = new LinkedHashMap<>();
    for (MarketSpec<?> market : markets) {
      MarketBranch.Output<?> branch = rawListings.apply(market.name(), MarketBranch.of(market, lake));
      branches.put(market.name(), branch);
      failures.add(branch.failures());
      for (WarehouseTable table : market.starSchema().tables()) {
        starRows.computeIfAbsent(table.name(), t -> new ArrayList<>()).add(branch.starRows().get(ModelStarSchema.tag(table)));
      }
    }

    // One writer per table: conformed dimensions get rows from every market, and the warehouse
    // never sees two concurrent upserts into one table.
    Map<String, PCollection<Row>> warehouseRows = new LinkedHashMap<>();
    for (WarehouseTable table : Markets.warehouseTables(markets)) {
      PCollection<Row> rows = PCollectionList.of(starRows.get(table.name()))
          .apply("All_" + table.name(), Flatten.pCollections())
          .setRowSchema(table.schema());
      rows.apply("Warehouse_" + table.name(), settings.warehouse().write(table));
      warehouseRows.put(table.name(), rows);
    }

    PCollection<FailureRecord> allFailures = flatten(pipeline, "AllFailures", failures, FailureRecord.class);
    lake.append("DeadLetter", allFailures, LakeTables.DEAD_LETTER);
    if (lake.rounds().continuous()) {
      // No end-of-run summary until the job stops: one log line per round instead.
      RoundProgress.log(allPages, allFailures);
    }
    return new Graph(allPages, rawListings, branches, warehouseRows, allFailures);
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
