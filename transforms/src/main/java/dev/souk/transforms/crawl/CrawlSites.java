package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.io.http.FetchException;
import dev.souk.io.http.FetchResponse;
import dev.souk.io.http.HttpFetcher;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.PageKind;
import dev.souk.model.Site;
import dev.souk.transforms.Failures;
import dev.souk.transforms.sites.ListPage;
import dev.souk.transforms.sites.PageParseException;
import dev.souk.transforms.sites.SiteAdapter;
import dev.souk.transforms.sites.SiteAdapters;
import dev.souk.transforms.sites.StartPage;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Crawls sites from their start pages: walks each start page's pagination, collects detail
 * links, fetches each listing once, and returns every fetched page (list and detail, whatever
 * the status) plus a failure record for each fetch that did not give a usable page.
 *
 * <p>Pagination is sequential by nature (page N names page N+1), so one start page is walked by
 * one DoFn call. After a shuffle that removes listings linked from several list pages, the detail
 * fetches go through {@link FetchDetailPages}: per-host spacing held in keyed state (so it holds
 * across workers), a per-host circuit breaker, an optional per-site page budget, per-host metrics.
 */
public final class CrawlSites
    extends PTransform<
        PCollection<StartPage>, WithFailures.Result<PCollection<FetchedPage>, FailureRecord>> {

  private static final TupleTag<FetchedPage> LIST_PAGES = new TupleTag<FetchedPage>() {};
  private static final TupleTag<DetailRequest> DETAIL_LINKS = new TupleTag<DetailRequest>() {};

  private final FetcherProvider fetcher;
  private final int maxListPages;
  private final FetchDetailPages detailFetch;

  private CrawlSites(FetcherProvider fetcher, int maxListPages, FetchDetailPages detailFetch) {
    this.fetcher = fetcher;
    this.maxListPages = maxListPages;
    this.detailFetch = detailFetch;
  }

  /**
   * A crawl with the given fetcher, following at most 5 list pages per start page, with no detail
   * page budget and {@link FetchDetailPages#with}'s circuit breaker.
   */
  public static CrawlSites with(FetcherProvider fetcher) {
    checkNotNull(fetcher, "fetcher is required");
    return new CrawlSites(fetcher, 5, FetchDetailPages.with(fetcher));
  }

  /** Stops each start page's pagination after {@code pages} list pages. */
  public CrawlSites withMaxListPages(int pages) {
    checkArgument(pages >= 1, "withMaxListPages must be at least 1, was %s", pages);
    return new CrawlSites(fetcher, pages, detailFetch);
  }

  /** Fetches at most {@code pages} detail pages per site per run; see {@link FetchDetailPages#withMaxPagesPerSite}. */
  public CrawlSites withMaxDetailPagesPerSite(int pages) {
    return new CrawlSites(fetcher, maxListPages, detailFetch.withMaxPagesPerSite(pages));
  }

  /** Per-host circuit breaker of the detail fetches; see {@link CircuitBreaker}. */
  public CrawlSites withCircuitBreaker(int consecutiveFailures, Duration coolDown) {
    return new CrawlSites(fetcher, maxListPages, detailFetch.withCircuitBreaker(consecutiveFailures, coolDown));
  }

  @Override
  public WithFailures.Result<PCollection<FetchedPage>, FailureRecord> expand(
      PCollection<StartPage> startPages) {
    PCollectionTuple walked =
        startPages.apply(
            "WalkListPages",
            ParDo.of(new WalkListPagesFn(fetcher, maxListPages))
                .withOutputTags(LIST_PAGES, TupleTagList.of(DETAIL_LINKS).and(Failures.TAG)));

    PCollection<DetailRequest> uniqueLinks =
        walked
            .get(DETAIL_LINKS)
            .apply(
                "KeyByListing",
                WithKeys.of(DetailRequest::listingKey).withKeyType(TypeDescriptors.strings()))
            .apply("GroupByListing", GroupByKey.create())
            .apply("OneLinkPerListing", ParDo.of(new OneLinkPerListingFn()));

    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> details =
        uniqueLinks.apply("FetchDetailPages", detailFetch);

    PCollection<FetchedPage> pages =
        PCollectionList.of(walked.get(LIST_PAGES))
            .and(details.output())
            .apply("AllPages", Flatten.pCollections());
    PCollection<FailureRecord> failures =
        PCollectionList.of(walked.get(Failures.TAG))
            .and(details.failures())
            .apply("AllFetchFailures", Flatten.pCollections());
    return WithFailures.Result.of(pages, failures);
  }

  static FetchedPage toPage(FetchResponse response, String site, PageKind kind, @Nullable String offerHint) {
    return FetchedPage.builder()
        .setUrl(response.requestedUrl())
        .setFinalUrl(response.finalUrl())
        .setSite(site)
        .setKind(kind.name())
        .setOfferHint(offerHint)
        .setStatus(response.status())
        .setFetchedAt(new Instant(response.fetchedAt().toEpochMilli()))
        .setHeaders(response.headers())
        .setBody(response.body())
        .build();
  }

  /** Walks one start page's pagination; emits list pages, detail links and failures. */
  private static final class WalkListPagesFn extends DoFn<StartPage, FetchedPage> {
    private final FetcherProvider provider;
    private final int maxListPages;
    private transient HttpFetcher fetcher;

    WalkListPagesFn(FetcherProvider provider, int maxListPages) {
      this.provider = provider;
      this.maxListPages = maxListPages;
    }

    @Setup
    public void setup() {
      fetcher = provider.get();
    }

    @ProcessElement
    public void process(@Element StartPage start, MultiOutputReceiver out) {
      String site = start.getSite();
      SiteAdapter adapter;
      try {
        adapter = SiteAdapters.forSite(Site.fromCode(site));
      } catch (IllegalArgumentException e) {
        out.get(Failures.TAG)
            .output(Failures.record("crawl", site, start.getUrl(), "unknown_site", e.getMessage(), start.getUrl()));
        return;
      }
      Set<String> seen = new HashSet<>();
      String url = start.getUrl();
      for (int page = 1; url != null && page <= maxListPages && seen.add(url); page++) {
        FetchResponse response;
        try {
          response = fetcher.fetch(url);
        } catch (FetchException e) {
          out.get(Failures.TAG).output(Failures.record("fetch", site, url, e.reason(), e.getMessage(), url));
          return;
        }
        FetchedPage fetched = toPage(response, site, PageKind.LIST, start.getOffer());
        out.get(LIST_PAGES).output(fetched);
        Failures.counter(site, "list_pages_fetched").inc();
        if (!fetched.isSuccess()) {
          out.get(Failures.TAG)
              .output(Failures.record("fetch", site, url, "http_" + response.status(),
                  "List page answered HTTP " + response.status() + "; its pagination was not followed",
                  response.body()));
          return;
        }
        ListPage list;
        try {
          list = adapter.parseListPage(url, response.body());
        } catch (PageParseException | RuntimeException e) {
          String reason = e instanceof PageParseException ? ((PageParseException) e).reason() : "parser_error";
          out.get(Failures.TAG)
              .output(Failures.record("parse_list", site, url, reason, Failures.describe(e), response.body()));
          return;
        }
        for (ListPage.DetailLink link : list.detailLinks()) {
          Failures.counter(site, "detail_links_found").inc();
          out.get(DETAIL_LINKS)
              .output(DetailRequest.create(site, link.url(), link.listingId(), start.getOffer(), url));
        }
        url = list.nextPageUrl().orElse(null);
      }
    }
  }

  /**
   * Keeps one link per listing: the same ad often shows on two list pages when the site's
   * pagination shifts between requests, sometimes under both crawl modes. The choice must not
   * depend on arrival order (the crawl mode can decide the listing's offer, hence its content
   * hash), so the smallest (URL, mode, list page) wins.
   */
  private static final class OneLinkPerListingFn extends DoFn<KV<String, Iterable<DetailRequest>>, DetailRequest> {
    private static final Comparator<DetailRequest> ORDER =
        Comparator.comparing(DetailRequest::getUrl)
            .thenComparing(DetailRequest::getOfferHint, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(DetailRequest::getFoundOn);

    @ProcessElement
    public void process(@Element KV<String, Iterable<DetailRequest>> links, OutputReceiver<DetailRequest> out) {
      DetailRequest chosen = null;
      int count = 0;
      for (DetailRequest link : links.getValue()) {
        count++;
        if (chosen == null || ORDER.compare(link, chosen) < 0) {
          chosen = link;
        }
      }
      if (count > 1) {
        Failures.counter(chosen.getSite(), "detail_links_duplicate").inc(count - 1);
      }
      out.output(chosen);
    }
  }
}
