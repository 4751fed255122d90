package dev.souk.io.http;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.souk.io.Urls;
import dev.souk.io.http.FetchException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link HttpFetcher} on the JDK's {@link HttpClient}. Per fetch: URL safety check, robots.txt,
 * per-host spacing, retries with back-off, redirects followed by hand so every hop is checked
 * again, size-limited body read, decompression and charset detection.
 */
public final class JdkHttpFetcher implements HttpFetcher {
  private static final List<String> KEPT_HEADERS =
      List.of("content-type", "etag", "last-modified", "retry-after", "location");
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final String ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8";
  /** RFC 9309 asks not to keep robots.txt longer than a day. */
  private static final Duration ROBOTS_TTL = Duration.ofHours(24);
  /** An unreachable robots.txt blocks the host only briefly, so one blip does not end a crawl. */
  private static final Duration ROBOTS_FAILURE_TTL = Duration.ofMinutes(5);

  private final FetcherConfig config;
  private final UrlGuard guard;
  private final ExecutorService executor;
  private final HttpClient client;
  private final HostThrottle throttle = new HostThrottle();
  private final ConcurrentHashMap<String, RobotsEntry> robots = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Object> robotsLocks = new ConcurrentHashMap<>();

  /** Parsed robots.txt of one origin, why it means what it means, and until when to trust it. */
  private record RobotsEntry(BaseRobotRules rules, String explanation, long expiresAtNanos) {}

  /**
   * Conditional-request headers, sent on every hop of a fetch: an ETag is opaque and names one
   * representation, so it cannot match at a redirecting URL by accident, and a permanently
   * redirected page still gets its 304 at the final hop.
   */
  private record Validators(@Nullable String etag, @Nullable String lastModified) {
    static final Validators NONE = new Validators(null, null);
  }

  /** One HTTP exchange, body still encoded. */
  private record Exchange(URI publicUri, int status, HttpHeaders headers, byte[] rawBody, Instant at) {}

