package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.io.Urls;
import dev.souk.io.http.FetchResponse;
import dev.souk.io.http.HttpFetcher;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.PageKind;
import dev.souk.transforms.Failures;
import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Fetches detail pages politely across workers: requests are keyed by host and fetched by a
 * stateful DoFn, so one host's requests are serialised through one key wherever they were found,
 * and the key's state holds the earliest time of the host's next request. The gap is the fetcher's
 * {@link HttpFetcher#politeDelay} (per-host delay, raised by robots.txt Crawl-delay), measured from
 * the end of one fetch to the start of the next; the fetcher's in-JVM throttle stays as a second
 * guard. A per-host {@link CircuitBreaker} refuses requests to a failing host with reason
 * {@code circuit_open}, and an optional per-site budget caps the pages fetched in one run. The
 * wait, the breaker and the {@link HostMetrics} around each fetch are {@link PoliteHost}'s, which
 * the list walk of {@link CrawlSites} shares.
 *
 * <p>The wait is a bounded sleep inside {@code @ProcessElement}, not a timer. In batch, event-time
 * timers do not measure wall time, and processing-time timers are not portable: Flink's batch mode
 * fires them only at the end of input, and Spark's batch translation does not promise them either.
 * A timer would also have to park each waiting request in state and re-emit it. A sleep of at most
 * one gap, while the key is held, is exactly the serialisation politeness needs, on every runner;
 * other hosts proceed on other keys in parallel. The cost is one worker thread per busy host.
 */
public final class FetchDetailPages
    extends PTransform<PCollection<DetailRequest>, WithFailures.Result<PCollection<FetchedPage>, FailureRecord>> {

  /** No per-site budget. */
  static final int UNLIMITED = Integer.MAX_VALUE;

  private static final TupleTag<FetchedPage> DETAIL_PAGES = new TupleTag<FetchedPage>() {};

  private final FetcherProvider fetcher;
  private final int maxPagesPerSite;
  private final CircuitBreaker breaker;

  private FetchDetailPages(FetcherProvider fetcher, int maxPagesPerSite, CircuitBreaker breaker) {
    this.fetcher = fetcher;
    this.maxPagesPerSite = maxPagesPerSite;
    this.breaker = breaker;
  }

  /** Fetches with the given fetcher, no page budget, and {@link CircuitBreaker#defaults()}. */
  public static FetchDetailPages with(FetcherProvider fetcher) {
    return new FetchDetailPages(checkNotNull(fetcher, "fetcher is required"), UNLIMITED, CircuitBreaker.defaults());
  }

  /**
   * Fetches at most {@code pages} listing pages per site in this run; the rest are not fetched and
   * counted as {@code souk.<site>/budget_skipped}. Which links are kept does not depend on arrival
   * order: the smallest URLs win, so a rerun fetches the same pages.
   */
  public FetchDetailPages withMaxPagesPerSite(int pages) {
    checkArgument(pages >= 1, "withMaxDetailPagesPerSite must be at least 1, was %s", pages);
    return new FetchDetailPages(fetcher, pages, breaker);
  }

  /** Opens a host's circuit after {@code consecutiveFailures} failures in a row, for {@code coolDown}. */
  public FetchDetailPages withCircuitBreaker(int consecutiveFailures, Duration coolDown) {
    return new FetchDetailPages(fetcher, maxPagesPerSite, CircuitBreaker.of(consecutiveFailures, coolDown));
  }

  @Override
  public WithFailures.Result<PCollection<FetchedPage>, FailureRecord> expand(PCollection<DetailRequest> requests) {
    PCollection<DetailRequest> kept = requests;
    if (maxPagesPerSite != UNLIMITED) {
      kept = requests
          .apply("KeyBySite", WithKeys.of(DetailRequest::getSite).withKeyType(TypeDescriptors.strings()))
          .apply("GroupBySite", GroupByKey.create())
          .apply("KeepSiteBudget", ParDo.of(new SiteBudgetFn(maxPagesPerSite)));
    }
    PCollectionTuple fetched = kept
        .apply("KeyByHost", WithKeys.of((DetailRequest r) -> Urls.host(r.getUrl()).orElse("")).withKeyType(TypeDescriptors.strings()))
        .apply("FetchPolitely", ParDo.of(new PoliteFetchFn(fetcher, breaker))
            .withOutputTags(DETAIL_PAGES, TupleTagList.of(Failures.TAG)));
    return WithFailures.Result.of(fetched.get(DETAIL_PAGES), fetched.get(Failures.TAG));
  }

  /** Keeps the {@code budget} smallest URLs of a site; memory is bounded by the budget. */
  private static final class SiteBudgetFn extends DoFn<KV<String, Iterable<DetailRequest>>, DetailRequest> {
    private static final Comparator<DetailRequest> BY_URL = Comparator.comparing(DetailRequest::getUrl);
    private final int budget;

    SiteBudgetFn(int budget) {
      this.budget = budget;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<DetailRequest>> site, OutputReceiver<DetailRequest> out) {
      // Max-heap on URL: the head is the largest kept link, the first to give way.
      PriorityQueue<DetailRequest> kept = new PriorityQueue<>(BY_URL.reversed());
      long skipped = 0;
      for (DetailRequest link : site.getValue()) {
        kept.add(link);
        if (kept.size() > budget) {
          kept.poll();
          skipped++;
        }
      }
      if (skipped > 0) {
        Failures.counter(site.getKey(), "budget_skipped").inc(skipped);
      }
      kept.forEach(out::output);
    }
  }

  /** One key per host: fetches each request as the host's {@link PoliteHost} pace and breaker allow. */
  private static final class PoliteFetchFn extends DoFn<KV<String, DetailRequest>, FetchedPage> {
    private final FetcherProvider provider;
    private final PoliteHost politeHost;
    private transient HttpFetcher fetcher;

    @StateId("nextRequestAt")
    private final StateSpec<ValueState<Long>> nextRequestAtSpec = PoliteHost.nextRequestAtSpec();

    @StateId("circuit")
    private final StateSpec<ValueState<CircuitBreaker.State>> circuitSpec = PoliteHost.circuitSpec();

    PoliteFetchFn(FetcherProvider provider, CircuitBreaker breaker) {
      this.provider = provider;
      this.politeHost = new PoliteHost(breaker);
    }

    @Setup
    public void setup() {
      fetcher = provider.get();
    }

    @ProcessElement
    public void process(
        @Element KV<String, DetailRequest> element,
        @StateId("nextRequestAt") ValueState<Long> nextRequestAt,
        @StateId("circuit") ValueState<CircuitBreaker.State> circuit,
        MultiOutputReceiver out)
        throws InterruptedException {
      DetailRequest request = element.getValue();
      String site = request.getSite();
      String url = request.getUrl();
      PoliteHost.Outcome outcome = politeHost.fetch(fetcher, new PoliteHost.Cells(element.getKey(), nextRequestAt, circuit),
          site, url, request.getEtag(), request.getLastModified());
      FetchResponse response = outcome.response();
      if (response == null) {
        out.get(Failures.TAG).output(outcome.failure());
        return;
      }

      FetchedPage page = CrawlSites.toPage(response, site, PageKind.DETAIL, request.getOfferHint());
      out.get(DETAIL_PAGES).output(page);
      // The card changed but the page did not: the stored version stands (the parser skips a 304).
      if (response.isNotModified() && (request.getEtag() != null || request.getLastModified() != null)) {
        Failures.counter(site, "not_modified").inc();
        return;
      }
      Failures.counter(site, "detail_pages_fetched").inc();
      if (!page.isSuccess()) {
        out.get(Failures.TAG)
            .output(Failures.record("fetch", site, url, "http_" + response.status(),
                "Detail page answered HTTP " + response.status() + " (listing " + request.getListingId() + ")",
                response.body()));
      }
    }
  }
}
