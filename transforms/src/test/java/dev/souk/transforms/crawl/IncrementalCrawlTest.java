package dev.souk.transforms.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.CrawlState;
import dev.souk.model.FetchedPage;
import dev.souk.model.Site;
import dev.souk.transforms.sites.ListPage;
import dev.souk.transforms.sites.PageParseException;
import dev.souk.transforms.sites.SiteAdapters;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental crawling of the bundled Mubawab sample: the server's request log shows which pages
 * each crawl fetched, given the crawl state an earlier crawl of the same sample stored.
 */
class IncrementalCrawlTest {
  private static final String CHANGED = "mubawab/list/rent-1.html";
  private static final String CHANGED_PAGE = "mubawab/detail/8258027.html";
  private static final String CHANGED_PATH = "/www.mubawab.ma/fr/a/8258027/entrep%C3%B4t-de-stockage-%C3%A0-louer";

  /** The first crawl, with nothing known: what every other crawl here compares with. */
  private static SampleCrawls.Run first;

  @BeforeAll
  static void crawlOnce() {
    first = SampleCrawls.crawl(SampleCrawls.SAMPLE, List.of(), UnaryOperator.identity());
  }

  @Test
  void firstCrawlFetchesEveryListingOnceAndStoresItsState() {
    Set<String> listed = SampleCrawls.read("manifest.json").lines().filter(l -> l.contains("\"url\": \"https://www.mubawab.ma/fr/a/"))
        .map(l -> l.replaceAll(".*https://www\\.mubawab\\.ma", "/www.mubawab.ma").replaceAll("\",?$", ""))
        .collect(Collectors.toSet());
    assertEquals(listed.size(), first.detailRequests().size(), "each listing once");
    assertEquals(listed, Set.copyOf(first.detailRequests()));
    assertEquals(listed.size(), first.states().size());
    assertTrue(first.states().stream().allMatch(s -> s.getEtag() != null && s.getSite().equals("mubawab")));
    assertEquals(0, first.counter("unchanged_skipped"));
  }

  @Test
  void secondCrawlOverUnchangedListPagesFetchesNoDetailPage() {
    SampleCrawls.Run second = SampleCrawls.crawl(SampleCrawls.SAMPLE, first.states(), UnaryOperator.identity());
    assertEquals(List.of(), second.detailRequests());
    assertTrue(second.counter("unchanged_skipped") > 0);
    assertEquals(List.of(), second.failures());
    assertEquals(List.of(), second.states(), "nothing fetched, nothing new to remember");
  }

  @Test
  void aChangedCardPriceRefetchesExactlyThatListing(@TempDir Path dir) throws Exception {
    SampleCrawls.serveEditedCopy(dir, "price-changed", List.of(
        new String[] {CHANGED, "63\u00A0000 DH", "59\u00A0000 DH"}, new String[] {CHANGED_PAGE, "63\u00A0000 DH", "59\u00A0000 DH"}));
    SampleCrawls.Run changed = SampleCrawls.crawl("price-changed", first.states(), UnaryOperator.identity());
    assertEquals(List.of(CHANGED_PATH), changed.detailRequests());
    FetchedPage page = changed.pages().stream().filter(p -> p.getUrl().contains("8258027")).findFirst().orElseThrow();
    assertEquals(200, page.getStatus(), "the page changed too: its old ETag no longer matches");
    assertEquals(List.of("8258027"), changed.parsed().stream().map(r -> r.getListingId()).toList());
    CrawlState before = stateOf(first.states(), "8258027");
    CrawlState after = stateOf(changed.states(), "8258027");
    assertNotEquals(before.getFingerprint(), after.getFingerprint());
    assertNotEquals(before.getEtag(), after.getEtag());
  }

  @Test
  void aChangedCardOverAnUnchangedPageIsConfirmedBy304AndNotReparsed(@TempDir Path dir) throws Exception {
    SampleCrawls.serveEditedCopy(dir, "card-changed", List.<String[]>of(new String[] {CHANGED, "63\u00A0000 DH", "59\u00A0000 DH"}));
    SampleCrawls.Run changed = SampleCrawls.crawl("card-changed", first.states(), UnaryOperator.identity());
    assertEquals(List.of(CHANGED_PATH), changed.detailRequests());
    FetchedPage page = changed.pages().stream().filter(p -> p.getUrl().contains("8258027")).findFirst().orElseThrow();
    assertEquals(304, page.getStatus());
    assertEquals("", page.getBody());
    assertEquals(1, changed.counter("not_modified"));
    assertEquals(List.of(), changed.failures());
    assertEquals(List.of(), changed.parsed());
    // Remembered with the card's new fingerprint, so the next crawl does not ask again.
    CrawlState after = stateOf(changed.states(), "8258027");
    assertEquals(stateOf(first.states(), "8258027").getEtag(), after.getEtag());
    assertNotEquals(stateOf(first.states(), "8258027").getFingerprint(), after.getFingerprint());
  }

  @Test
  void aWalkStopsAtTheFirstMostlyKnownPage() throws PageParseException {
    // Known: exactly the listings of rent page 2. Page 1 is all new, page 2 all known, so the
    // rent walk stops there and page 3 is never asked for; without the rule it is.
    String page2 = "https://www.mubawab.ma/fr/cc/immobilier-a-louer-all:o:n:p:2";
    ListPage parsed = SiteAdapters.forSite(Site.MUBAWAB).parseListPage(page2, SampleCrawls.read("mubawab/list/rent-2.html"));
    Set<String> onPage2 = parsed.detailLinks().stream().map(ListPage.DetailLink::listingId).collect(Collectors.toSet());
    List<CrawlState> known = first.states().stream().filter(s -> onPage2.contains(s.getListingId())).toList();
    assertEquals(onPage2.size(), known.size());

    SampleCrawls.Run stopped = SampleCrawls.crawl(SampleCrawls.SAMPLE, known, UnaryOperator.identity());
    assertEquals(Set.of("/www.mubawab.ma/fr/cc/immobilier-a-louer-all:o:n", "/www.mubawab.ma/fr/cc/immobilier-a-louer-all:o:n:p:2",
        "/www.mubawab.ma/fr/cc/immobilier-a-vendre-all:o:n"), Set.copyOf(stopped.listRequests()));
    assertEquals(1, stopped.counter("walks_stopped_mostly_known"));
    assertFalse(stopped.detailRequests().stream().anyMatch(r -> onPage2.stream().anyMatch(id -> r.contains("/a/" + id + "/"))),
        "known listings are not fetched again");

    SampleCrawls.Run full = SampleCrawls.crawl(SampleCrawls.SAMPLE, known, c -> c.withMinNewShare(0));
    assertTrue(full.listRequests().contains("/www.mubawab.ma/fr/cc/immobilier-a-louer-all:o:n:p:3"));
    assertEquals(0, full.counter("walks_stopped_mostly_known"));
  }

  private static CrawlState stateOf(List<CrawlState> states, String id) {
    return states.stream().filter(s -> s.getListingId().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
  }
}
