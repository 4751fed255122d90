package dev.souk.transforms.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.iceberg.LakeConfig;
import dev.souk.model.CrawlState;
import dev.souk.model.FailureRecord;
import dev.souk.transforms.sites.StartPage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The continuous crawl: a streaming DirectRunner job that crawls the sample on every tick, storing
 * its crawl state in a real Iceberg table that the next tick reads back. Each round commits once
 * ({@link IcebergLake#appendPerRound}) and the next round waits on that commit ({@link
 * CrawlTicks#afterEachRoundStored}); time moves by stored rounds, not by the wall clock, so the
 * counts are the same however slow the machine.
 */
class ScheduledCrawlTest {
  private static final String FAILING_FILE = "mubawab/detail/8246816.html";
  private static final String CRAWL_STATE = "bronze.crawl_state";
  /** Test time: round 1 at START, round 2 due the moment round 1 is stored. */
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration PERIOD = Duration.standardMinutes(15);
  /** The last two rent pages (39 links). */
  private static final List<StartPage> RENT_PAGE_2 =
      List.of(StartPage.of("mubawab", "https://www.mubawab.ma/fr/cc/immobilier-a-louer-all:o:n:p:2", "rent"));

  @Test
  void secondRoundFetchesOnlyWhatTheFirstDidNotStore(@TempDir Path dir) throws Exception {
    // A root of its own, so this job's requests are the only ones in its server's log.
    SampleCrawls.serveEditedCopy(dir, "scheduled", List.of(), Set.of(FAILING_FILE));
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    Schema stateSchema = p.getSchemaRegistry().getSchema(CrawlState.class);
    IcebergLake lake = IcebergLake.of(LakeConfig.hadoop(dir.resolve("lake").toString()));
    lake.ensureTable(CRAWL_STATE, stateSchema, List.of("seenAt"));
    SerializableFunction<Instant, Boolean> stored = lake.roundStored(List.of(CRAWL_STATE));

    PCollection<Instant> ticks = p.apply("EveryTick", CrawlTicks.every(PERIOD).withRounds(2)
        .afterEachRoundStored(stored)
        .withClock(CrawlTicks.Clock.oneRoundPerStoredRound(START, PERIOD, stored)));
    PCollectionView<Map<String, CrawlState>> known =
        ticks.apply("Known", ReadKnownListings.eachTick(lake.readOnEach(CRAWL_STATE, stateSchema)));
    var crawled = ticks
        .apply("Starts", ScheduledStartPages.of(RENT_PAGE_2))
        .apply("Crawl", CrawlSites.with(SampleCrawls.fetcher("scheduled")).withKnownListings(known));
    crawled.output()
        .apply("State", CrawlStateFromPages.create())
        .apply("StateRows", Convert.toRows())
        .apply("StoreState", lake.appendPerRound(CRAWL_STATE, ticks));
    SampleCrawls.Run run = SampleCrawls.run(p, "scheduled", crawled);

    Map<String, Long> listFetches = run.listRequests().stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertEquals(2L, listFetches.get(RENT_PAGE_2.get(0).getUrl().substring("https:/".length())), "two walks");
    assertEquals(1L, listFetches.get("/www.mubawab.ma/fr/cc/immobilier-a-louer-all:o:n:p:3"),
        "the second walk stops at page 2, known but for the failed link: " + listFetches);

    Map<String, Long> detailFetches = run.detailRequests().stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    String failingPath = detailFetches.keySet().stream().filter(u -> u.contains("/8246816/")).findFirst().orElseThrow();
    assertEquals(37, detailFetches.size(), "the distinct listings of rent pages 2 and 3: " + detailFetches.size());
    assertEquals(2L, detailFetches.get(failingPath), "the failed fetch is retried by the next round");
    detailFetches.remove(failingPath);
    assertEquals(Set.of(1L), Set.copyOf(detailFetches.values()), "the second round fetched no stored listing");
    assertEquals(23, run.counter("unchanged_skipped"), "page 2's 24 links less the failed one");

    List<FailureRecord> failed = run.failures().stream().filter(f -> f.getReason().equals("http_502")).toList();
    assertEquals(2, failed.size(), "one failure record per round: " + run.failures());
    assertEquals(detailFetches.size(), lake.count(CRAWL_STATE), "the lake holds each stored listing once");
    assertEquals(List.of(START.plus(PERIOD), START), lake.storedRounds(CRAWL_STATE), "one commit per round");
  }
}
