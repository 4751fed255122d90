package dev.souk.transforms.crawl;

import dev.souk.io.http.FetchException;
import dev.souk.io.http.FetchResponse;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Crawl metrics per host, as Beam metrics under the namespace {@code souk.host.<host>}, for list
 * and detail pages alike (both go through {@link PoliteHost}; each step reports its own, a query
 * sums them): fetched pages by status class, 304s as {@code not_modified} (also counted in {@code status_3xx}),
 * retries, robots refusals, other fetch errors, circuit-breaker refusals, body bytes and latency,
 * and listing pages not requested at all because their list card was unchanged.
 */
public final class HostMetrics {
  /** Namespace prefix; the run summary reads every namespace under it as one host. */
  public static final String NAMESPACE_PREFIX = "souk.host.";

  public static final String NOT_MODIFIED = "not_modified";
  public static final String RETRIES = "retries";
  public static final String ROBOTS_DENIED = "robots_denied";
  public static final String FETCH_ERRORS = "fetch_errors";
  public static final String CIRCUIT_OPEN = "circuit_open";
  /** Listing pages skipped without a request: their list card is unchanged since the stored fetch. */
  public static final String UNCHANGED_SKIPPED = "unchanged_skipped";
  public static final String BYTES = "bytes";
  /** Distribution of milliseconds per fetch, retries and redirects included. */
  public static final String LATENCY_MS = "latency_ms";

  private HostMetrics() {}

  /** {@code status_2xx} … {@code status_5xx}. */
  public static String statusClass(int status) {
    return "status_" + (status / 100) + "xx";
  }

  static void response(String host, FetchResponse response, long latencyMillis) {
    String ns = NAMESPACE_PREFIX + host;
    Metrics.counter(ns, statusClass(response.status())).inc();
    if (response.status() == 304) {
      Metrics.counter(ns, NOT_MODIFIED).inc();
    }
    if (response.attempts() > 1) {
      Metrics.counter(ns, RETRIES).inc(response.attempts() - 1L);
    }
    Metrics.counter(ns, BYTES).inc(response.bodyBytes());
    Metrics.distribution(ns, LATENCY_MS).update(latencyMillis);
  }

  static void failure(String host, FetchException e, long latencyMillis) {
    String ns = NAMESPACE_PREFIX + host;
    if (e.reasonType() == FetchException.Reason.ROBOTS_DENIED) {
      Metrics.counter(ns, ROBOTS_DENIED).inc();
      return;
    }
    Metrics.counter(ns, FETCH_ERRORS).inc();
    Metrics.distribution(ns, LATENCY_MS).update(latencyMillis);
  }

  static void unchangedSkipped(String host) {
    Metrics.counter(NAMESPACE_PREFIX + host, UNCHANGED_SKIPPED).inc();
  }

  static void circuitOpen(String host) {
    Metrics.counter(NAMESPACE_PREFIX + host, CIRCUIT_OPEN).inc();
  }
}
