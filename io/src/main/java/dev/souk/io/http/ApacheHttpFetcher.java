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
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link HttpFetcher} on Apache HttpClient 5. Per fetch: URL safety check, robots.txt, per-host
 * spacing, retries with back-off, redirects followed by hand so every hop is checked again,
 * size-limited body read, decompression and charset detection.
 *
 * <p>HttpClient rather than the JDK's client because it takes a {@link DnsResolver}: the guard
 * itself, so a connection only ever goes to addresses the guard has just vetted, for pages,
 * robots.txt and every redirect hop alike (see {@link UrlGuard}). No proxy is used, since a proxy
 * would resolve the name itself.
 */
public final class ApacheHttpFetcher implements HttpFetcher {
  private static final List<String> KEPT_HEADERS =
      List.of("content-type", "etag", "last-modified", "retry-after", "location");
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final String ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8";
  /** RFC 9309 asks not to keep robots.txt longer than a day. */
  private static final Duration ROBOTS_TTL = Duration.ofHours(24);
  /** An unreachable robots.txt blocks the host only briefly, so one blip does not end a crawl. */
  private static final Duration ROBOTS_FAILURE_TTL = Duration.ofMinutes(5);
  /**
   * Pooled connections. The throttle keeps one request per public host in flight, but in sample
   * mode every host is mirrored to one local route, so a route needs as many as there are hosts.
   */
  private static final int MAX_CONNECTIONS = 32;

  private final FetcherConfig config;
  private final UrlGuard guard;
  private final ScheduledExecutorService deadlines;
  private final CloseableHttpClient client;
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

  /** One HTTP exchange, body still encoded; {@code headers} holds the first value of each, lower-case names. */
  private record Exchange(URI publicUri, int status, ImmutableMap<String, String> headers, byte[] rawBody, Instant at) {
    @Nullable String header(String name) {
      return headers.get(name);
    }
  }

  public ApacheHttpFetcher(FetcherConfig config) {
    this(config, SystemDefaultDnsResolver.INSTANCE, DefaultSchemePortResolver.INSTANCE);
  }

