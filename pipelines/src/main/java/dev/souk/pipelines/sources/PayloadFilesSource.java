package dev.souk.pipelines.sources;

import dev.souk.model.FailureRecord;
import dev.souk.model.RawListing;
import dev.souk.pipelines.lake.Lake;
import dev.souk.pipelines.options.IngestOptions;
import dev.souk.pipelines.options.OptionPaths;
import dev.souk.transforms.ingest.ReadOriginalPayloads;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;

/**
 * JSON-lines files of the original Python producers' payloads (a Kafka topic dump, or an export of
 * their raw tables), read as raw listings like those parsed from pages.
 */
public final class PayloadFilesSource implements ListingSource {
  private final String filePattern;

  private PayloadFilesSource(String filePattern) {
    this.filePattern = filePattern;
  }

  /** The files of {@code --originalPayloads}, which must match at least one file. */
  public static PayloadFilesSource from(IngestOptions options) {
    OptionPaths.filesMatch("--originalPayloads", options.getOriginalPayloads());
    return of(options.getOriginalPayloads());
  }

  public static PayloadFilesSource of(String filePattern) {
    if (filePattern == null || filePattern.isBlank()) {
      throw new IllegalArgumentException("payload files need a file pattern, e.g. 'dumps/*.jsonl'");
    }
    return new PayloadFilesSource(filePattern);
  }

  @Override
  public String describe() {
    return "original payload files " + filePattern;
  }

  @Override
  public Acquired acquire(Pipeline pipeline, Lake lake) {
    WithFailures.Result<PCollection<RawListing>, FailureRecord> ingested =
        pipeline.apply("OriginalPayloads", ReadOriginalPayloads.from(filePattern));
    return new Acquired(null, false, ingested.output(), ingested.failures());
  }
}
