package dev.souk.transforms.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.io.http.FetchException;
import dev.souk.io.http.FetchResponse;
import dev.souk.io.http.HttpFetcher;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.state.ValueState;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/** {@link PoliteHost}'s rules, with state cells in memory and a fetcher that only fails. */
class PoliteHostTest {
  private static final String URL = "https://www.avito.ma/fr/x/item_1.htm";
  private static final Duration GAP = Duration.ofSeconds(30);

  private final PoliteHost politeHost = new PoliteHost(CircuitBreaker.of(2, Duration.ofMinutes(5)));
  private final Cell<Long> nextRequestAt = new Cell<>();
  private final Cell<CircuitBreaker.State> circuit = new Cell<>();
  private final PoliteHost.Cells cells = new PoliteHost.Cells("www.avito.ma", nextRequestAt, circuit);

  @Test
  void timeoutsPaceTheHostAndOpenItsCircuitThenRequestsAreRefusedWithoutContact() throws Exception {
    FailingFetcher timeouts = new FailingFetcher(FetchException.Reason.TIMEOUT);
    long before = System.currentTimeMillis();
    assertEquals("timeout", politeHost.fetch(timeouts, cells, "avito", URL, null, null).failure().getReason());
    assertTrue(nextRequestAt.value >= before + GAP.toMillis(), "the next request waits a gap");
    assertEquals(1, circuit.value.consecutiveFailures());

    nextRequestAt.value = null; // no need to wait out the gap here
    politeHost.fetch(timeouts, cells, "avito", URL, null, null);
    assertTrue(circuit.value.openUntilMillis() > 0, "two timeouts in a row open the circuit");

    nextRequestAt.value = null;
    PoliteHost.Outcome refused = politeHost.fetch(timeouts, cells, "avito", URL, null, null);
    assertNull(refused.response());
    assertEquals("circuit_open", refused.failure().getReason());
    assertEquals(2, timeouts.calls.get(), "a refused request never reaches the fetcher");
    assertTrue(nextRequestAt.value != null, "refusals keep the pace so the cool-down can pass");
  }

  @Test
  void aRobotsRefusalNeitherPacesTheHostNorCountsAgainstIt() throws Exception {
    PoliteHost.Outcome denied =
        politeHost.fetch(new FailingFetcher(FetchException.Reason.ROBOTS_DENIED), cells, "avito", URL, null, null);
    assertEquals("robots_denied", denied.failure().getReason());
    assertEquals(URL, denied.failure().getUrl());
    assertNull(nextRequestAt.value);
    assertNull(circuit.value);
  }

  @Test
  void whichOutcomesPaceTheHostAndWhichTripItsBreaker() {
    assertFalse(PoliteHost.contactedHost(FetchException.Reason.ROBOTS_DENIED));
    assertFalse(PoliteHost.contactedHost(FetchException.Reason.ADDRESS_NOT_ALLOWED));
    assertTrue(PoliteHost.contactedHost(FetchException.Reason.REDIRECT_NOT_ALLOWED));
    assertTrue(PoliteHost.contactedHost(FetchException.Reason.TIMEOUT));

    assertTrue(PoliteHost.isHostFailure(FetchException.Reason.NETWORK_ERROR));
    assertFalse(PoliteHost.isHostFailure(FetchException.Reason.BODY_TOO_LARGE), "the host answered");

    assertTrue(PoliteHost.isOverloaded(503));
    assertTrue(PoliteHost.isOverloaded(429));
    assertFalse(PoliteHost.isOverloaded(404), "a missing page is the page's fault, not the host's");
    assertFalse(PoliteHost.isOverloaded(304));
  }

  /** A fetcher whose every fetch fails with {@code reason}; its polite gap is {@link #GAP}. */
  private static final class FailingFetcher implements HttpFetcher {
    private final FetchException.Reason reason;
    final AtomicInteger calls = new AtomicInteger();

    FailingFetcher(FetchException.Reason reason) {
      this.reason = reason;
    }

    @Override
    public FetchResponse fetch(String url, @Nullable String etag, @Nullable String lastModified) throws FetchException {
      calls.incrementAndGet();
      throw new FetchException(reason, url, "test");
    }

    @Override
    public Duration politeDelay(String url) {
      return GAP;
    }

    @Override
    public void close() {}
  }

  /** A value state cell in memory. */
  private static final class Cell<T> implements ValueState<T> {
    @Nullable T value;

    @Override
    public @Nullable T read() {
      return value;
    }

    @Override
    public void write(T input) {
      value = input;
    }

    @Override
    public void clear() {
      value = null;
    }

    @Override
    public ValueState<T> readLater() {
      return this;
    }
  }
}
