package dev.souk.pipelines;

import dev.souk.model.FailureRecord;
import dev.souk.model.ListingKey;
import dev.souk.model.ListingVersion;
import dev.souk.model.RawListing;
import dev.souk.pipelines.lake.Lake;
import dev.souk.pipelines.lake.LakeTable;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.transforms.Failures;
import dev.souk.transforms.dedup.KeepNewVersions;
import dev.souk.transforms.dedup.LatestPerListing;
import dev.souk.transforms.markets.MarketSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * One market's branch of the graph, the same for every {@link MarketSpec}: its raw listings →
 * normalise → latest version per listing, which goes (a) to the market's silver table when the lake
 * does not hold that version yet and (b) to the star-schema rows of the market's warehouse tables.
 */
final class MarketBranch<T extends ListingVersion> extends PTransform<PCollection<RawListing>, MarketBranch.Output<T>> {
  private final MarketSpec<T> market;
  private final Lake lake;

  private MarketBranch(MarketSpec<T> market, Lake lake) {
    this.market = market;
    this.lake = lake;
  }

  static <T extends ListingVersion> MarketBranch<T> of(MarketSpec<T> market, Lake lake) {
    return new MarketBranch<>(market, lake);
  }

  @Override
  public Output<T> expand(PCollection<RawListing> raw) {
    MarketSpec<T> spec = market;
    WithFailures.Result<PCollection<T>, FailureRecord> normalised = raw
        .apply("Select", Filter.by(spec::accepts))
        .apply("Normalise", spec.normalise());
    PCollection<T> latest = normalised.output().apply("Deduplicate", LatestPerListing.create());

    LakeTable silver = LakeTables.silver(spec);
    Schema versionKeys = Schema.builder()
        .addField(silver.schema().getField("source"))
        .addField(silver.schema().getField("listingId"))
        .addField(silver.schema().getField("contentHash"))
        .build();
    PCollection<KV<String, String>> storedVersions = lake
        .readStored(raw.getPipeline(), "ReadStoredSilver", silver, versionKeys)
        .apply("StoredVersionKeys", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((Row r) -> KV.of(ListingKey.of(r.getString("source"), r.getString("listingId")), r.getString("contentHash"))));
    PCollection<T> newVersions = latest.apply("KeepNewVersions", KeepNewVersions.against(storedVersions));
    lake.appendRound("Silver", newVersions
        .apply("CountSilverRows", ParDo.of(new CountPerSiteFn<T>("silver_rows_written")))
        .setCoder(newVersions.getCoder()), silver);

    PCollectionTuple starRows = latest.apply("ModelStarSchema", spec.starSchema());
    return new Output<>(raw.getPipeline(), latest, newVersions, starRows, normalised.failures());
  }

  /**
   * What a market branch gives the graph.
   *
   * @param latest the latest version of each listing of this run
   * @param newVersions the versions the lake did not hold yet (appended to silver)
   * @param starRows one collection per warehouse table, under {@code ModelStarSchema.tag(table)}
   * @param failures raw listings that could not be normalised
   */
  record Output<T>(Pipeline pipeline, PCollection<T> latest, PCollection<T> newVersions, PCollectionTuple starRows,
      PCollection<FailureRecord> failures) implements POutput {
    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      Map<TupleTag<?>, PValue> all = new LinkedHashMap<>(starRows.expand());
      all.put(new TupleTag<T>("latest"), latest);
      all.put(new TupleTag<T>("newVersions"), newVersions);
      all.put(new TupleTag<FailureRecord>("failures"), failures);
      return all;
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, org.apache.beam.sdk.values.PInput input, PTransform<?, ?> transform) {}
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
}
