package dev.souk.transforms.sites;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * {@link Element#absUrl} for the many links of one page, with the same result. jsoup re-parses the
 * page's base URL and strips control characters from both URLs with a regex that matches the empty
 * string at every position, for every link: that cost the adapters more than reading the link's
 * text. Here the base is parsed once per base URL and control characters are removed only where
 * there are any; the resolution itself is jsoup's, step for step:
 *
 * <ul>
 *   <li>control characters (U+0000–U+001F) are dropped from both URLs, as browsers do;
 *   <li>a query-only link keeps the base's path ("?page=2" on /a/b is /a/b?page=2);
 *   <li>{@link URL} resolves the link against the base, then leading "/./" and "/../" segments of
 *       the result are dropped, as browsers do;
 *   <li>with an unusable base the link counts only if it is absolute itself; a link {@link URL}
 *       cannot read (tel:, a scheme without a handler) is kept as written if it has a scheme,
 *       else it resolves to "".
 * </ul>
 */
final class LinkResolver {
  private static final Pattern EXTRA_DOT_SEGMENTS = Pattern.compile("^/(?>(?>\\.\\.?/)+)");
  private static final Pattern HAS_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+-.]*:");

  /** The last base parsed: a page's links share one, and a URL is immutable, so threads may share it. */
  private static volatile Base last = new Base("", null);

  private record Base(String uri, URL url) {}

  private LinkResolver() {}

  /** The attribute's URL made absolute against the element's base URI; "" if it has none or none can be made. */
  static String absUrl(Element e, String attribute) {
    if (!e.hasAttr(attribute)) {
      return "";
    }
    return resolve(e.baseUri(), e.attr(attribute));
  }

  /** The absolute URL of {@code relUrl} met on a page at {@code baseUri}, as {@link Element#absUrl} gives it. */
  static String resolve(String baseUri, String relUrl) {
    String rel = withoutControlChars(relUrl);
    try {
      URL base = base(baseUri);
      if (base == null) {
        return new URL(rel).toExternalForm();
      }
      if (rel.startsWith("?")) {
        rel = base.getPath() + rel;
      }
      URL url = new URL(base, rel);
      String file = EXTRA_DOT_SEGMENTS.matcher(url.getFile()).replaceFirst("/");
      if (url.getRef() != null) {
        file = file + "#" + url.getRef();
      }
      return new URL(url.getProtocol(), url.getHost(), url.getPort(), file).toExternalForm();
    } catch (MalformedURLException e) {
      return HAS_SCHEME.matcher(rel).find() ? rel : "";
    }
  }

  /** The parsed base URL, or null if it is no URL. */
  private static URL base(String baseUri) {
    Base b = last;
    if (!b.uri().equals(baseUri)) {
      URL url;
      try {
        url = new URL(withoutControlChars(baseUri));
      } catch (MalformedURLException e) {
        url = null;
      }
      b = new Base(baseUri, url);
      last = b;
    }
    return b.url();
  }

  private static String withoutControlChars(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) >= 0x20) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length()).append(s, 0, i);
    for (; i < s.length(); i++) {
      if (s.charAt(i) >= 0x20) {
        out.append(s.charAt(i));
      }
    }
    return out.toString();
  }
}
