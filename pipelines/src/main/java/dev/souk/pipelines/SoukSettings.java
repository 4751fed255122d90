package dev.souk.pipelines;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.iceberg.LakeConfig;
import dev.souk.pipelines.lake.LakeCatalogs;
import dev.souk.pipelines.options.OptionPaths;
import dev.souk.pipelines.options.SoukOptions;
import dev.souk.pipelines.quality.QualityGates;
import dev.souk.pipelines.sources.CrawlSource;
import dev.souk.pipelines.sources.ListingSource;
import dev.souk.pipelines.sources.PayloadFilesSource;
import dev.souk.pipelines.sources.WarcReplaySource;
import dev.souk.pipelines.warehouse.WarehouseSink;
import dev.souk.pipelines.warehouse.WarehouseSinks;
import dev.souk.transforms.markets.MarketSpec;
import dev.souk.transforms.markets.Markets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.io.FileSystems;

/**
 * The job's options resolved into its parts: the sources to read, the schedule, the lake, the
 * warehouse, the markets and the quality gates. Each part checks its own options ({@link CrawlSource#from}, {@link
 * CrawlSchedule#from}, {@link LakeCatalogs#from}, {@link WarehouseSinks#from}); this class checks
 * how they combine, so a bad option fails before anything is written. Resolving only reads: no
 * table, file or option is changed.
 */
public record SoukSettings(
    List<ListingSource> sources, CrawlSchedule schedule, LakeConfig lakeConfig, WarehouseSink warehouse,
    List<MarketSpec<?>> markets, Path outputDir, QualityGates quality) {

  public SoukSettings {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("Nothing to read: --source=none needs --originalPayloads");
    }
    sources = List.copyOf(sources);
    markets = Markets.checked(markets);
  }

  public static SoukSettings from(SoukOptions options) {
    // The file systems the options name (s3://, gs://, …) are registered as the job will see them.
    FileSystems.setDefaultPipelineOptions(options);
    Path out = OptionPaths.folderToWrite("--outputDir", Path.of(options.getOutputDir()));
    List<ListingSource> sources = new ArrayList<>();
    String source = options.getSource() == null ? "" : options.getSource().trim().toLowerCase(Locale.ROOT);
    switch (source) {
      case "sample" -> sources.add(CrawlSource.from(options, false));
      case "live" -> sources.add(CrawlSource.from(options, true));
      case "warc" -> sources.add(WarcReplaySource.from(options));
      case "none" -> { }
      default -> throw new IllegalArgumentException("--source must be 'sample' (bundled offline copy), "
          + "'live', 'warc' (replay --warcInput) or 'none', not '" + options.getSource() + "'");
    }
    boolean crawls = source.equals("sample") || source.equals("live");
    if (!source.equals("warc") && isGiven(options.getWarcInput())) {
      throw new IllegalArgumentException("--warcInput is replayed only with --source=warc; add it or drop --warcInput");
    }
    if (!crawls && isGiven(options.getWarcOutput())) {
      throw new IllegalArgumentException("--warcOutput records the pages of a crawl: it needs --source=sample or "
          + "--source=live, not --source=" + options.getSource());
    }
    if (isGiven(options.getOriginalPayloads())) {
      sources.add(PayloadFilesSource.from(options));
    }
    CrawlSchedule schedule = CrawlSchedule.from(options);
    if (schedule.continuous() && !crawls) {
      throw new IllegalArgumentException("--crawlEvery re-crawls the sites on a schedule: it needs --source=sample or "
          + "--source=live, not --source=" + options.getSource());
    }
    if (schedule.continuous() && sources.size() > 1) {
      throw new IllegalArgumentException(
          "--originalPayloads is a one-off batch input: load the files in a run without --crawlEvery");
    }
    return new SoukSettings(sources, schedule, LakeCatalogs.from(options, out), WarehouseSinks.from(options, out),
        Markets.all(), out, QualityGates.from(options, Markets.all()));
  }

  private static boolean isGiven(String option) {
    return option != null && !option.isBlank();
  }

  /** The same settings over other markets: how a new market (or a test's toy one) joins the graph. */
  public SoukSettings withMarkets(List<? extends MarketSpec<?>> others) {
    return new SoukSettings(sources, schedule, lakeConfig, warehouse, List.copyOf(others), outputDir,
        quality.withMarkets(others));
  }

  /** The same settings on another schedule (e.g. {@link CrawlSchedule#onStoredRounds} in tests). */
  public SoukSettings withSchedule(CrawlSchedule other) {
    return new SoukSettings(sources, other, lakeConfig, warehouse, markets, outputDir, quality);
  }

  /** The same settings writing to another warehouse. */
  public SoukSettings withWarehouse(WarehouseSink sink) {
    return new SoukSettings(sources, schedule, lakeConfig, sink, markets, outputDir, quality);
  }

  /** The lake, committing streaming appends every commit interval in a continuous crawl. */
  public IcebergLake lake() {
    IcebergLake lake = IcebergLake.of(lakeConfig);
    return schedule.continuous() ? lake.withCommitInterval(schedule.commitInterval()) : lake;
  }

  /** The crawl among the sources, if any. */
  public java.util.Optional<CrawlSource> crawl() {
    return sources.stream().filter(CrawlSource.class::isInstance).map(CrawlSource.class::cast).findFirst();
  }
}
