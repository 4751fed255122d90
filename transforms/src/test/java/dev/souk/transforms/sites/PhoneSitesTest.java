package dev.souk.transforms.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.souk.io.Urls;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The used-phone adapters over the sample site: every detail page compared field by field with
 * the record it was filled from (Mobile Masr and Dubizzle: real search-card scrapes; Noon: the
 * hand-written products, sample-site/noon/products.csv), every list page crawled from the start
 * pages (Mobile Masr and Noon: their JSON search APIs), every record URL's id.
 */
class PhoneSitesTest {
  private static final List<String> PHONE_SITES = List.of("mobilemasr", "noon", "dubizzle");
  private static final Pattern MOBILEMASR_CONDITION = Pattern.compile("-(ممتاز|جديد|مستعمل)-[a-z]{2}\\d{6}$");

  /** site → field → {matched, compared}. */
  private final Map<String, Map<String, int[]>> tally = new TreeMap<>();
  private final List<String> mismatches = new ArrayList<>();

  @Test
  void everyDetailPageMatchesItsRecord() throws PageParseException {
    Map<String, Integer> pageOf = listPageNumbers();
    for (String site : PHONE_SITES) {
      SiteAdapter adapter = SiteAdapters.forSite(Site.fromCode(site));
      for (SampleSite.Entry e : SampleSite.entries(site, "detail")) {
        if (!"listing".equals(e.expect())) {
          continue;
        }
        RawListingFields got = adapter.parseDetailPage(e.url(), e.html());
        JsonNode r = SampleSite.record(e);
        Map<String, Object> expected = new LinkedHashMap<>();
        Map<String, Object> actual = new LinkedHashMap<>();
        expected.put("listingId", r.get("id").asText());
        actual.put("listingId", got.listingId);
        switch (site) {
          case "mobilemasr" -> {
            expected.put("title", r.get("product_name").asText());
            expected.put("sellerName", r.get("author").asText());
            expected.put("priceText", r.get("price").asText() + " جنيه");
            expected.put("conditions", r.get("other_conditions").asText());
            Matcher slug = MOBILEMASR_CONDITION.matcher(Urls.decodePercent(r.get("url").asText()));
            expected.put("condition", slug.find() ? slug.group(1) : null);
            expected.put("page", r.get("page").asInt());
            actual.put("title", got.title);
            actual.put("sellerName", got.sellerName);
            actual.put("priceText", got.priceText);
            actual.put("conditions", got.attributes.values().stream().filter(v -> v.equals(r.get("other_conditions").asText())).findFirst().orElse(null));
            actual.put("condition", got.attributes.get("الحالة"));
            actual.put("page", pageOf.get(e.url()));
          }
          case "dubizzle" -> {
            expected.put("title", r.get("description").asText());
            // The card's "•" separator and the line break before "Negotiable" are layout, not value.
            expected.put("priceText", r.get("price").asText().replace('\n', ' '));
            // Two cards showed the separator alone: no location.
            String location = r.get("location").asText().replaceAll("•$", "");
            expected.put("location", location.isEmpty() ? null : location);
            expected.put("page", r.get("page").asInt());
            actual.put("title", got.title);
            actual.put("priceText", got.priceText);
            actual.put("location", got.locationText);
            actual.put("page", pageOf.get(e.url()));
          }
          default -> {
            expected.put("title", r.get("name").asText());
            expected.put("priceText", "EGP " + r.get("price").asText() + " " + r.get("was").asText() + " " + r.get("discount").asText());
            expected.put("sellerName", r.get("seller").asText());
            expected.put("Brand", r.get("brand").asText());
            expected.put("Model Name", r.get("model").asText());
            expected.put("Internal Memory", r.get("storage").asText());
            expected.put("RAM Size", r.get("ram").asText());
            expected.put("Colour Name", r.get("colour").asText());
            expected.put("Condition", r.get("condition").asText());
            actual.put("title", got.title);
            actual.put("priceText", got.priceText);
            actual.put("sellerName", got.sellerName);
            for (String label : List.of("Brand", "Model Name", "Internal Memory", "RAM Size", "Colour Name", "Condition")) {
              actual.put(label, got.attributes.get(label));
            }
          }
        }
        compare(site, e.url(), expected, actual);
      }
    }
    System.out.println("Phone parser accuracy against the records (matched / compared):");
    tally.forEach((site, fields) -> fields.forEach((field, t) ->
        System.out.printf("  %-10s %-16s %4d / %-4d %6.1f%%%n", site, field, t[0], t[1], 100.0 * t[0] / t[1])));
    assertTrue(tally.get("mobilemasr").get("title")[1] == 34 && tally.get("noon").get("title")[1] == 29
        && tally.get("dubizzle").get("title")[1] == 590, tally.toString());
    assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches:\n" + String.join("\n", mismatches));
  }

