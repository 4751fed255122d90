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
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.WithFailures;
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
   * The files' lines, less those the lake already holds ({@link SkipLoadedLines}): loading a file
   * again appends nothing twice, to bronze or to the dead letter. The lake is asked for each stored
   * line's key column only, so a rerun's cost follows the new lines, not the payloads stored; rows
   * written before that column existed ({@link IcebergLake#hasRowsWithout}) add the columns their
   * key is computed from.
   */
  @Override
  public Acquired acquire(Pipeline pipeline, Lake lake) {
    WithFailures.Result<PCollection<RawListing>, FailureRecord> ingested =
        pipeline.apply("OriginalPayloads", ReadOriginalPayloads.from(filePattern).withMaxLineBytes(maxLineBytes));
    PCollection<Row> storedRaw = lake.readStored(pipeline, "StoredPayloadLines", LakeTables.BRONZE_RAW_LISTINGS,
        keyColumns(lake.iceberg(), LakeTables.BRONZE_RAW_LISTINGS, "provenance", "payload"));
    PCollection<Row> storedFailures = lake.readStored(pipeline, "StoredPayloadFailures", LakeTables.DEAD_LETTER,
        keyColumns(lake.iceberg(), LakeTables.DEAD_LETTER, "url", "step", "reason", "payload"));
    return new Acquired(null, false,
        ingested.output().apply("SkipLoadedRawListings", SkipLoadedLines.rawListings(storedRaw)),
        ingested.failures().apply("SkipLoadedFailures", SkipLoadedLines.failures(storedFailures)));
  }

  /** The key column, and {@code legacy} where some rows of the table predate it. */
  private static Schema keyColumns(IcebergLake iceberg, LakeTable table, String... legacy) {
    List<String> names = new ArrayList<>(List.of(LineKeys.COLUMN));
    if (iceberg.hasRowsWithout(table.id(), LineKeys.COLUMN)) {
      names.addAll(List.of(legacy));
    }
    return columns(table, names.toArray(String[]::new));
  }

  private static Schema columns(LakeTable table, String... names) {
    Schema.Builder columns = Schema.builder();
    for (String name : names) {
      columns.addField(table.schema().getField(name));
    }
    return columns.build();
  }
}
