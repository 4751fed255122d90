package dev.souk.pipelines.sources;

import dev.souk.model.FailureRecord;
import dev.souk.model.RawListing;
import dev.souk.pipelines.lake.Lake;
import dev.souk.pipelines.lake.LakeTable;
import dev.souk.pipelines.lake.LakeTables;
import dev.souk.pipelines.options.IngestOptions;
import dev.souk.pipelines.options.OptionPaths;
import dev.souk.transforms.ingest.JsonLinesReader;
import dev.souk.transforms.ingest.ReadOriginalPayloads;
import dev.souk.transforms.ingest.LineKeys;
import dev.souk.transforms.ingest.SkipLoadedLines;
import dev.souk.io.iceberg.IcebergLake;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * JSON-lines files of the original Python producers' payloads (a Kafka topic dump, or an export of
 * their raw tables), read as raw listings like those parsed from pages.
 */
public final class PayloadFilesSource implements ListingSource {
  private final String filePattern;
  private final int maxLineBytes;

  private PayloadFilesSource(String filePattern, int maxLineBytes) {
    this.filePattern = filePattern;
    this.maxLineBytes = maxLineBytes;
  }

  /** The files of {@code --originalPayloads}, which must match at least one file. */
  public static PayloadFilesSource from(IngestOptions options) {
    int maxLineBytes = options.getMaxPayloadLineBytes();
    if (maxLineBytes < 1 || maxLineBytes > JsonLinesReader.MAX_LINE_BYTES_CEILING) {
      throw new IllegalArgumentException("--maxPayloadLineBytes must be 1 to " + JsonLinesReader.MAX_LINE_BYTES_CEILING
          + ", was " + maxLineBytes);
    }
    OptionPaths.filesMatch("--originalPayloads", options.getOriginalPayloads());
    return of(options.getOriginalPayloads()).withMaxLineBytes(maxLineBytes);
  }

  public static PayloadFilesSource of(String filePattern) {
    if (filePattern == null || filePattern.isBlank()) {
      throw new IllegalArgumentException("payload files need a file pattern, e.g. 'dumps/*.jsonl'");
    }
    return new PayloadFilesSource(filePattern, JsonLinesReader.DEFAULT_MAX_LINE_BYTES);
  }

  /** Lines longer than {@code maxLineBytes} become {@code line_too_long} failures. */
  public PayloadFilesSource withMaxLineBytes(int maxLineBytes) {
    return new PayloadFilesSource(filePattern, maxLineBytes);
  }

  @Override
  public String describe() {
    return "original payload files " + filePattern;
  }

  /**
   * The files' lines, less those the lake already holds: loading a file again appends nothing
   * twice, to bronze or to the dead letter. The stored lines' keys ({@link LineKeys#COLUMN}, one
   * small column of bronze and of the dead letter) are all that is read back, and the lines they
   * name are skipped unread ({@link ReadOriginalPayloads#skipping}), so a rerun's cost follows
   * the new lines, not the history. On a lake with rows from before the key column ({@link
   * IcebergLake#hasRowsWithout}), {@link SkipLoadedLines} also drops the lines read whose content
   * those older rows hold.
   */
  @Override
  public Acquired acquire(Pipeline pipeline, Lake lake) {
    IcebergLake iceberg = lake.iceberg();
    boolean olderRaw = iceberg.hasRowsWithout(LakeTables.BRONZE_RAW_LISTINGS.id(), LineKeys.COLUMN);
    boolean olderFailures = iceberg.hasRowsWithout(LakeTables.DEAD_LETTER.id(), LineKeys.COLUMN);
    PCollection<Row> storedRaw = lake.readStored(pipeline, "StoredPayloadLines", LakeTables.BRONZE_RAW_LISTINGS,
        olderRaw ? columns(LakeTables.BRONZE_RAW_LISTINGS, LineKeys.COLUMN, "site", "provenance", "payload")
            : columns(LakeTables.BRONZE_RAW_LISTINGS, LineKeys.COLUMN, "site"));
    PCollection<Row> storedFailures = lake.readStored(pipeline, "StoredPayloadFailures", LakeTables.DEAD_LETTER,
        olderFailures ? columns(LakeTables.DEAD_LETTER, LineKeys.COLUMN, "site", "url", "step", "reason", "payload")
            : columns(LakeTables.DEAD_LETTER, LineKeys.COLUMN, "site"));
    PCollection<KV<String, String>> storedKeys = PCollectionList.of(keysOf("Raw", storedRaw, true))
        .and(keysOf("Failure", storedFailures, false))
        .apply("StoredLineKeys", Flatten.pCollections());
    WithFailures.Result<PCollection<RawListing>, FailureRecord> ingested = pipeline.apply("OriginalPayloads",
        ReadOriginalPayloads.from(filePattern).withMaxLineBytes(maxLineBytes).skipping(storedKeys));
    PCollection<RawListing> raw = ingested.output();
    PCollection<FailureRecord> failures = ingested.failures();
    if (olderRaw) {
      raw = raw.apply("SkipOlderRawListings", SkipLoadedLines.rawListings(storedRaw));
    }
    if (olderFailures) {
      failures = failures.apply("SkipOlderFailures", SkipLoadedLines.failures(storedFailures));
    }
    return new Acquired(null, false, raw, failures);
  }

  /** The line keys of stored rows with what each line became; rows of other origins (crawled pages) have none. */
  private static PCollection<KV<String, String>> keysOf(String name, PCollection<Row> stored, boolean listings) {
    return stored.apply(name + "LineKeys", FlatMapElements
        .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
        .via((Row row) -> {
          String key = row.getString(LineKeys.COLUMN);
          return key == null ? List.<KV<String, String>>of()
              : List.of(KV.of(key, ReadOriginalPayloads.StoredLine.of(listings, row.getString("site"))));
        }));
  }

  private static Schema columns(LakeTable table, String... names) {
    Schema.Builder columns = Schema.builder();
    for (String name : names) {
      columns.addField(table.schema().getField(name));
    }
    return columns.build();
  }
}