  private void compare(String site, String url, Map<String, Object> expected, Map<String, Object> actual) {
    expected.forEach((field, want) -> {
      int[] t = tally.computeIfAbsent(site, s -> new TreeMap<>()).computeIfAbsent(field, f -> new int[2]);
      t[1]++;
      if (Objects.equals(want, actual.get(field))) {
        t[0]++;
      } else {
        mismatches.add(site + " " + field + " " + url + ": expected <" + want + "> got <" + actual.get(field) + ">");
      }
    });
  }

  /**
   * Crawls each site from its start pages through the next links: every list page and every
   * detail page of the manifest is reached; returns the result-page number each detail link
   * first appeared on.
   */
  private static Map<String, Integer> listPageNumbers() throws PageParseException {
    Map<String, Integer> pageOf = new HashMap<>();
    for (String site : PHONE_SITES) {
      SiteAdapter adapter = SiteAdapters.forSite(Site.fromCode(site));
      int pages = 0;
      for (StartPage start : adapter.startPages()) {
        Optional<String> next = Optional.of(start.getUrl());
        int n = 0;
        while (next.isPresent()) {
          SampleSite.Entry page = SampleSite.byUrl(next.get());
          assertEquals("list", page.kind(), page.url());
          ListPage parsed = adapter.parseListPage(page.url(), page.html());
          n++;
          for (ListPage.DetailLink link : parsed.detailLinks()) {
            assertEquals("detail", SampleSite.byUrl(link.url()).kind(), link.url());
            assertEquals(Optional.of(link.listingId()), adapter.listingIdFromUrl(link.url()));
            pageOf.putIfAbsent(link.url(), n);
          }
          next = parsed.nextPageUrl();
        }
        pages += n;
      }
      assertEquals(SampleSite.entries(site, "list").size(), pages, site + ": every list page reached");
      for (SampleSite.Entry e : SampleSite.entries(site, "detail")) {
        assertTrue(pageOf.containsKey(e.url()), "not linked from any list page: " + e.url());
      }
    }
    return pageOf;
  }

  private static List<String> urlsAndFingerprints(ListPage page) {
    return page.detailLinks().stream().map(l -> l.url() + " " + l.fingerprint()).toList();
  }

  @Test
  void noonHtmlSearchPageIsReadWhenTheApiIsRefused() throws PageParseException {
    String html = SampleSite.read("sample-site/noon/variants/search.html");
    ListPage parsed = SiteAdapters.forSite(Site.NOON).parseListPage("https://www.noon.com/egypt-en/search/?q=smartphones", html);
    SampleSite.Entry api = SampleSite.byUrl(NoonAdapter.API_START);
    ListPage fromApi = SiteAdapters.forSite(Site.NOON).parseListPage(api.url(), api.html());
    // Same links, and prices that fingerprint alike though the API shows "EGP 31999", the card "EGP 31,999".
    assertEquals(urlsAndFingerprints(fromApi), urlsAndFingerprints(parsed));
    assertEquals(Optional.of("https://www.noon.com/egypt-en/search/?q=smartphones&page=2"), parsed.nextPageUrl());
  }

