package dev.souk.transforms.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.souk.model.Site;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SiteAdaptersTest {

  @Test
  void registryFindsEachSiteOnce() {
    assertEquals(List.of(Site.values()), SiteAdapters.all().stream().map(SiteAdapter::site).toList());
    for (Site site : Site.values()) {
      assertEquals(site, SiteAdapters.forSite(site).site());
    }
    assertEquals(Optional.empty(), SiteAdapters.find(null));
  }

  /** Whatever arrives, an adapter answers with fields or a PageParseException, nothing else. */
  @Test
  void garbageNeverThrowsAnythingButPageParseException() {
    String avitoPage = SampleSite.byUrl(AvitoAdapter.RENT_START).html();
    String mubawabPage = SampleSite.byUrl(MubawabAdapter.RENT_START).html();
    for (SiteAdapter adapter : SiteAdapters.all()) {
      String otherSite = adapter.site() == Site.AVITO ? mubawabPage : avitoPage;
      for (String input : garbage(otherSite)) {
        for (String url : new String[] {null, "", "not a url", adapter.startPages().get(0).getUrl()}) {
          expectOnlyPageParseException(() -> adapter.parseDetailPage(url, input));
          expectOnlyPageParseException(() -> adapter.parseListPage(url, input));
        }
      }
      for (String notThisSite : List.of("", "\u0000\u0001\u00ff", otherSite)) {
        PageParseException e = assertThrows(PageParseException.class, () -> adapter.parseDetailPage(adapter.startPages().get(0).getUrl(), notThisSite));
        assertEquals(PageParseException.NOT_A_PAGE, e.reason());
      }
    }
  }

  private static List<String> garbage(String otherSitePage) {
    Random random = new Random(42);
    byte[] bytes = new byte[4096];
    random.nextBytes(bytes);
    List<String> inputs = new ArrayList<>(List.of("", " ", "<html>", "<<<>>>&&&#;", "<a href=\"_1.htm\">x</a>",
        new String(bytes, StandardCharsets.ISO_8859_1), new String(bytes, StandardCharsets.UTF_8), otherSitePage));
    inputs.add(null);
    // Cuts of a real page of each site, at many points.
    for (String page : List.of(SampleSite.entries("avito", "detail").get(3).html(), SampleSite.entries("mubawab", "detail").get(3).html())) {
      for (int cut = 0; cut < page.length(); cut += 997) {
        inputs.add(page.substring(0, cut));
      }
    }
    return inputs;
  }

  private interface Parse {
    void run() throws Exception;
  }

  private static void expectOnlyPageParseException(Parse parse) {
    try {
      parse.run();
    } catch (PageParseException expected) {
      assertTrue(expected.reason().equals(PageParseException.NOT_A_PAGE) || expected.reason().equals(PageParseException.LAYOUT_CHANGED));
    } catch (Exception | Error e) {
      fail("Only PageParseException may escape an adapter", e);
    }
  }
}
