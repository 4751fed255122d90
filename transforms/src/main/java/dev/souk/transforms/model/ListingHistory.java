package dev.souk.transforms.model;

import static dev.souk.transforms.model.ConformedDimensions.NULLABLE_STRING;

import dev.souk.model.Site;
import dev.souk.model.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.joda.time.ReadableInstant;

/**
 * Price history as a type-2 slowly changing dimension, {@code dim_listing_history}: one row per
 * listing version with the range of time it was the listing's content, {@code [valid_from,
 * valid_to)}, and its asking price. Conformed: both markets write it.
 *
 * <p>Why SCD2 and not a daily snapshot fact: what the lake knows about a listing is the versions
 * silver holds, each with the time its content was first scraped. A re-scrape that finds the same
 * content leaves no trace a snapshot could be built from: the crawl skips a listing whose list
 * card is unchanged before fetching it, the crawl state records only pages fetched, and silver
 * keeps only the first scrape of each content (docs/graph.md, "Incremental crawl"). A row per
 * listing and day would invent the days in between; validity ranges state exactly what is known.
 *
 * <p>{@code valid_to} is the next version's {@code valid_from}; the current version's is null (as
 * in a dbt snapshot): not a claim that the listing is still online, since no last-seen time is
 * kept. A version that arrives late (a replayed older scrape) slots into the chain: the rows of a
 * listing are always recomputed from all its versions ({@link ModelListingHistory}).
 */
public final class ListingHistory {
  private ListingHistory() {}

  public static final WarehouseTable TABLE = WarehouseTable.of("dim_listing_history",
      Schema.builder()
          .addField("listing_version_key", WarehouseTable.SURROGATE_KEY)
          .addField("listing_url_key", WarehouseTable.SURROGATE_KEY)
          .addStringField("source_code")
          .addStringField("listing_id")
          .addStringField("content_hash")
          .addInt32Field("version_number")
          .addDateTimeField("valid_from")
          // dim_date's key of valid_from (UTC), as the facts' scraped_date_key: months and days by join.
          .addInt32Field("valid_from_date_key")
          .addField("valid_to", FieldType.DATETIME.withNullable(true))
          .addBooleanField("is_current")
          .addField("price_amount", FieldType.DECIMAL.withNullable(true))
          .addField("price_currency", NULLABLE_STRING)
          .addBooleanField("price_on_request")
          .build(),
      List.of("listing_version_key"));

  /**
   * What the history needs of a silver version; every market's silver type has these fields under
   * these names ({@link #silverColumns} checks).
   */
  public static final Schema VERSION = Schema.builder()
      .addStringField("source")
      .addStringField("listingId")
      .addStringField("contentHash")
      .addDateTimeField("scrapedAt")
      .addField("priceAmount", FieldType.DECIMAL.withNullable(true))
      .addField("priceCurrency", NULLABLE_STRING)
      .addBooleanField("priceOnRequest")
      .build();

  /** The columns of a silver table (of schema {@code silver}) to read for the history: {@link #VERSION}'s. */
  public static Schema silverColumns(Schema silver) {
    Schema.Builder columns = Schema.builder();
    for (Schema.Field field : VERSION.getFields()) {
      if (!silver.hasField(field.getName())) {
        throw new IllegalArgumentException("A silver table with listing history needs a field " + field.getName()
            + "; it has " + silver.getFieldNames());
      }
      columns.addField(silver.getField(field.getName()));
    }
    return columns.build();
  }

  /** A {@link #VERSION} row from a row holding (at least) its fields by name, e.g. silver's. */
  public static Row version(Row silver) {
    Object scrapedAt = silver.getValue("scrapedAt");
    return version(silver.getString("source"), silver.getString("listingId"), silver.getString("contentHash"),
        new Instant(((ReadableInstant) scrapedAt).getMillis()), silver.getDecimal("priceAmount"),
        silver.getString("priceCurrency"), Boolean.TRUE.equals(silver.getBoolean("priceOnRequest")));
  }

  public static Row version(String source, String listingId, String contentHash, Instant scrapedAt,
      @Nullable BigDecimal priceAmount, @Nullable String priceCurrency, boolean priceOnRequest) {
    return Row.withSchema(VERSION)
        .addValues(source, listingId, contentHash, scrapedAt.toDateTime(), priceAmount, priceCurrency, priceOnRequest)
        .build();
  }

  /**
   * The history rows of one listing from all its versions ({@link #VERSION} rows, any order; the
   * same version may be given twice, e.g. as stored and as new). Versions are ordered by scrape
   * time, then content hash, so equal times still give one order on every run.
   */
  public static List<TableRow> rowsFor(Iterable<Row> versionsOfOneListing) {
    Map<String, Row> byHash = new LinkedHashMap<>();
    for (Row v : versionsOfOneListing) {
      // One row per content: the earliest scrape of it, as silver keeps it.
      byHash.merge(v.getString("contentHash"), v, (a, b) -> millis(b) < millis(a) ? b : a);
    }
    List<Row> chain = new ArrayList<>(byHash.values());
    chain.sort(Comparator.comparingLong(ListingHistory::millis).thenComparing(v -> v.getString("contentHash")));
    List<TableRow> rows = new ArrayList<>(chain.size());
    for (int i = 0; i < chain.size(); i++) {
      Row v = chain.get(i);
      Row next = i + 1 < chain.size() ? chain.get(i + 1) : null;
      String source = v.getString("source");
      String listingId = v.getString("listingId");
      if (!source.equals(chain.get(0).getString("source")) || !listingId.equals(chain.get(0).getString("listingId"))) {
        throw new IllegalArgumentException("Versions of more than one listing: " + chain.get(0).getString("source")
            + "/" + chain.get(0).getString("listingId") + " and " + source + "/" + listingId);
      }
      String site = Site.fromCode(source).code();
      rows.add(TableRow.of(TABLE)
          .set("listing_version_key", SurrogateKey.of(site, listingId, v.getString("contentHash")))
          .set("listing_url_key", SurrogateKey.of(site, listingId))
          .set("source_code", site)
          .set("listing_id", listingId)
          .set("content_hash", v.getString("contentHash"))
          .set("version_number", i + 1)
          .set("valid_from", v.getDateTime("scrapedAt"))
          .set("valid_from_date_key", ConformedDimensions.date(new Instant(millis(v))).key())
          .set("valid_to", next == null ? null : next.getDateTime("scrapedAt"))
          .set("is_current", next == null)
          .set("price_amount", v.getDecimal("priceAmount"))
          .set("price_currency", v.getString("priceCurrency"))
          .set("price_on_request", v.getBoolean("priceOnRequest"))
          .build());
    }
    return rows;
  }

  private static long millis(Row version) {
    return version.getDateTime("scrapedAt").getMillis();
  }
}
