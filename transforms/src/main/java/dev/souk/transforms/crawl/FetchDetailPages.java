package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.io.http.FetchException;
import dev.souk.io.http.FetchResponse;
import dev.souk.io.http.HttpFetcher;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.PageKind;
import dev.souk.transforms.Failures;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.PriorityQueue;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
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
 * Fetches listing pages politely across workers: requests are keyed by host and fetched by a
 * stateful DoFn, so one host's requests are serialised through one key wherever they were found,
 * and the key's state holds the earliest time of the host's next request. The gap is the fetcher's
 * {@link HttpFetcher#politeDelay} (per-host delay, raised by robots.txt Crawl-delay), measured from
 * the end of one fetch to the start of the next; the fetcher's in-JVM throttle stays as a second
 * guard. A per-host {@link CircuitBreaker} refuses requests to a failing host with reason
 * {@code circuit_open}, and an optional per-site budget caps the pages fetched in one run.
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

  /**
   * Fetches with the given fetcher, no page budget, and a breaker that opens after 5 consecutive
   * failures of a host for one minute.
   */
  public static FetchDetailPages with(FetcherProvider fetcher) {
    return new FetchDetailPages(
        checkNotNull(fetcher, "fetcher is required"), UNLIMITED, CircuitBreaker.of(5, Duration.ofMinutes(1)));
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
        .apply("KeyByHost", WithKeys.of((DetailRequest r) -> hostOf(r.getUrl())).withKeyType(TypeDescriptors.strings()))
        .apply("FetchPolitely", ParDo.of(new PoliteFetchFn(fetcher, breaker))
            .withOutputTags(DETAIL_PAGES, TupleTagList.of(Failures.TAG)));
    return WithFailures.Result.of(fetched.get(DETAIL_PAGES), fetched.get(Failures.TAG));
  }

  /** Lower-case host of {@code url}; unparsable URLs share one key and fail in the fetcher. */
  static String hostOf(String url) {
    try {
      String host = URI.create(url.trim()).getHost();
      return host == null ? "" : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
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

  /** One key per host: waits for the host's next free slot, applies the breaker, fetches. */
  private static final class PoliteFetchFn extends DoFn<KV<String, DetailRequest>, FetchedPage> {
    private final FetcherProvider provider;
    private final CircuitBreaker breaker;
    private transient HttpFetcher fetcher;

    /** Epoch millis before which this host must not be contacted (wall clock: state can move between JVMs). */
    @StateId("nextRequestAt")
    private final StateSpec<ValueState<Long>> nextRequestAtSpec = StateSpecs.value(VarLongCoder.of());

    @StateId("circuit")
    private final StateSpec<ValueState<CircuitBreaker.State>> circuitSpec =
        StateSpecs.value(SerializableCoder.of(CircuitBreaker.State.class));

    PoliteFetchFn(FetcherProvider provider, CircuitBreaker breaker) {
      this.provider = provider;
      this.breaker = breaker;
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
      String host = element.getKey();
      DetailRequest request = element.getValue();
      String site = request.getSite();
      String url = request.getUrl();

      waitUntil(nextRequestAt.read());
      Duration gap;
      try {
        gap = fetcher.politeDelay(url);
      } catch (FetchException e) {
        out.get(Failures.TAG).output(Failures.record("fetch", site, url, e.reason(), e.getMessage(), url));
        return;
      }

      CircuitBreaker.State stored = circuit.read();
      CircuitBreaker.State state = stored == null ? CircuitBreaker.State.CLOSED : stored;
      if (breaker.decide(state, System.currentTimeMillis()) == CircuitBreaker.Decision.REJECT) {
        HostMetrics.circuitOpen(host);
        // Refusals keep the host's pace (without a request) so that, in a batch where every link
        // is already queued, the cool-down can pass and a half-open trial can still happen.
        nextRequestAt.write(System.currentTimeMillis() + gap.toMillis());
        out.get(Failures.TAG).output(Failures.record("fetch", site, url, "circuit_open",
            "not fetched: " + host + " failed " + state.consecutiveFailures() + " times in a row, so its circuit is"
                + " open until " + Instant.ofEpochMilli(state.openUntilMillis()) + " (" + breaker + ")",
            url));
        return;
      }

      long start = System.nanoTime();
      FetchResponse response;
      try {
        response = fetcher.fetch(url, request.getEtag(), request.getLastModified());
      } catch (FetchException e) {
        HostMetrics.failure(host, e, (System.nanoTime() - start) / 1_000_000);
        if (contactedHost(e)) {
          nextRequestAt.write(System.currentTimeMillis() + gap.toMillis());
        }
        if (isHostFailure(e)) {
          circuit.write(breaker.onFailure(state, System.currentTimeMillis()));
        }
        out.get(Failures.TAG).output(Failures.record("fetch", site, url, e.reason(), e.getMessage(), url));
        return;
      }
      nextRequestAt.write(System.currentTimeMillis() + gap.toMillis());
      HostMetrics.response(host, response, (System.nanoTime() - start) / 1_000_000);
      circuit.write(isOverloaded(response.status())
          ? breaker.onFailure(state, System.currentTimeMillis())
          : breaker.onSuccess(state));

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

    private static void waitUntil(Long epochMillis) throws InterruptedException {
      if (epochMillis == null) {
        return;
      }
      for (long wait = epochMillis - System.currentTimeMillis(); wait > 0;
          wait = epochMillis - System.currentTimeMillis()) {
        Thread.sleep(wait);
      }
    }

    /** Refusals decided before any request leave the host's pace untouched. */
    private static boolean contactedHost(FetchException e) {
      switch (e.reasonType()) {
        case BAD_URL:
        case HOST_NOT_ALLOWED:
        case ADDRESS_NOT_ALLOWED:
        case ROBOTS_DENIED:
          return false;
        default:
          return true;
      }
    }

    private static boolean isHostFailure(FetchException e) {
      return e.reasonType() == FetchException.Reason.TIMEOUT || e.reasonType() == FetchException.Reason.NETWORK_ERROR;
    }

    private static boolean isOverloaded(int status) {
      return status >= 500 || status == 429;
    }
  }
}