  /**
   * {@code names} answers the lookups the guard vets; {@code ports} maps a scheme to the port to
   * connect to. Tests pass a scripted name service and send the web ports to a local server.
   */
  ApacheHttpFetcher(FetcherConfig config, DnsResolver names, SchemePortResolver ports) {
    this.config = config;
    this.guard = new UrlGuard(config, names);
    // Daemon, so an unclosed fetcher never keeps a worker JVM alive; a finished exchange's
    // deadline leaves the queue at once instead of waiting out readTimeout.
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
        new ThreadFactoryBuilder().setDaemon(true).setNameFormat("souk-http-deadline-%d").build());
    timer.setRemoveOnCancelPolicy(true);
    this.deadlines = timer;
    Timeout connect = Timeout.of(config.connectTimeout());
    Timeout read = Timeout.of(config.readTimeout());
    this.client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(guard)
            .setSchemePortResolver(ports)
            .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
            .setMaxConnPerRoute(MAX_CONNECTIONS)
            .setMaxConnTotal(MAX_CONNECTIONS)
            .build())
        .setSchemePortResolver(ports)
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(connect)
            .setResponseTimeout(read)
            .build())
        // The fetcher does all of these itself: redirects per hop through the guard, retries with
        // back-off per host, decompression under the size limit. No cookies, as before.
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableContentCompression()
        .disableCookieManagement()
        .disableAuthCaching()
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
    String contentType = exchange.header("content-type");
    String finalUrl = exchange.publicUri().equals(uri) ? url : exchange.publicUri().toString();
    byte[] body =
        BodyDecoder.decompress(exchange.rawBody(), exchange.header("content-encoding"), config.maxBodyBytes(), finalUrl);
    ImmutableMap.Builder<String, String> headers = ImmutableMap.builder();
    for (String name : KEPT_HEADERS) {
      String value = exchange.header(name);
      if (value != null) {
        headers.put(name, value);
      }
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
    @Nullable String fromUrl = null;
    for (int hop = 0; ; hop++) {
      if (checkRobots) {
        checkRobots(uri);
      }
      Exchange exchange = sendWithRetries(uri, fromUrl, validators, attempts);
      String location = exchange.header("location");
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
      fromUrl = uri.toString();
      uri = next;
    }
  }

  /** {@code fromUrl}: the hop that redirected here, null for the first request. */
  private Exchange sendWithRetries(URI uri, @Nullable String fromUrl, Validators validators, int[] attempts)
      throws FetchException {
    String host = uri.getHost();
    URI target = guard.requestUri(uri);
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt > config.maxRetries();
      try {
        Exchange exchange;
        try (HostThrottle.Permit permit = throttle.acquire(host, gapFor(uri))) {
          attempts[0]++;
          exchange = send(uri, fromUrl, target, validators);
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
        ? RetryTiming.retryAfter(exchange.header("retry-after"), Instant.now())
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

  private Exchange send(URI publicUri, @Nullable String fromUrl, URI target, Validators validators)
      throws FetchException {
    HttpGet request = new HttpGet(target);
    request.setHeader("User-Agent", config.userAgent());
    request.setHeader("Accept", ACCEPT);
    request.setHeader("Accept-Encoding", "gzip, deflate");
    if (validators.etag() != null) {
      request.setHeader("If-None-Match", validators.etag());
    }
    if (validators.lastModified() != null) {
      request.setHeader("If-Modified-Since", validators.lastModified());
    }
    String url = publicUri.toString();
    // The socket timeout bounds each read; this bounds the whole exchange, which a body trickling
    // in just under the socket timeout would otherwise stretch without end.
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> deadline = deadlines.schedule(() -> {
      expired.set(true);
      request.cancel();
    }, config.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
    try {
      return client.execute(request, response -> new Exchange(publicUri, response.getCode(), firstHeaders(response),
          readBody(request, response), Instant.now()));
    } catch (IOException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof UrlGuard.RefusedAddressException)) {
        cause = cause.getCause();
      }
      if (cause instanceof UrlGuard.RefusedAddressException refused) {
        // The guard refused the lookup of this connection (e.g. a DNS answer that changed since the check).
        throw UrlGuard.refused(refused, url, fromUrl);
      }
      if (e instanceof LimitedBody.BodyTooLargeException) {
        throw new FetchException(Reason.BODY_TOO_LARGE, url, "body exceeds maxBodyBytes=" + config.maxBodyBytes()
            + " (" + e.getMessage() + "); raise FetcherConfig.maxBodyBytes if such pages are expected", e);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new FetchException(Reason.NETWORK_ERROR, url, "interrupted while fetching", e);
      }
      if (expired.get() || e instanceof InterruptedIOException) {
        // Socket, connect and pool timeouts are all InterruptedIOExceptions, and so is our own abort.
        throw timeout(url, e);
      }
      String mirror = target.equals(publicUri) ? "" : " (mirror " + target + ")";
      throw new FetchException(Reason.NETWORK_ERROR, url, "request failed" + mirror + ": " + e, e);
    } finally {
      deadline.cancel(false);
    }
  }

  /** The body, read under the size limit; an oversized one aborts the exchange instead of being drained. */
  private byte[] readBody(HttpGet request, ClassicHttpResponse response) throws IOException {
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      return new byte[0];
    }
    try {
      return LimitedBody.read(entity.getContent(), entity.getContentLength(), config.maxBodyBytes());
    } catch (LimitedBody.BodyTooLargeException e) {
      request.cancel();
      throw e;
    }
  }

  private static ImmutableMap<String, String> firstHeaders(ClassicHttpResponse response) {
    Map<String, String> first = new LinkedHashMap<>();
    for (Header header : response.getHeaders()) {
      first.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
    }
    return ImmutableMap.copyOf(first);
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
            exchange.header("content-encoding"), config.maxBodyBytes(), robotsUrl);
        BaseRobotRules rules = new SimpleRobotRulesParser().parseContent(robotsUrl, body,
            Objects.requireNonNullElse(exchange.header("content-type"), "text/plain"), List.of(config.robotName()));
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
    client.close(CloseMode.IMMEDIATE);
    deadlines.shutdownNow();
  }
}