  @Test
  void mobileMasrHtmlSearchIsReadWhenAlgoliaIsRefused() throws PageParseException {
    SiteAdapter adapter = SiteAdapters.forSite(Site.MOBILEMASR);
    List<SampleSite.Entry> algolia = SampleSite.entries("mobilemasr", "list");
    assertEquals(2, algolia.size());
    for (int n = 1; n <= algolia.size(); n++) {
      String url = MobileMasrAdapter.HTML_SEARCH.replace("page=1", "page=" + n);
      ListPage html = adapter.parseListPage(url, SampleSite.read("sample-site/mobilemasr/variants/search-" + n + ".html"));
      SampleSite.Entry api = SampleSite.byUrl(MobileMasrAdapter.ALGOLIA_START.replace("page=0", "page=" + (n - 1)));
      ListPage fromApi = adapter.parseListPage(api.url(), api.html());
      // Same product URLs, and prices that fingerprint alike ("27150 جنيه" from the hit, "27,150 جنيه" on the card).
      assertEquals(urlsAndFingerprints(html), urlsAndFingerprints(fromApi), "result page " + n);
      Optional<String> htmlNext = n < algolia.size() ? Optional.of(MobileMasrAdapter.HTML_SEARCH.replace("page=1", "page=" + (n + 1))) : Optional.empty();
      Optional<String> apiNext = n < algolia.size() ? Optional.of(MobileMasrAdapter.ALGOLIA_START.replace("page=0", "page=" + n)) : Optional.empty();
      assertEquals(htmlNext, html.nextPageUrl());
      assertEquals(apiNext, fromApi.nextPageUrl());
    }
  }

  @Test
  void mobileMasrAlgoliaBodyWithoutHitsIsNoPage() {
    SiteAdapter adapter = SiteAdapters.forSite(Site.MOBILEMASR);
    for (String body : List.of("{\"message\":\"Invalid Application-ID or API key\",\"status\":403}", "{\"hits\":")) {
      PageParseException e = assertThrows(PageParseException.class, () -> adapter.parseListPage(MobileMasrAdapter.ALGOLIA_START, body));
      assertEquals(PageParseException.NOT_A_PAGE, e.reason(), body);
    }
  }

  @Test
  void idsOfEveryRecordUrl() {
    assertIds(Site.MOBILEMASR, "mobilemasr_search_iphone13_used_2025-10-21.csv", Pattern.compile("-([a-z]{2}\\d{6})$"), 35);
    assertIds(Site.DUBIZZLE, "dubizzle_eg_search_iphone13_2025-10-21.csv", Pattern.compile("-ID(\\d+)\\.html$"), 600);
    SiteAdapter noon = SiteAdapters.forSite(Site.NOON);
    for (JsonNode row : Csv.rows(SampleSite.read("sample-site/noon/products.csv"))) {
      assertEquals(Optional.of(row.get("id").asText()), noon.listingIdFromUrl(row.get("url").asText()));
    }
    // The SKU is the segment before /p/, never what follows it; other shapes are no product URL.
    assertEquals(Optional.of("N40501389A"), noon.listingIdFromUrl("https://www.noon.com/egypt-en/x/N40501389A/p/?o=abc"));
    assertEquals(Optional.of("N40501389A"), noon.listingIdFromUrl("https://www.noon.com/_svc/catalog/api/v3/u/x/N40501389A/p/?o=abc"));
    assertEquals(Optional.empty(), noon.listingIdFromUrl("https://www.noon.com/egypt-en/p/N40501389A"));
    assertEquals(Optional.empty(), noon.listingIdFromUrl("https://www.amazon.eg/x/N40501389A/p/"));
    assertEquals(Optional.empty(), SiteAdapters.forSite(Site.MOBILEMASR).listingIdFromUrl("https://mobilemasr.com/products/show/x-vu01661"));
    assertEquals(Optional.empty(), SiteAdapters.forSite(Site.DUBIZZLE).listingIdFromUrl("https://www.dubizzle.com.eg/en/ad/x-ID12a.html"));
  }

  private static void assertIds(Site site, String file, Pattern id, int rows) {
    List<JsonNode> records = Csv.rows(SampleSite.read("records/" + file));
    assertEquals(rows, records.size());
    for (JsonNode row : records) {
      String url = row.get("url").asText();
      Matcher m = id.matcher(url);
      assertTrue(m.find(), url);
      assertEquals(Optional.of(m.group(1)), SiteAdapters.forSite(site).listingIdFromUrl(url), url);
    }
  }
}
