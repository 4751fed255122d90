package dev.souk.transforms.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.Site;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** List pages, broken pages and the manifest of the sample site, read through the adapters. */
class SampleSitePagesTest {

  /** Follows each start page's next links; together they must list every detail page of the site once. */
  @ParameterizedTest
  @EnumSource(value = Site.class, names = {"AVITO", "MUBAWAB"})
  void listPagesLinkEveryDetailPageAndChainToTheLast(Site site) throws PageParseException {
    SiteAdapter adapter = SiteAdapters.forSite(site);
    Set<String> listed = new HashSet<>();
    int cards = 0;
    int pages = 0;
    for (StartPage start : adapter.startPages()) {
      Optional<String> next = Optional.of(start.getUrl());
      while (next.isPresent()) {
        SampleSite.Entry page = SampleSite.byUrl(next.get());
        assertEquals("list", page.kind(), page.url());
        ListPage parsed = adapter.parseListPage(page.url(), page.html());
        assertTrue(parsed.detailLinks().size() >= 1, page.file());
        for (ListPage.DetailLink link : parsed.detailLinks()) {
          SampleSite.Entry detail = SampleSite.byUrl(link.url());
          assertEquals("detail", detail.kind(), link.url());
          assertEquals(Optional.of(link.listingId()), adapter.listingIdFromUrl(link.url()));
          listed.add(link.url());
        }
        assertEquals(parsed.detailLinks().size(), parsed.detailLinks().stream().map(ListPage.DetailLink::url).distinct().count());
        cards += parsed.detailLinks().size();
        pages++;
        next = parsed.nextPageUrl();
      }
    }
    Set<String> details = SampleSite.entries(site.code(), "detail").stream().map(SampleSite.Entry::url).collect(Collectors.toSet());
    assertEquals(details, listed);
    assertEquals(SampleSite.entries(site.code(), "list").size(), pages, "every list page reached through next links");
    assertTrue(cards > listed.size(), "some listings appear on two pages, as when pagination shifts");
  }

  @Test
  void nonAdCardsAreSkipped() throws PageParseException {
    assertSkips(Site.AVITO, "immoneuf");
    assertSkips(Site.MUBAWAB, "listing-promotion");
  }

  private static void assertSkips(Site site, String marker) throws PageParseException {
    for (SampleSite.Entry page : SampleSite.entries(site.code(), "list")) {
      String html = page.html();
      assertTrue(html.contains(marker), page.file() + " should carry a " + marker + " card");
      ListPage parsed = SiteAdapters.forSite(site).parseListPage(page.url(), html);
      assertFalse(parsed.detailLinks().stream().anyMatch(l -> l.url().contains(marker)), page.file());
    }
  }

  @Test
  void lastListPageHasNoNextAndOthersPointToTheFollowingPage() throws PageParseException {
    SampleSite.Entry first = SampleSite.byUrl(AvitoAdapter.RENT_START);
    assertEquals(Optional.of(AvitoAdapter.RENT_START + "?o=2"),
        SiteAdapters.forSite(Site.AVITO).parseListPage(first.url(), first.html()).nextPageUrl());
    SampleSite.Entry sale = SampleSite.byUrl(MubawabAdapter.SALE_START);
    assertEquals(Optional.empty(), SiteAdapters.forSite(Site.MUBAWAB).parseListPage(sale.url(), sale.html()).nextPageUrl());
    SampleSite.Entry rent = SampleSite.byUrl(MubawabAdapter.RENT_START);
    assertEquals(Optional.of(MubawabAdapter.RENT_START + ":p:2"),
        SiteAdapters.forSite(Site.MUBAWAB).parseListPage(rent.url(), rent.html()).nextPageUrl());
  }

  @Test
  void brokenDetailPagesFailWithTheReasonTheManifestExpects() {
    List<String> seen = new ArrayList<>();
    for (SampleSite.Entry e : SampleSite.manifest()) {
      if (e.expect() == null || e.expect().equals("listing")) {
        continue;
      }
      SiteAdapter adapter = SiteAdapters.forSite(Site.fromCode(e.site()));
      PageParseException thrown = assertThrows(PageParseException.class, () -> adapter.parseDetailPage(e.url(), e.html()), e.file());
      if (e.expect().equals("layout_changed")) {
        assertEquals(PageParseException.LAYOUT_CHANGED, thrown.reason(), e.file());
        assertTrue(thrown.getMessage().contains("title"), thrown.getMessage());
      } else {
        assertEquals("fetch_failure", e.expect());
        assertEquals(502, e.status());
        // A gateway error body is no page of the site: it never reads as a listing.
        assertEquals(PageParseException.NOT_A_PAGE, thrown.reason(), e.file());
      }
      seen.add(e.site() + ":" + e.expect());
    }
    assertEquals(List.of("avito:fetch_failure", "avito:layout_changed", "dubizzle:layout_changed", "mobilemasr:layout_changed",
        "mubawab:layout_changed", "noon:layout_changed"), seen.stream().sorted().toList());
  }

  @Test
  void manifestRowsAreComplete() {
    for (SampleSite.Entry e : SampleSite.manifest()) {
      assertTrue(e.url().chars().allMatch(c -> c > 0x20 && c < 0x7f), "browser-encoded URL: " + e.url());
      if (e.kind().equals("detail")) {
        assertTrue(e.recordFile() != null && e.recordId() != null && e.expect() != null, e.file());
        if (!e.expect().equals("fetch_failure")) {
          assertEquals(e.recordId(), SampleSite.record(e).get("id").asText(), e.file());
        }
      }
    }
    assertEquals(Site.values().length, SampleSite.manifest().stream().filter(e -> e.kind().equals("robots")).count());
    for (SiteAdapter adapter : SiteAdapters.all()) {
      for (StartPage start : adapter.startPages()) {
        assertEquals("list", SampleSite.byUrl(start.getUrl()).kind(), start.getUrl());
      }
    }
  }
}