  public JdkHttpFetcher(FetcherConfig config) {
    this.config = config;
    this.guard = new UrlGuard(config);
    // Our own daemon executor so close() can release the client's threads and workers can exit.
    this.executor = Executors.newCachedThreadPool(
        new ThreadFactoryBuilder().setDaemon(true).setNameFormat("souk-http-%d").build());
    this.client = HttpClient.newBuilder()
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor)
        .build();
  }

  public FetcherConfig config() {
    return config;
  }

  @Override
  public FetchResponse fetch(String url, @Nullable String etag, @Nullable String lastModified)
      throws FetchException {
    URI uri = parse(url);
    guard.check(uri, null);
    int[] attempts = {0};
    Exchange exchange = exchange(uri, config.obeyRobots(), new Validators(etag, lastModified), attempts);
    String contentType = exchange.headers().firstValue("content-type").orElse(null);
    String finalUrl = exchange.publicUri().equals(uri) ? url : exchange.publicUri().toString();
    byte[] body = BodyDecoder.decompress(exchange.rawBody(),
        exchange.headers().firstValue("content-encoding").orElse(null), config.maxBodyBytes(), finalUrl);
    ImmutableMap.Builder<String, String> headers = ImmutableMap.builder();
    for (String name : KEPT_HEADERS) {
      exchange.headers().firstValue(name).ifPresent(v -> headers.put(name, v));
    }
    return FetchResponse.create(url, finalUrl, exchange.status(), headers.buildOrThrow(),
        PageCharset.decode(body, contentType), body.length, exchange.at(), attempts[0]);
  }

  @Override
  public Duration politeDelay(String url) throws FetchException {
    URI uri = parse(url);
    if (config.obeyRobots()) {
      robotsFor(uri);
    }
    return gapFor(uri);
  }

  private static URI parse(String url) throws FetchException {
    try {
      return Urls.parse(url);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new FetchException(Reason.BAD_URL, url, "not a valid URL (" + e.getMessage() + ")", e);
    }
  }

  /** Follows redirects from an already checked {@code uri}; counts requests into {@code attempts}. */
  private Exchange exchange(URI uri, boolean checkRobots, Validators validators, int[] attempts)
      throws FetchException {
    for (int hop = 0; ; hop++) {
      if (checkRobots) {
        checkRobots(uri);
      }
      Exchange exchange = sendWithRetries(uri, validators, attempts);
      String location = exchange.headers().firstValue("location").orElse(null);
      if (!REDIRECTS.contains(exchange.status()) || location == null) {
        return exchange;
      }
      if (hop >= config.maxRedirects()) {
        throw new FetchException(Reason.TOO_MANY_REDIRECTS, uri.toString(),
            "still redirected after " + config.maxRedirects() + " redirects (next: " + location
                + "); likely a loop, else raise FetcherConfig.maxRedirects");
      }
      URI next;
      try {
        next = Urls.resolve(uri, location);
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new FetchException(Reason.REDIRECT_NOT_ALLOWED, uri.toString(),
            "redirects to an unparsable Location '" + location + "'", e);
      }
      guard.check(next, uri.toString());
      uri = next;
    }
  }

  private Exchange sendWithRetries(URI uri, Validators validators, int[] attempts) throws FetchException {
    String host = uri.getHost();
    URI target = guard.requestUri(uri);
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt > config.maxRetries();
      try {
        Exchange exchange;
        try (HostThrottle.Permit permit = throttle.acquire(host, gapFor(uri))) {
          attempts[0]++;
          exchange = send(uri, target, validators);
        }
        int status = exchange.status();
        if (last || !(status == 429 || status >= 500)) {
          return exchange;
        }
        throttle.pause(host, retryWait(exchange, attempt));
      } catch (FetchException e) {
        if (last || !e.reasonType().retryable()) {
          throw attempt == 1 ? e : new FetchException(e.reasonType(), e.url(),
              e.getMessage() + " (gave up after " + attempt + " attempts; see FetcherConfig.maxRetries)", e);
        }
        throttle.pause(host, RetryTiming.backoff(attempt, config.retryBaseDelay(), config.maxRetryWait()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FetchException(Reason.NETWORK_ERROR, uri.toString(), "interrupted while waiting to fetch", e);
      }
    }
  }

  /** 429 and 503 may say when to come back; otherwise back off. Never longer than maxRetryWait. */
  private Duration retryWait(Exchange exchange, int attempt) {
    Duration backoff = RetryTiming.backoff(attempt, config.retryBaseDelay(), config.maxRetryWait());
    Duration wait = exchange.status() == 429 || exchange.status() == 503
        ? RetryTiming.retryAfter(exchange.headers().firstValue("retry-after").orElse(null), Instant.now())
            .orElse(backoff)
        : backoff;
    return wait.compareTo(config.maxRetryWait()) > 0 ? config.maxRetryWait() : wait;
  }

  private Duration gapFor(URI uri) {
    RobotsEntry entry = robots.get(Urls.origin(uri));
    long crawlDelayMs = entry == null ? BaseRobotRules.UNSET_CRAWL_DELAY : entry.rules().getCrawlDelay();
    Duration crawlDelay = Duration.ofMillis(Math.max(0, crawlDelayMs));
    return crawlDelay.compareTo(config.perHostDelay()) > 0 ? crawlDelay : config.perHostDelay();
  }

  private Exchange send(URI publicUri, URI target, Validators validators) throws FetchException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(target)
        .GET()
        .timeout(config.readTimeout())
        .header("User-Agent", config.userAgent())
        .header("Accept", ACCEPT)
        .header("Accept-Encoding", "gzip, deflate");
    if (validators.etag() != null) {
      builder.header("If-None-Match", validators.etag());
    }
    if (validators.lastModified() != null) {
      builder.header("If-Modified-Since", validators.lastModified());
    }
    HttpRequest request = builder.build();
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, LimitedBodySubscriber.handler(config.maxBodyBytes()));
    String url = publicUri.toString();
    try {
      // The request timeout only covers the headers; this bounds the body read as well.
      HttpResponse<byte[]> response = future.get(config.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
      return new Exchange(publicUri, response.statusCode(), response.headers(), response.body(), Instant.now());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timeout(url, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new FetchException(Reason.NETWORK_ERROR, url, "interrupted while fetching", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof LimitedBodySubscriber.BodyTooLargeException) {
        throw new FetchException(Reason.BODY_TOO_LARGE, url, "body exceeds maxBodyBytes=" + config.maxBodyBytes()
            + " (" + cause.getMessage() + "); raise FetcherConfig.maxBodyBytes if such pages are expected", cause);
      }
      if (cause instanceof HttpTimeoutException) {
        throw timeout(url, cause);
      }
      String mirror = target.equals(publicUri) ? "" : " (mirror " + target + ")";
      throw new FetchException(Reason.NETWORK_ERROR, url,
          "request failed" + mirror + ": " + cause, cause instanceof IOException ? cause : e);
    }
  }

  private FetchException timeout(String url, Throwable cause) {
    return new FetchException(Reason.TIMEOUT, url, "no complete response within FetcherConfig.readTimeout="
        + config.readTimeout() + " (connectTimeout=" + config.connectTimeout() + "); raise them if the site is slow",
        cause);
  }

  private void checkRobots(URI uri) throws FetchException {
    RobotsEntry entry = robotsFor(uri);
    if (!entry.rules().isAllowed(uri.toString())) {
      throw new FetchException(Reason.ROBOTS_DENIED, uri.toString(), entry.explanation()
          + " for user-agent '" + config.robotName() + "'; FetcherConfig.obeyRobots=false is only for hosts you control");
    }
  }

  /** robots.txt of the URL's origin, fetched once and shared by all threads until it expires. */
  private RobotsEntry robotsFor(URI uri) {
    String origin = Urls.origin(uri);
    RobotsEntry entry = robots.get(origin);
    if (entry != null && System.nanoTime() < entry.expiresAtNanos()) {
      return entry;
    }
    synchronized (robotsLocks.computeIfAbsent(origin, o -> new Object())) {
      entry = robots.get(origin);
      if (entry == null || System.nanoTime() >= entry.expiresAtNanos()) {
        entry = loadRobots(origin);
        robots.put(origin, entry);
      }
      return entry;
    }
  }

  /** RFC 9309: 4xx means no rules, 5xx or unreachable means disallow everything for now. */
  private RobotsEntry loadRobots(String origin) {
    String robotsUrl = origin + "/robots.txt";
    try {
      Exchange exchange = exchange(URI.create(robotsUrl), false, Validators.NONE, new int[] {0});
      int status = exchange.status();
      if (status >= 200 && status < 300) {
        byte[] body = BodyDecoder.decompress(exchange.rawBody(),
            exchange.headers().firstValue("content-encoding").orElse(null), config.maxBodyBytes(), robotsUrl);
        BaseRobotRules rules = new SimpleRobotRulesParser().parseContent(robotsUrl, body,
            exchange.headers().firstValue("content-type").orElse("text/plain"), List.of(config.robotName()));
        return robotsEntry(rules, robotsUrl + " disallows this URL", ROBOTS_TTL);
      }
      if (status >= 400 && status < 500 && status != 429) {
        return robotsEntry(new SimpleRobotRules(RobotRulesMode.ALLOW_ALL), "", ROBOTS_TTL);
      }
      return robotsEntry(new SimpleRobotRules(RobotRulesMode.ALLOW_NONE), robotsUrl + " answered "
          + status + ", which means disallow all for now (RFC 9309); retried after " + ROBOTS_FAILURE_TTL,
          ROBOTS_FAILURE_TTL);
    } catch (FetchException e) {
      return robotsEntry(new SimpleRobotRules(RobotRulesMode.ALLOW_NONE), robotsUrl + " could not be read ("
          + e.reason() + "), which means disallow all for now (RFC 9309); retried after " + ROBOTS_FAILURE_TTL,
          ROBOTS_FAILURE_TTL);
    }
  }

  private static RobotsEntry robotsEntry(BaseRobotRules rules, String explanation, Duration ttl) {
    return new RobotsEntry(rules, explanation, System.nanoTime() + ttl.toNanos());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
