package dev.souk.pipelines;

import dev.souk.io.iceberg.LakeLedger;
import dev.souk.io.iceberg.ReadNewAppends;
import dev.souk.model.FailureRecord;
import dev.souk.model.ListingKey;
import dev.souk.model.ListingVersion;
import dev.souk.model.RawListing;
import dev.souk.pipelines.lake.Lake;
import dev.souk.pipelines.lake.LakeTable;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.transforms.Failures;
import dev.souk.transforms.dedup.DistinctVersions;
import dev.souk.transforms.dedup.KeepNewVersions;
import dev.souk.transforms.markets.MarketSpec;
import dev.souk.transforms.model.ListingHistory;
import dev.souk.transforms.model.ModelStarSchema;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;

/**
 * One market's two stages, the same for every {@link MarketSpec}, each taking its work from the
 * lake's committed state rather than from the run's memory:
 *
 * <ol>
 *   <li>{@link #normalise}: the raw listings committed to bronze since the market's silver table
 *       last recorded → normalise → every distinct version of each listing → the versions silver
 *       lacks;
 *   <li>{@link #model}: the versions committed to silver since the warehouse last recorded →
 *       star-schema rows of the market's warehouse tables (facts are version-grained: every
 *       version is a fact row), and the validity ranges of every listing they touch
 *       ({@code dim_listing_history}, from all of the listing's versions in silver).
 * </ol>
 *
 * A run killed between any two commits leaves the marks where they were, so the next run takes
 * the same work again.
 */
final class MarketBranch<T extends ListingVersion> {
  private final MarketSpec<T> market;
  private final Lake lake;
  private final LakeTable silver;

  private MarketBranch(MarketSpec<T> market, Lake lake) {
    this.market = market;
    this.lake = lake;
    this.silver = LakeTables.silver(market);
  }

  static <T extends ListingVersion> MarketBranch<T> of(MarketSpec<T> market, Lake lake) {
    return new MarketBranch<>(market, lake);
  }

  /** Per-site counter of the distinct versions met this run (exact duplicates collapsed). */
  static final String DISTINCT_VERSIONS = "distinct_versions";
  /** Per-site counter of the raw listings this run read for silver. */
  static final String SILVER_INPUTS = "silver_inputs";

  /**
   * The market's raw listings appended to bronze since silver's mark (read once {@code
   * rawCommitted} says the round's raw listings are in), normalised.
   */
  Normalised<T> normalise(PCollection<Instant> rawCommitted) {
    String name = market.name();
    PCollectionTuple read = lake.readNew(name + "/NewRawListings", LakeTables.BRONZE_RAW_LISTINGS,
        lake.consumedBy(silver), rawCommitted);
    PCollection<RawListing> raw = read.get(ReadNewAppends.ROWS)
        .apply(name + "/ToRawListings", Convert.fromRows(RawListing.class));
    WithFailures.Result<PCollection<T>, FailureRecord> normalised = raw
        .apply(name + "/Select", Filter.by(market::accepts))
        .apply(name + "/CountInputs", ParDo.of(new CountRawPerSiteFn(SILVER_INPUTS)))
        .apply(name + "/Normalise", market.normalise());
    PCollection<T> distinct = normalised.output().apply(name + "/DistinctVersions", DistinctVersions.create());
    // Counted so the summary can account for every input: versions + exact duplicates + failures.
    PCollection<T> versions = distinct
        .apply(name + "/CountDistinctVersions", ParDo.of(new CountPerSiteFn<T>(DISTINCT_VERSIONS)))
        .setCoder(distinct.getCoder());

    Schema versionKeys = Schema.builder()
        .addField(silver.schema().getField("source"))
        .addField(silver.schema().getField("listingId"))
        .addField(silver.schema().getField("contentHash"))
        .build();
    PCollection<KV<String, String>> storedVersions = lake
        .readStored(rawCommitted.getPipeline(), name + "/ReadStoredSilver", silver, versionKeys)
        .apply(name + "/StoredVersionKeys", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((Row r) -> KV.of(ListingKey.of(r.getString("source"), r.getString("listingId")), r.getString("contentHash"))));
    PCollection<T> newVersions = versions.apply(name + "/KeepNewVersions", KeepNewVersions.against(storedVersions));
    return new Normalised<>(versions, newVersions, normalised.failures(), read.get(ReadNewAppends.MARKS));
  }

  /** Appends the new versions to silver with the mark of the raw listings they came from, after {@code after}. */
  PCollection<Instant> commitSilver(Normalised<T> normalised, List<PCollection<Instant>> after) {
    PCollection<T> counted = normalised.newVersions()
        .apply(market.name() + "/CountSilverRows", ParDo.of(new CountPerSiteFn<T>("silver_rows_written")))
        .setCoder(normalised.newVersions().getCoder());
    return lake.append(market.name() + "/Silver", counted, silver, after, normalised.marks());
  }

  /**
   * The star-schema rows of the versions appended to silver since {@code warehouse}'s mark (read
   * once {@code silverCommitted} says the round's versions are in), and the mark to record once
   * every warehouse table has taken them.
   */
  Modelled model(PCollection<Instant> silverCommitted, LakeLedger warehouse) {
    String name = market.name();
    PCollectionTuple read = lake.readNew(name + "/NewSilverVersions", silver, warehouse, silverCommitted);
    PCollection<T> versions = read.get(ReadNewAppends.ROWS)
        .apply(name + "/ToVersions", Convert.fromRows(market.silverType()));
    ModelStarSchema<T> star = market.starSchema();
    if (star.hasHistory()) {
      // A listing's history rows need all its versions: those stored before (read when the run or
      // round starts) and those read above; together they are all silver holds once it committed.
      star = star.withStoredVersions(lake
          .readStored(silverCommitted.getPipeline(), name + "/ReadStoredVersions", silver,
              ListingHistory.silverColumns(silver.schema()))
          .apply(name + "/StoredHistoryVersions", MapElements.into(TypeDescriptors.rows()).via(ListingHistory::version))
          .setRowSchema(ListingHistory.VERSION));
    }
    PCollectionTuple starRows = versions.apply(name + "/ModelStarSchema", star);
    return new Modelled(starRows, read.get(ReadNewAppends.MARKS));
  }

  /**
   * A market's normalised listings.
   *
   * @param versions every distinct version of each listing read this run
   * @param newVersions the versions the lake did not hold yet (appended to silver)
   * @param failures raw listings that could not be normalised
   * @param marks how far bronze was read, for silver's commit
   */
  record Normalised<T>(PCollection<T> versions, PCollection<T> newVersions, PCollection<FailureRecord> failures,
      PCollection<KV<String, String>> marks) {}

  /**
   * @param starRows one collection per warehouse table, under {@code ModelStarSchema.tag(table)}
   * @param marks how far silver was read, to record in the warehouse once loaded
   */
  record Modelled(PCollectionTuple starRows, PCollection<KV<String, String>> marks) {}

  /** What a market branch gives the graph's callers (tests, the summary). */
  record Output<T>(PCollection<T> versions, PCollection<T> newVersions, PCollectionTuple starRows,
      PCollection<FailureRecord> failures) {}

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

  /** Counts raw listings per site under {@code souk.<site>/<name>} and passes them through. */
  private static final class CountRawPerSiteFn extends DoFn<RawListing, RawListing> {
    private final String name;

    CountRawPerSiteFn(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element RawListing raw, OutputReceiver<RawListing> out) {
      Failures.counter(raw.getSite(), name).inc();
      out.output(raw);
    }
  }
}
