package dev.souk.pipelines;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.model.CrawlState;
import dev.souk.model.FetchedPage;
import dev.souk.transforms.crawl.CrawlStateFromPages;
import dev.souk.transforms.crawl.ReadKnownListings;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Instant;

/**
 * The incremental crawl's two ends in the lake ({@link LakeTables#CRAWL_STATE}): what earlier runs
 * stored (read once per run, or once per round of a continuous crawl), and this run's crawl state,
 * appended.
 */
final class CrawlStateLake {
  private CrawlStateLake() {}

  /** Latest crawl state per {@code site/listingId}, for {@code CrawlSites.withKnownListings}. */
  static PCollectionView<Map<String, CrawlState>> knownListings(Pipeline pipeline, IcebergLake lake) {
    return pipeline.apply("KnownListings",
        ReadKnownListings.from(lake.read(LakeTables.CRAWL_STATE.id(), LakeTables.CRAWL_STATE.schema())));
  }

  /** As {@link #knownListings}, read anew on every tick of a continuous crawl, one map per tick window. */
  static PCollectionView<Map<String, CrawlState>> knownListingsEachTick(PCollection<Instant> ticks, IcebergLake lake) {
    return ticks.apply("KnownListings", ReadKnownListings.eachTick(
        lake.<Instant>readOnEach(LakeTables.CRAWL_STATE.id(), LakeTables.CRAWL_STATE.schema())));
  }

  /** Appends the crawl state of the detail pages among {@code pages}. */
  static void append(PCollection<FetchedPage> pages, IcebergLake lake) {
    pages
        .apply("CrawlState", CrawlStateFromPages.create())
        .apply("CrawlStateToRows", Convert.toRows())
        .apply("CrawlStateAppend", lake.append(LakeTables.CRAWL_STATE.id()));
  }
}
