package dev.souk.pipelines;

import dev.souk.model.CrawlState;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import java.util.List;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;

/** The Iceberg tables of the lake: their identifiers, schemas (from the model) and day partitions. */
public enum LakeTables {
  BRONZE_PAGES("bronze.fetched_pages", FetchedPage.class, "fetchedAt"),
  /** The incremental crawl's memory: per stored detail page, its card fingerprint and validators. */
  CRAWL_STATE("bronze.crawl_state", CrawlState.class, "seenAt"),
  BRONZE_RAW_LISTINGS("bronze.raw_listings", RawListing.class, "ingestTime"),
  SILVER_PROPERTY_LISTINGS("silver.property_listings", PropertyListing.class, "scrapedAt"),
  SILVER_PHONE_LISTINGS("silver.phone_listings", PhoneListing.class, "scrapedAt"),
  DEAD_LETTER("dead_letter.failures", FailureRecord.class, "failedAt");

  private static final SchemaRegistry SCHEMAS = SchemaRegistry.createDefault();

  private final String id;
  private final Class<?> type;
  private final String dayPartitionField;

  LakeTables(String id, Class<?> type, String dayPartitionField) {
    this.id = id;
    this.type = type;
    this.dayPartitionField = dayPartitionField;
  }

  public String id() {
    return id;
  }

  /** Partitioned by day of this timestamp: the usual filter ("what came in yesterday"). */
  public List<String> partitionDays() {
    return List.of(dayPartitionField);
  }

  public Schema schema() {
    try {
      return SCHEMAS.getSchema(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type + " has no Beam schema", e);
    }
  }
}
