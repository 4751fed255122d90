package dev.souk.pipelines.options;

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
}
