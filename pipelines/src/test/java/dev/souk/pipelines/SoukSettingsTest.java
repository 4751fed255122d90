package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.pipelines.options.SoukOptions;
import dev.souk.pipelines.sources.CrawlSource;
import dev.souk.pipelines.sources.PayloadFilesSource;
import dev.souk.pipelines.sources.WarcReplaySource;
import dev.souk.pipelines.warehouse.DuckDbSink;
import dev.souk.transforms.markets.Markets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the options combine into sources, schedule, lake, warehouse and markets; each combination that cannot work says why. */
class SoukSettingsTest {
  /** Holds one WARC file and one payload file: input patterns must match a file. */
  @TempDir static Path inputs;
  private static String warcs;
  private static String payloads;

  @BeforeAll
  static void inputFiles() throws IOException {
    Files.writeString(inputs.resolve("a.warc.gz"), "");
    Files.writeString(inputs.resolve("x.jsonl"), "");
    warcs = "--warcInput=" + inputs + "/*.warc.gz";
    payloads = "--originalPayloads=" + inputs + "/*.jsonl";
  }

  private static SoukSettings settings(String... args) {
    return SoukSettings.from(PipelineOptionsFactory.fromArgs(args).as(SoukOptions.class));
  }

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> settings(args)).getMessage();
  }

  @Test
  void theDefaultCrawlsTheBundledSampleIntoEmbeddedOutputs() {
    SoukSettings s = settings("--outputDir=/tmp/souk-x");
    assertThat(s.sources().size(), equalTo(1));
    assertThat(s.sources().get(0), instanceOf(CrawlSource.class));
    assertThat(s.sources().get(0).describe(), containsString("(bundled sample)"));
    assertThat(s.lakeConfig().catalogProperties().get("warehouse"), equalTo("/tmp/souk-x/lake"));
    assertThat(((DuckDbSink) s.warehouse()).path(), equalTo("/tmp/souk-x/souk.duckdb"));
    assertThat(s.markets(), equalTo(Markets.all()));
    assertThat(s.outputDir(), equalTo(Path.of("/tmp/souk-x")));
  }

  @Test
  void eachSourceModeGivesItsSources() {
    assertThat(settings("--source=live").sources().get(0).describe(), containsString("(live sites)"));
    assertThat(settings("--source=warc", warcs).sources().get(0), instanceOf(WarcReplaySource.class));
    List<?> both = settings(payloads).sources();
    assertThat(both.size(), equalTo(2));
    assertThat(both.get(1), instanceOf(PayloadFilesSource.class));
    List<?> payloadsOnly = settings("--source=none", payloads).sources();
    assertThat(payloadsOnly.size(), equalTo(1));
    assertThat(payloadsOnly.get(0), instanceOf(PayloadFilesSource.class));
    assertThat(settings("--source= SAMPLE ").sources().size(), equalTo(1));
  }

  @Test
  void sourceErrorsSayWhatToFix() {
    assertThat(error("--source=web"), containsString("--source must be 'sample'"));
    assertThat(error("--source=warc"), containsString("--source=warc needs --warcInput"));
    assertThat(error("--source=none"), containsString("--source=none needs --originalPayloads"));
  }

  @Test
  void aContinuousCrawlNeedsACrawlAndNoBatchInput() {
    assertThat(settings("--crawlEvery=PT1H").schedule().continuous(), equalTo(true));
    assertThat(settings("--crawlEvery=PT1H", "--source=live").schedule().continuous(), equalTo(true));
    assertThat(error("--crawlEvery=PT1H", "--source=warc", warcs),
        containsString("needs --source=sample or --source=live"));
    assertThat(error("--crawlEvery=PT1H", "--source=none", payloads),
        containsString("needs --source=sample or --source=live"));
    assertThat(error("--crawlEvery=PT1H", payloads), containsString("one-off batch input"));
  }

  @Test
  void theLakeCommitsStreamingAppendsOnTheIntervalOnlyInAContinuousCrawl() {
    assertThat(settings("--crawlEvery=PT1H", "--lakeCommitIntervalSeconds=7").lake().commitInterval(),
        equalTo(org.joda.time.Duration.standardSeconds(7)));
    assertThat(settings("--lakeCommitIntervalSeconds=7").lake().commitInterval(),
        equalTo(dev.souk.io.iceberg.IcebergLake.DEFAULT_COMMIT_INTERVAL));
  }

  @Test
  void marketsMustBeDistinct() {
    SoukSettings s = settings();
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> s.withMarkets(List.of(Markets.REAL_ESTATE, Markets.REAL_ESTATE))).getMessage(),
        containsString("Two markets are named RealEstate"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> s.withMarkets(List.of())).getMessage(),
        containsString("No market"));
    assertThat(s.withMarkets(List.of(Markets.USED_PHONES)).markets(), equalTo(List.of(Markets.USED_PHONES)));
  }
}
