package dev.souk.io.http;

import com.google.auto.value.AutoValue;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.souk.model.Site;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the crawler talks to the sites: identity, limits, politeness and safety. Immutable and
 * {@link Serializable} so it can travel inside a DoFn; each worker JVM builds its own fetcher from
 * it. Start from {@link #defaults()} or {@link #builder()} and change what differs.
 */
@AutoValue
public abstract class FetcherConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Identifies the crawler and where to learn about it, as polite crawlers do. */
  /** 10 MB: ten times the largest listing page seen; WARC replay enforces the same limit. */
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  public static final String DEFAULT_USER_AGENT = "SoukBot/0.1 (+https://github.com/souk-data/souk)";

  /** Sent on every request; its product token (before '/') is the name matched in robots.txt. */
  public abstract String userAgent();

  public abstract Duration connectTimeout();

  /** Per attempt: from sending the request until the whole body is read. */
  public abstract Duration readTimeout();

  /** Larger bodies (after decompression too) fail with {@code body_too_large}. */
  public abstract long maxBodyBytes();

  /** Retries after the first attempt, on 429, 5xx, timeouts and network errors. */
  public abstract int maxRetries();

  /** First back-off; doubles with each retry, with jitter. */
  public abstract Duration retryBaseDelay();

  /** Upper bound of any single wait: back-off and a server's Retry-After alike. */
  public abstract Duration maxRetryWait();

  /**
   * Minimum gap between two requests to one host from this JVM; robots.txt Crawl-delay raises it.
   */
  public abstract Duration perHostDelay();

  /** Lower-case host names that may be fetched, redirects included. */
  public abstract ImmutableSet<String> allowedHosts();

  public abstract boolean obeyRobots();

  public abstract int maxRedirects();

  /**
   * Sample/test mode: public host to the base URL of a local copy, e.g. {@code www.avito.ma ->
   * http://127.0.0.1:PORT/www.avito.ma}. Requests go to the mirror; results keep public URLs.
   * Non-empty means offline: an allowed host without a mirror is refused, never resolved.
   */
  public abstract ImmutableMap<String, String> mirrors();

  public abstract Builder toBuilder();

  /** A builder holding the defaults: every {@link Site} host allowed, robots.txt obeyed. */
  public static Builder builder() {
    return new AutoValue_FetcherConfig.Builder()
        .setUserAgent(DEFAULT_USER_AGENT)
        .setConnectTimeout(Duration.ofSeconds(10))
        .setReadTimeout(Duration.ofSeconds(30))
        .setMaxBodyBytes(DEFAULT_MAX_BODY_BYTES)
        .setMaxRetries(3)
        .setRetryBaseDelay(Duration.ofSeconds(1))
        .setMaxRetryWait(Duration.ofSeconds(60))
        .setPerHostDelay(Duration.ofSeconds(1))
        .setAllowedHosts(
            Arrays.stream(Site.values()).flatMap(s -> s.hosts().stream()).collect(ImmutableSet.toImmutableSet()))
        .setObeyRobots(true)
        .setMaxRedirects(5)
        .setMirrors(ImmutableMap.of());
  }

  public static FetcherConfig defaults() {
    return builder().build();
  }

  /** The robots.txt product token, e.g. {@code soukbot}. */
  public String robotName() {
    String product = userAgent().trim().split("[/\\s]", 2)[0];
    return product.toLowerCase(Locale.ROOT);
  }

  /** Mirror base URL for {@code host}, or null when the host is fetched from the internet. */
  String mirrorFor(String host) {
    return mirrors().get(host);
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setUserAgent(String userAgent);

    public abstract Builder setConnectTimeout(Duration connectTimeout);

    public abstract Builder setReadTimeout(Duration readTimeout);

    public abstract Builder setMaxBodyBytes(long maxBodyBytes);

    public abstract Builder setMaxRetries(int maxRetries);

    public abstract Builder setRetryBaseDelay(Duration retryBaseDelay);

    public abstract Builder setMaxRetryWait(Duration maxRetryWait);

    public abstract Builder setPerHostDelay(Duration perHostDelay);

    public abstract Builder setAllowedHosts(Set<String> allowedHosts);

    public abstract Builder setObeyRobots(boolean obeyRobots);

    public abstract Builder setMaxRedirects(int maxRedirects);

    public abstract Builder setMirrors(Map<String, String> mirrors);

    abstract ImmutableSet<String> allowedHosts();

    abstract ImmutableMap<String, String> mirrors();

    abstract FetcherConfig autoBuild();

    /** Normalises host names and validates every value; messages name the setting to fix. */
    public FetcherConfig build() {
      setAllowedHosts(allowedHosts().stream().map(Builder::normaliseHost).collect(ImmutableSet.toImmutableSet()));
      ImmutableMap.Builder<String, String> mirrors = ImmutableMap.builder();
      mirrors().forEach((host, base) -> mirrors.put(normaliseHost(host), validateMirror(host, base)));
      setMirrors(mirrors.buildOrThrow());
      FetcherConfig c = autoBuild();
      check(!c.userAgent().isBlank() && c.robotName().matches("[a-z0-9_-]+"),
          "userAgent must start with a product token such as 'SoukBot/0.1', got '" + c.userAgent() + "'");
      checkPositive("connectTimeout", c.connectTimeout());
      checkPositive("readTimeout", c.readTimeout());
      checkPositive("retryBaseDelay", c.retryBaseDelay());
      checkPositive("maxRetryWait", c.maxRetryWait());
      check(!c.perHostDelay().isNegative(), "perHostDelay must not be negative");
      check(c.maxBodyBytes() > 0, "maxBodyBytes must be positive, got " + c.maxBodyBytes());
      check(c.maxRetries() >= 0 && c.maxRetries() <= 10, "maxRetries must be within 0..10, got " + c.maxRetries());
      check(c.maxRedirects() >= 0 && c.maxRedirects() <= 20,
          "maxRedirects must be within 0..20, got " + c.maxRedirects());
      return c;
    }

    private static String normaliseHost(String host) {
      String h = host.trim().toLowerCase(Locale.ROOT);
      h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
      check(!h.isEmpty() && h.matches("[a-z0-9.-]+"),
          "allowedHosts/mirrors keys must be plain host names such as 'www.avito.ma', got '" + host + "'");
      return h;
    }

    private static String validateMirror(String host, String base) {
      URI uri;
      try {
        uri = new URI(base);
      } catch (Exception e) {
        throw new IllegalArgumentException("mirrors: '" + host + "' -> '" + base + "' is not a URL", e);
      }
      String mirrorHost = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      check("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()),
          "mirrors: '" + host + "' -> '" + base + "' must be an http(s) URL");
      // Mirrors bypass the private-address guard, so they may only reach this machine.
      check(mirrorHost.equals("127.0.0.1") || mirrorHost.equals("localhost"),
          "mirrors: '" + host + "' -> '" + base + "' is not allowed: a mirror must point to 127.0.0.1 or"
              + " localhost (sample/test mode only); fix or remove that entry");
      check(uri.getRawQuery() == null && uri.getRawFragment() == null,
          "mirrors: '" + host + "' -> '" + base + "' must not have a query or fragment");
      return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static void checkPositive(String name, Duration d) {
      check(!d.isNegative() && !d.isZero(), name + " must be positive, got " + d);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException("FetcherConfig." + message);
      }
    }
  }
}
