package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.io.Urls;
import dev.souk.io.http.FetcherConfig;
import dev.souk.io.http.FetchResponse;
import dev.souk.io.http.HttpFetcher;
import dev.souk.model.CrawlState;
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
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.ValueState;
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
import org.apache.beam.sdk.values.PCollectionView;
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
 * one DoFn call. Start pages are keyed by the host of their URL, so one host's walks run one after
 * another through the same {@link PoliteHost} rules as detail pages: per-host spacing held in keyed
 * state (so it holds across workers), a per-host circuit breaker, per-host metrics. After a shuffle
 * that removes listings linked from several list pages, the detail fetches go through {@link
 * FetchDetailPages}, keyed by host the same way, plus an optional per-site page budget. The walk
 * and the detail fetches keep a host's pace and breaker in separate state: in a batch the shuffle
 * between them lets detail fetches start only once the walks are done, and in a continuous crawl
 * one tick's walks may overlap the previous tick's detail fetches, where only the fetcher's
 * in-JVM throttle spaces them.
 *
 * <p>Given the listings earlier crawls stored ({@link #withKnownListings}), the crawl is
 * incremental: a listing whose card fingerprint is unchanged is not fetched again ({@link
 * SkipUnchangedListings}), a changed one is fetched conditionally (a 304 page is returned with the
 * others but is no failure and has nothing to parse), and a walk stops at the first list page that
 * is mostly known ({@link #withMinNewShare}). Works on an unbounded input of start pages too, when
 * it is windowed ({@link ScheduledStartPages}); keyed state is per window, so each tick starts a
 * host with a fresh pace and a closed breaker.
 */
public final class CrawlSites
    extends PTransform<
        PCollection<StartPage>, WithFailures.Result<PCollection<FetchedPage>, FailureRecord>> {

  private static final TupleTag<FetchedPage> LIST_PAGES = new TupleTag<FetchedPage>() {};
  private static final TupleTag<DetailRequest> DETAIL_LINKS = new TupleTag<DetailRequest>() {};

  private final FetcherProvider fetcher;
  private final int maxListPages;
  private final @Nullable PCollectionView<Map<String, CrawlState>> knownListings;
  private final double minNewShare;
  private final CircuitBreaker breaker;
  private final FetchDetailPages detailFetch;

  private CrawlSites(FetcherProvider fetcher, int maxListPages,
      @Nullable PCollectionView<Map<String, CrawlState>> knownListings, double minNewShare, CircuitBreaker breaker,
      FetchDetailPages detailFetch) {
    this.fetcher = fetcher;
    this.maxListPages = maxListPages;
    this.knownListings = knownListings;
    this.minNewShare = minNewShare;
    this.breaker = breaker;
    this.detailFetch = detailFetch;
  }

  /**
   * A crawl with the given fetcher, following at most 5 list pages per start page, with no detail
   * page budget and {@link CircuitBreaker#defaults()}; once known listings are given, a walk stops
   * at a page with under half its ids new or changed (docs/sites.md §2.1).
   */
  public static CrawlSites with(FetcherProvider fetcher) {
    checkNotNull(fetcher, "fetcher is required");
    return new CrawlSites(fetcher, 5, null, 0.5, CircuitBreaker.defaults(), FetchDetailPages.with(fetcher));
  }

  /** The circuit breaker list walks and detail fetches apply per host. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  /** How pages are fetched: user agent, per-host delay, limits. */
  public FetcherConfig fetcherConfig() {
    return fetcher.config();
  }

  public int maxListPages() {
    return maxListPages;
  }

  /** Stops each start page's pagination after {@code pages} list pages. */
  public CrawlSites withMaxListPages(int pages) {
    checkArgument(pages >= 1, "withMaxListPages must be at least 1, was %s", pages);
    return new CrawlSites(fetcher, pages, knownListings, minNewShare, breaker, detailFetch);
  }

  /**
   * Crawls incrementally against the listings earlier crawls stored ({@link ReadKnownListings},
   * keyed {@code site/listingId}): unchanged listings are skipped, changed ones fetched
   * conditionally, and walks stop where pages are mostly known.
   */
  public CrawlSites withKnownListings(PCollectionView<Map<String, CrawlState>> known) {
    return new CrawlSites(fetcher, maxListPages, checkNotNull(known, "withKnownListings needs a view"), minNewShare,
        breaker, detailFetch);
  }

  /**
   * Stops a walk after the first list page on which fewer than {@code share} of the ids are new
   * or changed; that page's links are still fetched. 0 walks every page up to {@link
   * #withMaxListPages}. Takes effect with {@link #withKnownListings} (without, every id is new).
   */
  public CrawlSites withMinNewShare(double share) {
    checkArgument(share >= 0 && share <= 1, "withMinNewShare must be within 0..1, was %s", share);
    return new CrawlSites(fetcher, maxListPages, knownListings, share, breaker, detailFetch);
  }

  /** Fetches at most {@code pages} detail pages per site per run; see {@link FetchDetailPages#withMaxPagesPerSite}. */
  public CrawlSites withMaxDetailPagesPerSite(int pages) {
    return new CrawlSites(fetcher, maxListPages, knownListings, minNewShare, breaker,
        detailFetch.withMaxPagesPerSite(pages));
  }

  /**
   * Opens a host's circuit after {@code consecutiveFailures} failures in a row, for {@code
   * coolDown}; list and detail pages alike (each with its own count). See {@link CircuitBreaker}.
   */
  public CrawlSites withCircuitBreaker(int consecutiveFailures, Duration coolDown) {
    return new CrawlSites(fetcher, maxListPages, knownListings, minNewShare,
        CircuitBreaker.of(consecutiveFailures, coolDown), detailFetch.withCircuitBreaker(consecutiveFailures, coolDown));
  }

  @Override
  public WithFailures.Result<PCollection<FetchedPage>, FailureRecord> expand(
      PCollection<StartPage> startPages) {
    ParDo.MultiOutput<KV<String, StartPage>, FetchedPage> walk =
        ParDo.of(new WalkListPagesFn(fetcher, maxListPages, knownListings, minNewShare, breaker))
            .withOutputTags(LIST_PAGES, TupleTagList.of(DETAIL_LINKS).and(Failures.TAG));
    PCollectionTuple walked = startPages
        .apply("KeyStartPagesByHost",
            WithKeys.of((StartPage s) -> Urls.host(s.getUrl()).orElse("")).withKeyType(TypeDescriptors.strings()))
        .apply("WalkListPages", knownListings == null ? walk : walk.withSideInputs(knownListings));

    PCollection<DetailRequest> uniqueLinks =
        walked
            .get(DETAIL_LINKS)
            .apply(
                "KeyByListing",
                WithKeys.of(DetailRequest::listingKey).withKeyType(TypeDescriptors.strings()))
            .apply("GroupByListing", GroupByKey.create())
            .apply("OneLinkPerListing", ParDo.of(new OneLinkPerListingFn()));
    PCollection<DetailRequest> toFetch = knownListings == null ? uniqueLinks
        : uniqueLinks.apply("SkipUnchangedListings", SkipUnchangedListings.against(knownListings));

    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> details =
        toFetch.apply("FetchDetailPages", detailFetch);

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

  /**
   * Walks one start page's pagination, keyed by its host, each page fetched as the host's {@link
   * PoliteHost} pace and breaker allow; emits list pages, detail links and failures. With known
   * listings, stops after a page that brings fewer than {@code minNewShare} new or changed ids:
   * on a newest-first list, the rest was seen by earlier crawls (docs/sites.md §2.1).
   */
  private static final class WalkListPagesFn extends DoFn<KV<String, StartPage>, FetchedPage> {
    private final FetcherProvider provider;
    private final int maxListPages;
    private final @Nullable PCollectionView<Map<String, CrawlState>> knownListings;
    private final double minNewShare;
    private final PoliteHost politeHost;
    private transient HttpFetcher fetcher;

    @StateId("nextRequestAt")
    private final StateSpec<ValueState<Long>> nextRequestAtSpec = PoliteHost.nextRequestAtSpec();

    @StateId("circuit")
    private final StateSpec<ValueState<CircuitBreaker.State>> circuitSpec = PoliteHost.circuitSpec();

    WalkListPagesFn(FetcherProvider provider, int maxListPages,
        @Nullable PCollectionView<Map<String, CrawlState>> knownListings, double minNewShare, CircuitBreaker breaker) {
      this.provider = provider;
      this.maxListPages = maxListPages;
      this.knownListings = knownListings;
      this.minNewShare = minNewShare;
      this.politeHost = new PoliteHost(breaker);
    }

    @Setup
    public void setup() {
      fetcher = provider.get();
    }

    @ProcessElement
    public void process(
        ProcessContext c,
        @StateId("nextRequestAt") ValueState<Long> nextRequestAt,
        @StateId("circuit") ValueState<CircuitBreaker.State> circuit,
        MultiOutputReceiver out)
        throws InterruptedException {
      StartPage start = c.element().getValue();
      PoliteHost.Cells host = new PoliteHost.Cells(c.element().getKey(), nextRequestAt, circuit);
      Map<String, CrawlState> known = knownListings == null ? Map.of() : c.sideInput(knownListings);
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
        PoliteHost.Outcome outcome = politeHost.fetch(fetcher, host, site, url, null, null);
        FetchResponse response = outcome.response();
        if (response == null) {
          out.get(Failures.TAG).output(outcome.failure());
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
        } catch (Throwable e) {
          String reason = e instanceof PageParseException ? ((PageParseException) e).reason() : "parser_error";
          out.get(Failures.TAG).output(Failures.record(
              "parse_list", site, url, reason, Failures.describe(Failures.containable(e)), response.body()));
          return;
        }
        int newOrChanged = 0;
        for (ListPage.DetailLink link : list.detailLinks()) {
          Failures.counter(site, "detail_links_found").inc();
          DetailRequest request =
              DetailRequest.create(site, link.url(), link.listingId(), start.getOffer(), url, link.fingerprint());
          CrawlState stored = known.get(request.listingKey());
          if (stored == null || !stored.getFingerprint().equals(request.getFingerprint())) {
            newOrChanged++;
          }
          out.get(DETAIL_LINKS).output(request);
        }
        // A page without cards says nothing about how much is new: the walk goes on as before.
        if (knownListings != null && !list.detailLinks().isEmpty()
            && newOrChanged < minNewShare * list.detailLinks().size()) {
          Failures.counter(site, "walks_stopped_mostly_known").inc();
          return;
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
