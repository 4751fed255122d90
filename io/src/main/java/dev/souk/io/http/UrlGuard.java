package dev.souk.io.http;

import com.google.common.net.InetAddresses;
import dev.souk.io.Urls;
import dev.souk.io.http.FetchException.Reason;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Decides which URLs may be fetched: http(s) only, allow-listed host names only, never IP
 * literals, never hosts that resolve to non-public addresses (SSRF guard). Mirrored hosts skip the
 * address check because {@link FetcherConfig} only accepts mirrors on this machine.
 */
final class UrlGuard {
  private final FetcherConfig config;

  UrlGuard(FetcherConfig config) {
    this.config = config;
  }

  /**
   * Throws unless {@code uri} may be fetched. On a redirect hop every refusal is reported as
   * {@code redirect_not_allowed} so the failure says where the site tried to send us.
   */
  void check(URI uri, String fromUrl) throws FetchException {
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
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new FetchException(Reason.NETWORK_ERROR, url, "host '" + host + "' does not resolve", e);
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        throw new FetchException(redirect ? Reason.REDIRECT_NOT_ALLOWED : Reason.ADDRESS_NOT_ALLOWED, url,
            via + "has host '" + host + "' resolving to non-public address " + address.getHostAddress()
                + "; only public addresses are fetched (for a local copy, set FetcherConfig.mirrors)");
      }
    }
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
