package dev.souk.pipelines;

import dev.souk.pipelines.sources.CrawlSource;
import dev.souk.pipelines.lake.LakeTables;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.sample.LocalSiteServer;
import dev.souk.pipelines.options.SoukOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of the main job on one lake: the first stores each fetched listing's crawl state in
 * bronze.crawl_state, the second reads it back and fetches no stored listing's page again; only
 * a page that failed is retried. The sample server's request log is the evidence.
 */
class IncrementalCrawlRunsTest {
  @TempDir Path tmp;

  @Test
  void secondRunOnTheSameLakeFetchesOnlyWhatFailedBefore() {
    SoukOptions options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--maxListPages=50", "--sites=avito,mubawab",
        "--outputDir=" + tmp.resolve("out")).withValidation().as(SoukOptions.class);
    LocalSiteServer server = LocalSiteServer.shared(CrawlSource.SAMPLE_RESOURCE_ROOT);

    int start = server.requestLog().size();
    RunSummary first = SoukMain.run(options, quiet());
    List<String> firstDetails = detailRequests(server, start);
    IcebergLake lake = SoukSettings.from(options).lake();
    List<Record> state = lake.scan(LakeTables.CRAWL_STATE.id());
    long fetched = first.count("avito", "detail_pages_fetched") + first.count("mubawab", "detail_pages_fetched");
    assertThat(fetched, greaterThan(100L));
    assertThat("one crawl-state row per detail page stored", (long) state.size(), equalTo(fetched - failedFetches(first)));
    assertThat(state.stream().map(r -> r.getField("etag")).toList(), everyItem(is(notNullValue())));

    int between = server.requestLog().size();
    RunSummary second = SoukMain.run(options, quiet());
    List<String> secondDetails = detailRequests(server, between);
    // Pages that answered an error were not stored, so they are the only ones asked for again.
    Set<String> failedBefore = firstDetails.stream().filter(path -> path.contains("56333284")).collect(Collectors.toSet());
    assertThat(failedBefore, hasSize(1));
    assertThat(secondDetails, everyItem(is(in(failedBefore))));
    assertThat(second.count("avito", "unchanged_skipped") + second.count("mubawab", "unchanged_skipped"), greaterThan(0L));
    assertThat("the host's metrics count its skipped listings", second.hostCount("www.mubawab.ma", "unchanged_skipped"),
        equalTo(second.count("mubawab", "unchanged_skipped")));
    assertThat(second.hostCount("www.mubawab.ma", "unchanged_skipped"), greaterThan(0L));
    assertThat(second.count("avito", "walks_stopped_mostly_known") + second.count("mubawab", "walks_stopped_mostly_known"),
        greaterThan(0L));
    assertThat("the retried page failed again: nothing new to remember",
        (long) lake.scan(LakeTables.CRAWL_STATE.id()).size(), equalTo((long) state.size()));
  }

  /** The sample's one error page (HTTP 502): counted as fetched, stored as no state. */
  private static long failedFetches(RunSummary summary) {
    return summary.count("avito", "failed:fetch:http_502") + summary.count("mubawab", "failed:fetch:http_502");
  }

  private static List<String> detailRequests(LocalSiteServer server, int from) {
    List<LocalSiteServer.LoggedRequest> log = server.requestLog();
    return log.subList(from, log.size()).stream().map(LocalSiteServer.LoggedRequest::path)
        .filter(path -> path.endsWith(".htm") || path.contains("/fr/a/"))
        .toList();
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
