package dev.souk.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Urls} reads its URL grammars by hand for speed; the grammars are the regexes below, and
 * this test holds the hand-written readers to them on random URL-like text made of the characters
 * where they could differ (case, schemes, separators, escapes, whitespace of every kind, line ends,
 * non-ASCII and characters whose case folds to ASCII).
 */
class UrlsParityTest {
  private static final String SPACE = "\\s\\u00A0\\u2007\\u2009\\u202F\\u200B\\uFEFF";
  private static final Pattern SCHEME_HOST = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]*)");
  private static final Pattern HTTP_URL = Pattern.compile(
      "^[\\x00-\\x20" + SPACE + "]*(https?)://([^/?#" + SPACE + "]+)([^?#" + SPACE + "]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern NON_ASCII_ESCAPES = Pattern.compile("(?:%[89A-Fa-f][0-9A-Fa-f])+");
  private static final Set<String> HOSTS = Set.of("www.avito.ma", "avito.ma", "");

  private static final String[] PIECES = {
      "http", "https", "HTTP", "hTtPs", "httpſ", "://", ":/", "/", "//", "?", "#", ":", "www.avito.ma", "Www.Avito.MA",
      "avito.ma", "a", "é", "ا", "%D8%A7", "%d9%8a", "%C3", "%C3%A9", "%2F", "%20", "%8", "%G1", "%", " ", "\t", "\n",
      "\r", "\u000B", "\u00A0", "\u2007", "\u2009", "\u202F", "\u200B", "\uFEFF", "\u2028", "\u0085", "\u0001", "+", "-",
      ".", "1", "x_1.htm", "\uD83D\uDE00", "\uD83D", "K", "\u212A"};

  @Test
  void handWrittenReadersAgreeWithTheirRegexes() {
    Random random = new Random(20261207);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder s = new StringBuilder();
      int parts = 1 + random.nextInt(9);
      for (int p = 0; p < parts; p++) {
        s.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String url = s.toString();
      assertEquals(canonical(url), Urls.canonical(url), url);
      assertEquals(onHosts(url), Urls.onHosts(url, HOSTS), url);
      assertEquals(browserUrl(url), Urls.browserUrl(url), url);
    }
  }

  // ---------------------------------------------------------------- the regex readers, as they were

  private static String canonical(String url) {
    Matcher m = HTTP_URL.matcher(url);
    if (!m.find()) {
      return null;
    }
    String path = m.group(3).isEmpty() ? "/" : unescapeNonAscii(m.group(3));
    return m.group(1).toLowerCase(Locale.ROOT) + "://" + m.group(2).toLowerCase(Locale.ROOT) + path;
  }

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

  private static Optional<String> onHosts(String url) {
    String bare = url.trim().replaceFirst("[?#].*$", "");
    Matcher host = SCHEME_HOST.matcher(bare);
    if (host.find() && !HOSTS.contains(host.group(1).toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(decodePercent(bare));
  }

  private static String decodePercent(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      if (s.charAt(i) == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
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

  private static String browserUrl(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp <= 0x20 || cp >= 0x7f) {
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xff));
        }
      } else {
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }
}
