package dev.souk.pipelines.sources;

import dev.souk.io.http.FetcherConfig;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.pipelines.lake.Lake;
import dev.souk.pipelines.options.CrawlOptions;
import dev.souk.pipelines.options.OptionPaths;
import dev.souk.transforms.archive.ReadWarc;
import dev.souk.transforms.parse.ParseDetailPages;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Pages recorded to WARC files by an earlier crawl ({@code --warcOutput}), parsed again: the same
 * raw listings as the crawl gave, without a request. Its pages are in the lake already, from the
 * crawl that recorded them, so they do not go to bronze again.
 */
public final class WarcReplaySource implements ListingSource {
  private final String filePattern;
  private final long maxBodyBytes;

  private WarcReplaySource(String filePattern, long maxBodyBytes) {
    this.filePattern = filePattern;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The replay of {@code --warcInput}, which must match at least one file. */
  public static WarcReplaySource from(CrawlOptions options) {
    String pattern = options.getWarcInput();
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("--source=warc needs --warcInput, e.g. --warcInput='archive/*.warc.gz'");
    }
    if (options.getMaxBodyBytes() < 1) {
      throw new IllegalArgumentException("--maxBodyBytes must be at least 1, was " + options.getMaxBodyBytes());
    }
    OptionPaths.filesMatch("--warcInput", pattern);
    return new WarcReplaySource(pattern, options.getMaxBodyBytes());
  }

  public static WarcReplaySource of(String filePattern) {
    if (filePattern == null || filePattern.isBlank()) {
      throw new IllegalArgumentException("a WARC replay needs a file pattern, e.g. 'archive/*.warc.gz'");
    }
    return new WarcReplaySource(filePattern, FetcherConfig.DEFAULT_MAX_BODY_BYTES);
  }

  @Override
  public String describe() {
    return "replay of WARC files " + filePattern;
  }

  @Override
  public Acquired acquire(Pipeline pipeline, Lake lake) {
    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> replayed =
        pipeline.apply("ReplayWarc", ReadWarc.from(filePattern).withMaxBodyBytes(maxBodyBytes));
    var parsed = replayed.output().apply("ParseReplayed", ParseDetailPages.create());
    PCollection<FailureRecord> failures = PCollectionList.of(replayed.failures()).and(parsed.failures())
        .apply("ReplayFailures", Flatten.pCollections());
    return new Acquired(replayed.output(), false, parsed.output(), failures);
  }
}
