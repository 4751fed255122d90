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
  // The URL grammars below are read by hand, as these regexes state them (UrlsParityTest holds
  // both to the regexes): they run for every link and silver row, where the regexes cost more
  // than the rest of the work.
  //   SCHEME_HOST        ^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]*)
  //   HTTP_URL           ^[\x00-\x20 SPACE]*(https?)://([^/?# SPACE]+)([^?# SPACE]*), case-insensitive
  //   NON_ASCII_ESCAPES  (?:%[89A-Fa-f][0-9A-Fa-f])+
  // where SPACE is the whitespace Souk's text rules collapse (regex \s, no-break and thin spaces): a URL ends at it.
  private static final String HEX_DIGITS = "0123456789ABCDEF";
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
        int hi = hexValue(s.charAt(i + 1));
        int lo = hexValue(s.charAt(i + 2));
        // Non-ASCII digits count as hex digits here too (Character.digit): those go the long way.
        bytes.write(hi >= 0 && lo >= 0 ? hi << 4 | lo : Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 3;
      } else if (s.charAt(i) < 0x80) {
        bytes.write(s.charAt(i));
        i++;
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
    String bare = withoutQuery(url.trim());
    String host = schemeHost(bare);
    if (host != null && !hosts.contains(host.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(decodePercent(bare));
  }

  /** The URL up to its first "?" or "#" (what {@code replaceFirst("[?#].*$", "")} leaves). */
  private static String withoutQuery(String url) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        // "." stops at line ends, which makes the regex's answer depend on where they are.
        return url.replaceFirst("[?#].*$", "");
      }
    }
    int end = url.length();
    for (int i = 0; i < url.length(); i++) {
      if (url.charAt(i) == '?' || url.charAt(i) == '#') {
        end = i;
        break;
      }
    }
    return url.substring(0, end);
  }

  /** The host of a URL that starts with a scheme and "://" (SCHEME_HOST's group), else null. */
  private static @Nullable String schemeHost(String url) {
    if (url.isEmpty() || !isAsciiLetter(url.charAt(0))) {
      return null;
    }
    int i = 1;
    while (i < url.length() && (isAsciiLetter(url.charAt(i)) || isAsciiDigit(url.charAt(i)) || "+.-".indexOf(url.charAt(i)) >= 0)) {
      i++;
    }
    if (!url.startsWith("://", i)) {
      return null;
    }
    int start = i + 3;
    int end = start;
    while (end < url.length() && "/?#:".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    return url.substring(start, end);
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
    // HTTP_URL, read by hand.
    if (url == null) {
      return null;
    }
    int i = 0;
    while (i < url.length() && (url.charAt(i) <= 0x20 || isSpace(url.charAt(i)))) {
      i++;
    }
    int schemeEnd = startsWithAsciiIgnoreCase(url, i, "https://") ? i + 5
        : startsWithAsciiIgnoreCase(url, i, "http://") ? i + 4 : -1;
    if (schemeEnd < 0) {
      return null;
    }
    int hostStart = schemeEnd + 3;
    int hostEnd = hostStart;
    while (hostEnd < url.length() && !isSpace(url.charAt(hostEnd)) && "/?#".indexOf(url.charAt(hostEnd)) < 0) {
      hostEnd++;
    }
    if (hostEnd == hostStart) {
      return null;
    }
    int pathEnd = hostEnd;
    while (pathEnd < url.length() && !isSpace(url.charAt(pathEnd)) && "?#".indexOf(url.charAt(pathEnd)) < 0) {
      pathEnd++;
    }
    String path = pathEnd == hostEnd ? "/" : unescapeNonAscii(url.substring(hostEnd, pathEnd));
    return url.substring(i, schemeEnd).toLowerCase(Locale.ROOT) + "://"
        + url.substring(hostStart, hostEnd).toLowerCase(Locale.ROOT) + path;
  }

  /** A character of SPACE: regex {@code \s} or a no-break, thin or zero-width space. */
  private static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u00A0' || c == '\u2007' || c == '\u2009'
        || c == '\u202F' || c == '\u200B' || c == '\uFEFF';
  }

  /** Whether {@code s} has {@code lowerCase} at {@code at}, ASCII letters in either case (as the regex flag compares them). */
  private static boolean startsWithAsciiIgnoreCase(String s, int at, String lowerCase) {
    if (at + lowerCase.length() > s.length()) {
      return false;
    }
    for (int k = 0; k < lowerCase.length(); k++) {
      char c = s.charAt(at + k);
      char want = lowerCase.charAt(k);
      if (c != want && !(want >= 'a' && want <= 'z' && c == want - 'a' + 'A')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes runs of %XX escapes of bytes >= 0x80 (NON_ASCII_ESCAPES) that are valid UTF-8;
   * ASCII escapes (%2F, %20) and runs that are not UTF-8 stay as they are.
   */
  private static String unescapeNonAscii(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    int copied = 0;
    int i = 0;
    while (i < path.length()) {
      if (!isNonAsciiEscape(path, i)) {
        i++;
        continue;
      }
      int start = i;
      while (isNonAsciiEscape(path, i)) {
        i += 3;
      }
      byte[] bytes = new byte[(i - start) / 3];
      for (int b = 0; b < bytes.length; b++) {
        bytes[b] = (byte) (hexValue(path.charAt(start + 3 * b + 1)) << 4 | hexValue(path.charAt(start + 3 * b + 2)));
      }
      out.append(path, copied, start);
      try {
        out.append(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)));
      } catch (CharacterCodingException notUtf8) {
        out.append(path, start, i);
      }
      copied = i;
    }
    return out.append(path, copied, path.length()).toString();
  }

  private static boolean isNonAsciiEscape(String s, int i) {
    return i + 2 < s.length() && s.charAt(i) == '%' && "89ABCDEFabcdef".indexOf(s.charAt(i + 1)) >= 0
        && hexValue(s.charAt(i + 2)) >= 0;
  }

  /** An ASCII hex digit's value, else -1. */
  private static int hexValue(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
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
    if (s.codePoints().noneMatch(unsafe)) {
      return s; // most links: nothing to escape
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (unsafe.test(cp)) {
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX_DIGITS.charAt((b >> 4) & 0xf)).append(HEX_DIGITS.charAt(b & 0xf));
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
