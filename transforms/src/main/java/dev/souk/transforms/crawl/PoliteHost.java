package dev.souk.transforms.crawl;

import dev.souk.io.http.FetchException;
import dev.souk.io.http.FetchResponse;
import dev.souk.io.http.HttpFetcher;
import dev.souk.model.FailureRecord;
import dev.souk.transforms.Failures;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a DoFn keyed by host does around one fetch, given the host's state cells: waits for the
 * host's next slot, refuses while its {@link CircuitBreaker} is open, fetches, then moves the slot,
 * updates the breaker and counts the outcome in {@link HostMetrics}. List pages ({@link
 * CrawlSites}) and detail pages ({@link FetchDetailPages}) both go through it, so the two follow
 * one set of rules; which outcomes pace the host or trip its breaker are pure static methods.
 *
 * <p>The wait is a bounded sleep inside {@code @ProcessElement}, not a timer: see {@link
 * FetchDetailPages}.
 */
final class PoliteHost implements Serializable {
  private static final long serialVersionUID = 1L;

  private final CircuitBreaker breaker;

  PoliteHost(CircuitBreaker breaker) {
    this.breaker = breaker;
  }

  /** Epoch millis before which the host must not be contacted (wall clock: state can move between JVMs). */
  static StateSpec<ValueState<Long>> nextRequestAtSpec() {
    return StateSpecs.value(VarLongCoder.of());
  }

  static StateSpec<ValueState<CircuitBreaker.State>> circuitSpec() {
    return StateSpecs.value(SerializableCoder.of(CircuitBreaker.State.class));
  }

  /** One host's keyed state, as a DoFn receives it. */
  record Cells(String host, ValueState<Long> nextRequestAt, ValueState<CircuitBreaker.State> circuit) {}

  /** A response (any status), or the failure to record instead: step {@code fetch}, the URL as payload. */
  record Outcome(@Nullable FetchResponse response, @Nullable FailureRecord failure) {}

  /**
   * Fetches {@code url} (conditionally when a validator is given) as the host's pace and breaker
   * allow. Blocks for at most one gap; the caller holds the host's key meanwhile.
   */
  Outcome fetch(HttpFetcher fetcher, Cells cells, String site, String url, @Nullable String etag,
      @Nullable String lastModified) throws InterruptedException {
    String host = cells.host();
    waitUntil(cells.nextRequestAt().read());
    Duration gap;
    try {
      gap = fetcher.politeDelay(url);
    } catch (FetchException e) {
      return failed(site, url, e.reason(), e.getMessage());
    }

    CircuitBreaker.State stored = cells.circuit().read();
    CircuitBreaker.State state = stored == null ? CircuitBreaker.State.CLOSED : stored;
    if (breaker.decide(state, System.currentTimeMillis()) == CircuitBreaker.Decision.REJECT) {
      HostMetrics.circuitOpen(host);
      // Refusals keep the host's pace (without a request) so that, in a batch where every request
      // is already queued, the cool-down can pass and a half-open trial can still happen.
      cells.nextRequestAt().write(System.currentTimeMillis() + gap.toMillis());
      return failed(site, url, "circuit_open", "not fetched: " + host + " failed " + state.consecutiveFailures()
          + " times in a row, so its circuit is open until " + Instant.ofEpochMilli(state.openUntilMillis())
          + " (" + breaker + ")");
    }

    long start = System.nanoTime();
    FetchResponse response;
    try {
      response = fetcher.fetch(url, etag, lastModified);
    } catch (FetchException e) {
      HostMetrics.failure(host, e, (System.nanoTime() - start) / 1_000_000);
      if (contactedHost(e.reasonType())) {
        cells.nextRequestAt().write(System.currentTimeMillis() + gap.toMillis());
      }
      if (isHostFailure(e.reasonType())) {
        cells.circuit().write(breaker.onFailure(state, System.currentTimeMillis()));
      }
      return failed(site, url, e.reason(), e.getMessage());
    }
    cells.nextRequestAt().write(System.currentTimeMillis() + gap.toMillis());
    HostMetrics.response(host, response, (System.nanoTime() - start) / 1_000_000);
    cells.circuit().write(isOverloaded(response.status())
        ? breaker.onFailure(state, System.currentTimeMillis())
        : breaker.onSuccess(state));
    return new Outcome(response, null);
  }

  /** Refusals decided before any request leave the host's pace untouched. */
  static boolean contactedHost(FetchException.Reason reason) {
    switch (reason) {
      case BAD_URL:
      case HOST_NOT_ALLOWED:
      case ADDRESS_NOT_ALLOWED:
      case ROBOTS_DENIED:
        return false;
      default:
        return true;
    }
  }

  /** Only a host that did not answer counts against its breaker; a refused redirect or a large body does not. */
  static boolean isHostFailure(FetchException.Reason reason) {
    return reason == FetchException.Reason.TIMEOUT || reason == FetchException.Reason.NETWORK_ERROR;
  }

  /** Answers that say the host is struggling; any other status closes the breaker. */
  static boolean isOverloaded(int status) {
    return status >= 500 || status == 429;
  }

  private static Outcome failed(String site, String url, String reason, String message) {
    return new Outcome(null, Failures.record("fetch", site, url, reason, message, url));
  }

  private static void waitUntil(@Nullable Long epochMillis) throws InterruptedException {
    if (epochMillis == null) {
      return;
    }
    for (long wait = epochMillis - System.currentTimeMillis(); wait > 0;
        wait = epochMillis - System.currentTimeMillis()) {
      Thread.sleep(wait);
    }
  }
}
