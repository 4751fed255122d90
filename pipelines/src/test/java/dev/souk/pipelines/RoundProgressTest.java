package dev.souk.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

/** The one log line a continuous crawl writes per round. */
class RoundProgressTest {
  @Test
  void roundProgressNamesEachSitesPagesAndFailures() {
    assertThat(RoundProgress.describe(List.of(KV.of("noon\tdetail", 3L), KV.of("avito\tlist", 2L),
            KV.of("avito\tdetail", 9L), KV.of("avito\tfailure", 1L))),
        equalTo("avito 2 list + 9 detail pages, 1 failure; noon 0 list + 3 detail pages, 0 failures"));
    assertThat(RoundProgress.describe(List.of()), equalTo("nothing fetched"));
  }
}
