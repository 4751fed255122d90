package dev.souk.io;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one place Souk reads and rewrites URLs. Pure and thread-safe. A URL appears in four forms,
 * each with its own method:
 *
 * <ul>
 *   <li>as a page links it, resolved by jsoup: {@link #browserUrl} percent-encodes what a browser
 *       would before requesting it (the form detail links and crawl state keep);
 *   <li>as the fetcher requests it: {@link #parse} and {@link #resolve} give a {@link URI} with
 *       scheme and host lower-cased and no fragment; {@link #host}, {@link #origin}, {@link
 *       #authority} and {@link #requestTarget} take it apart;
 *   <li>as a listing's identity in silver rows: {@link #canonical}, the IRI form without query;
 *   <li>as a lookup key that ignores how it was escaped: {@link #normalisedEscapes}.
 * </ul>
 *
 * <p>{@link #idInPath} and {@link #onHosts} read a site's listing id from its URLs. Parsing is
 * {@link java.net.URI}'s; escape normalisation is crawler-commons' {@link BasicURLNormalizer}'s.
 */
public final class Urls {
  private static final Pattern SCHEME_HOST = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]*)");
  // The whitespace Souk's text rules collapse (no-break and thin spaces too): a URL ends at it.
  private static final String SPACE = "\\s\\u00A0\\u2007\\u2009\\u202F\\u200B\\uFEFF";
  private static final Pattern HTTP_URL = Pattern.compile(
      "^[\\x00-\\x20" + SPACE + "]*(https?)://([^/?#" + SPACE + "]+)([^?#" + SPACE + "]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern NON_ASCII_ESCAPES = Pattern.compile("(?:%[89A-Fa-f][0-9A-Fa-f])+");
  // Characters java.net.URI refuses unescaped, beyond controls, space and non-ASCII.
  private static final String URI_UNSAFE = "\"<>\\^`{|}";

  private Urls() {}

  // ---------------------------------------------------------------- as a page links it

  /**
   * Percent-encodes non-ASCII characters, spaces and controls as UTF-8, as a browser does before
   * requesting a link; existing escapes and every other ASCII character stay as they are.
   */
  public static String browserUrl(String url) {
    return escape(url, cp -> cp <= 0x20 || cp >= 0x7f);
  }

  /** Decodes %XX escapes as UTF-8; malformed escapes stay as they are. ('+' is not a space in a path.) */
  public static String decodePercent(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      if (s.charAt(i) == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * The URL without query and fragment, percent-decoded, if it is on one of {@code hosts} (host
   * names compared lower-cased); a URL without scheme and host counts as on them. Empty for null.
   */
  public static Optional<String> onHosts(@Nullable String url, Collection<String> hosts) {
    if (url == null) {
      return Optional.empty();
    }
    String bare = url.trim().replaceFirst("[?#].*$", "");
    Matcher host = SCHEME_HOST.matcher(bare);
    if (host.find() && !hosts.contains(host.group(1).toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(decodePercent(bare));
  }

  /** The first group of {@code id} found in {@link #onHosts}{@code (url, hosts)}. */
  public static Optional<String> idInPath(@Nullable String url, Collection<String> hosts, Pattern id) {
    return onHosts(url, hosts).flatMap(path -> {
      Matcher m = id.matcher(path);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    });
  }

  // ---------------------------------------------------------------- as the fetcher requests it

  /**
   * Parses a URL as callers and Location headers write it: spaces, non-ASCII and other characters
   * {@link URI} refuses are percent-encoded as UTF-8 first, the fragment is dropped, scheme and
   * host are lower-cased and an empty path becomes "/". A URL without scheme or host comes back
   * parsed but otherwise as it was, for the caller to refuse.
   *
   * @throws URISyntaxException if it is no URI even so, or its port is out of range
   */
  public static URI parse(String url) throws URISyntaxException {
    URI uri = new URI(escapeForUri(url.trim()));
    if (uri.getScheme() == null || uri.getHost() == null) {
      return uri;
    }
    if (uri.getPort() > 65535) {
      throw new URISyntaxException(url, "port out of range");
    }
    String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new URI(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + userInfo
        + uri.getHost().toLowerCase(Locale.ROOT) + port + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  /** The absolute target, {@link #parse parsed}, of a link or Location header met on {@code base}. */
  public static URI resolve(URI base, String location) throws URISyntaxException {
    return parse(base.resolve(new URI(escapeForUri(location.trim()))).toString());
  }

  /** The lower-case host of {@code url} as {@link #parse} reads it; empty if it has none or is no URL. */
  public static Optional<String> host(@Nullable String url) {
    if (url == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(parse(url).getHost()).map(h -> h.toLowerCase(Locale.ROOT));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** {@code scheme://authority} of an absolute URI: what robots.txt rules and throttles are kept per. */
  public static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /**
   * The authority (host, and port or user info if given) of an absolute URL, as written; read
   * without {@link URI}'s strictness, so a URL with raw characters still has one.
   */
  public static String authority(String url) {
    int start = authorityStart(url);
    return url.substring(start, authorityEnd(url, start));
  }

  /**
   * The request target of an absolute URL: its path and query as written, without the fragment,
   * "/" for an empty path. Read like {@link #authority}.
   */
  public static String requestTarget(String url) {
    String target = url.substring(authorityEnd(url, authorityStart(url)));
    int fragment = target.indexOf('#');
    if (fragment >= 0) {
      target = target.substring(0, fragment);
    }
    return target.isEmpty() || target.startsWith("?") ? "/" + target : target;
  }

  private static int authorityStart(String url) {
    int scheme = url.indexOf("://");
    return scheme < 0 ? 0 : scheme + 3;
  }

  private static int authorityEnd(String url, int start) {
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return url.length();
  }

  // ---------------------------------------------------------------- as a listing's identity

  /**
   * Scheme, host and path; query and fragment dropped; scheme and host lower-cased; non-ASCII
   * characters unescaped (the IRI form, RFC 3987 3.2). Crawled pages carry the percent-encoded URL
   * a browser requests and the original producers the raw one ("à_louer" / "%C3%A0_louer"): one
   * form keeps a listing's URL and content hash the same whichever path it came by. Surrounding
   * whitespace is ignored; null unless the text starts with an http(s) URL.
   */
  public static @Nullable String canonical(@Nullable String url) {
    Matcher m = url == null ? null : HTTP_URL.matcher(url);
    if (m == null || !m.find()) {
      return null;
    }
    String path = m.group(3).isEmpty() ? "/" : unescapeNonAscii(m.group(3));
    return m.group(1).toLowerCase(Locale.ROOT) + "://" + m.group(2).toLowerCase(Locale.ROOT) + path;
  }

  /** Decodes runs of %XX escapes of bytes >= 0x80 that are valid UTF-8; ASCII escapes (%2F, %20) stay. */
  private static String unescapeNonAscii(String path) {
    Matcher run = NON_ASCII_ESCAPES.matcher(path);
    StringBuilder out = new StringBuilder(path.length());
    while (run.find()) {
      String escaped = run.group();
      byte[] bytes = new byte[escaped.length() / 3];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) Integer.parseInt(escaped.substring(3 * i + 1, 3 * i + 3), 16);
      }
      String decoded;
      try {
        decoded = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException notUtf8) {
        decoded = escaped;
      }
      run.appendReplacement(out, Matcher.quoteReplacement(decoded));
    }
    return run.appendTail(out).toString();
  }

  // ---------------------------------------------------------------- as a lookup key

  /**
   * A path or query with one spelling per meaning (RFC 3986 6.2.2): non-ASCII characters and the
   * characters a URL may not hold raw percent-encoded as UTF-8, escapes of unreserved characters
   * decoded, every other escape in upper-case hex. Escapes of reserved characters ("/", "?", "&")
   * stay escaped, so they keep their meaning.
   */
  public static String normalisedEscapes(String pathOrQuery) {
    return BasicURLNormalizer.unescapePath(BasicURLNormalizer.escapePath(pathOrQuery));
  }

  // ---------------------------------------------------------------- escaping

  private static String escapeForUri(String s) {
    return escape(s, cp -> cp <= 0x20 || cp > 0x7e || URI_UNSAFE.indexOf(cp) >= 0);
  }

  private static String escape(String s, java.util.function.IntPredicate unsafe) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (unsafe.test(cp)) {
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xff));
        }
      } else {
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
