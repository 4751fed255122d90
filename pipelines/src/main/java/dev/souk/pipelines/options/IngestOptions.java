package dev.souk.pipelines.options;

import dev.souk.transforms.ingest.JsonLinesReader;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Raw inputs besides the crawl. */
public interface IngestOptions extends PipelineOptions {
  @Description(
      "File pattern of JSON-lines files holding the original Python scrapers' payloads (a Kafka "
          + "topic dump, or an export of the original raw tables): they are normalised exactly like "
          + "crawled pages. Unset: none.")
  String getOriginalPayloads();

  void setOriginalPayloads(String value);

  @Description(
      "Longest payload line, in bytes without its line break, that is read; a longer line becomes a "
          + "line_too_long failure, skipped without being held in memory. 1 to 2147483631.")
  @Default.Integer(JsonLinesReader.DEFAULT_MAX_LINE_BYTES)
  int getMaxPayloadLineBytes();

  void setMaxPayloadLineBytes(int value);
}
