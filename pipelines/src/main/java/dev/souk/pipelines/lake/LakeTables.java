package dev.souk.pipelines.lake;

import dev.souk.model.CrawlState;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.RawListing;
import dev.souk.transforms.markets.MarketSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The lake's tables: bronze and dead letter are fixed, silver has one table per market. */
public final class LakeTables {
  public static final LakeTable BRONZE_PAGES = LakeTable.of("bronze.fetched_pages", FetchedPage.class, "fetchedAt");
  /** The incremental crawl's memory: per stored detail page, its card fingerprint and validators. */
  public static final LakeTable CRAWL_STATE = LakeTable.of("bronze.crawl_state", CrawlState.class, "seenAt");
  public static final LakeTable BRONZE_RAW_LISTINGS =
      LakeTable.of("bronze.raw_listings", RawListing.class, "ingestTime");
  public static final LakeTable DEAD_LETTER = LakeTable.of("dead_letter.failures", FailureRecord.class, "failedAt");

  private LakeTables() {}

  /** A market's silver table: its listing versions, partitioned by day scraped. */
  public static LakeTable silver(MarketSpec<?> market) {
    return LakeTable.of(market.silverTable(), market.silverType(), "scrapedAt");
  }

  /** Every table of a graph over {@code markets}: bronze, silver per market, dead letter. */
  public static List<LakeTable> all(Collection<? extends MarketSpec<?>> markets) {
    List<LakeTable> tables = new ArrayList<>(List.of(BRONZE_PAGES, CRAWL_STATE, BRONZE_RAW_LISTINGS));
    markets.forEach(m -> tables.add(silver(m)));
    tables.add(DEAD_LETTER);
    return tables;
  }
}
