package dev.souk.pipelines.sources;

import dev.souk.pipelines.lake.Lake;
import org.apache.beam.sdk.Pipeline;

/**
 * Where listings come from: a crawl of the sites (live or the bundled sample), a replay of WARC
 * files, the original producers' payload files (and, later, Kafka). A run reads one or more sources;
 * the graph treats what they give alike. Implementations apply their steps under stable names of
 * their own, so several sources can share a graph.
 */
public interface ListingSource {
  /** Adds the source's steps to the graph. {@code lake} gives what earlier runs stored, if the source needs it. */
  Acquired acquire(Pipeline pipeline, Lake lake);

  /** One line for the run's banner, e.g. {@code crawl of avito, mubawab (bundled sample)}. */
  String describe();
}
