package dev.souk.io.http;

import com.google.common.collect.ImmutableSet;
import com.google.common.net.InetAddresses;
import dev.souk.io.Urls;
import dev.souk.io.http.FetchException.Reason;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import org.apache.hc.client5.http.DnsResolver;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Decides which URLs may be fetched and which addresses a connection may use: http(s) only,
 * allow-listed host names only, never IP literals, only ports 80 and 443, never a host resolving
 * into an IANA special-purpose range (SSRF guard).
 *
 * <p>It is also the HTTP client's {@link DnsResolver}, so the addresses it vets are the only ones
 * a connection can use (DNS pinning): each new connection looks the name up here, the whole answer
 * is refused if any address in it is special-purpose, and what is returned is what gets connected
 * to. A rebinding name server that answers a public address to {@link #check} and 127.0.0.1 to the
 * connection is refused at the connection; the earlier check is only an early, clearer refusal.
 * The only names allowed to resolve to loopback are the hosts of {@link FetcherConfig#mirrors()}
 * (127.0.0.1 or localhost, sample and test mode), and they must resolve to loopback alone.
 */
final class UrlGuard implements DnsResolver {
  /** A lookup the guard refused; an UnknownHostException because that is what a DnsResolver throws. */
  static final class RefusedAddressException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    RefusedAddressException(String message) {
      super(message);
    }
  }

  private final FetcherConfig config;
  private final DnsResolver names;
  private final ImmutableSet<String> loopbackHosts;

  /** {@code names} answers the lookups the guard vets: the system resolver, or a fake in tests. */
  UrlGuard(FetcherConfig config, DnsResolver names) {
    this.config = config;
    this.names = names;
    this.loopbackHosts = config.mirrors().values().stream()
        .map(base -> URI.create(base).getHost().toLowerCase(Locale.ROOT))
        .collect(ImmutableSet.toImmutableSet());
  }

  /**
   * Throws unless {@code uri} may be fetched. On a redirect hop every refusal is reported as
   * {@code redirect_not_allowed} so the failure says where the site tried to send us.
   */
  void check(URI uri, @Nullable String fromUrl) throws FetchException {
    boolean redirect = fromUrl != null;
    String url = uri.toString();
    String via = redirect ? "redirect from " + fromUrl + " leads to a URL that " : "";
    String scheme = uri.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new FetchException(redirect ? Reason.REDIRECT_NOT_ALLOWED : Reason.BAD_URL, url,
          via + "is not http(s); only http and https URLs are fetched");
    }
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null) {
      throw new FetchException(redirect ? Reason.REDIRECT_NOT_ALLOWED : Reason.BAD_URL, url,
          via + "has no host name or carries user info; pass an absolute URL such as https://www.avito.ma/");
    }
    if (InetAddresses.isUriInetAddress(host)) {
      throw new FetchException(redirect ? Reason.REDIRECT_NOT_ALLOWED : Reason.ADDRESS_NOT_ALLOWED, url,
          via + "names an IP address; only allow-listed host names are fetched"
              + " (for a local copy, set FetcherConfig.mirrors instead)");
    }
    if (!config.allowedHosts().contains(host)) {
      throw new FetchException(redirect ? Reason.REDIRECT_NOT_ALLOWED : Reason.HOST_NOT_ALLOWED, url,
          via + "has host '" + host + "', which is not in FetcherConfig.allowedHosts; add it there"
              + " (or to the Site's hosts) if it belongs to a crawled site");
    }
    if (!config.mirrors().isEmpty() && config.mirrorFor(host) == null) {
      // Sample mode is offline: a link to a crawled site's host that has no local copy is not
      // looked up, let alone fetched from the internet.
      throw new FetchException(redirect ? Reason.REDIRECT_NOT_ALLOWED : Reason.HOST_NOT_ALLOWED, url,
          via + "has host '" + host + "', which has no local copy in FetcherConfig.mirrors;"
              + " with mirrors set (sample mode) nothing is fetched from the network");
    }
    int port = uri.getPort();
    if (port != -1 && port != 80 && port != 443) {
      throw new FetchException(redirect ? Reason.REDIRECT_NOT_ALLOWED : Reason.ADDRESS_NOT_ALLOWED, url,
          via + "names port " + port + "; only the web ports 80 and 443 are fetched");
    }
    if (config.mirrorFor(host) != null) {
      return;
    }
    try {
      resolve(host);
    } catch (RefusedAddressException e) {
      throw refused(e, url, fromUrl);
    } catch (UnknownHostException e) {
      throw new FetchException(Reason.NETWORK_ERROR, url, "host '" + host + "' does not resolve", e);
    }
  }

  /** The fetch failure for a refused lookup, at the first URL or at a redirect hop. */
  static FetchException refused(RefusedAddressException e, String url, @Nullable String fromUrl) {
    return fromUrl == null
        ? new FetchException(Reason.ADDRESS_NOT_ALLOWED, url, e.getMessage(), e)
        : new FetchException(Reason.REDIRECT_NOT_ALLOWED, url, "redirect from " + fromUrl + ": " + e.getMessage(), e);
  }

  /**
   * The vetted addresses of {@code host}, the only ones the client may connect to. Throws {@link
   * RefusedAddressException} for a name the crawler may not look up or an answer it may not use.
   */
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String name = host.toLowerCase(Locale.ROOT);
    if (loopbackHosts.contains(name)) {
      InetAddress[] addresses = names.resolve(name);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          throw new RefusedAddressException("mirror host '" + host + "' resolves to " + address.getHostAddress()
              + ", which is not loopback; mirrors must stay on this machine");
        }
      }
      return addresses;
    }
    // Belt and braces: check() refused these already, but a connection must not depend on that.
    if (InetAddresses.isUriInetAddress(name) || !config.allowedHosts().contains(name) || !config.mirrors().isEmpty()) {
      throw new RefusedAddressException("host '" + host + "' may not be looked up: only allow-listed host names"
          + " are, and none in sample mode (FetcherConfig.mirrors set)");
    }
    InetAddress[] addresses = names.resolve(name);
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        throw new RefusedAddressException("host '" + host + "' resolves to non-public address "
            + address.getHostAddress() + "; only public addresses are fetched (for a local copy, set FetcherConfig.mirrors)");
      }
    }
    return addresses;
  }

  /** Only SPNEGO asks for it, and the fetcher never authenticates; no lookup needed. */
  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }

  /** False for every IANA special-purpose range ({@link SpecialAddresses}). */
  static boolean isPublic(InetAddress a) {
    return SpecialAddresses.isPublic(a);
  }

  /** Where the request really goes: the mirror for mirrored hosts, else the URL itself. */
  URI requestUri(URI publicUri) {
    String mirror = config.mirrorFor(publicUri.getHost());
    return mirror == null ? publicUri : URI.create(mirror + Urls.requestTarget(publicUri.toString()));
  }
}
