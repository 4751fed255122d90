package dev.souk.transforms.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.CrawlState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The continuous crawl: a streaming DirectRunner job that crawls the sample on every tick. */
class ScheduledCrawlTest {

  @Test
  void twoTicksCrawlTwiceAndTheSecondFetchesNoUnchangedListing(@TempDir Path dir) throws Exception {
    // A root of its own, so this job's requests are the only ones in its server's log.
    SampleCrawls.serveEditedCopy(dir, "scheduled", List.of());
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionView<Map<String, CrawlState>> nothingKnown =
        p.apply("Known", ReadKnownListings.from(SampleCrawls.rows(List.of())));
    SampleCrawls.Run run = SampleCrawls.run(p, "scheduled",
        p.apply("EveryTick", ScheduledStartPages.every(Duration.standardSeconds(3)).of(SampleCrawls.MUBAWAB_STARTS)
                .withStopAfter(Duration.standardSeconds(3)))
            .apply("Crawl", CrawlSites.with(SampleCrawls.fetcher("scheduled")).withKnownListings(nothingKnown)));

    Map<String, Long> listFetches = run.listRequests().stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertEquals(4, listFetches.size(), "rent pages 1-3 and the sale page");
    assertEquals(Set.of(2L), Set.copyOf(listFetches.values()), "two ticks, two walks: " + listFetches);

    Map<String, Long> detailFetches = run.detailRequests().stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertTrue(detailFetches.size() > 50, "first tick fetched the listings: " + detailFetches.size());
    assertEquals(Set.of(1L), Set.copyOf(detailFetches.values()), "the second tick fetched none again");
    assertEquals(detailFetches.size(), run.counter("unchanged_skipped"));
    assertEquals(detailFetches.size(), run.states().size());
  }
}
