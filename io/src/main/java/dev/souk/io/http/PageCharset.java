package dev.souk.io.http;

import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one charset detector for pages, fetched or archived. Precedence, as browsers have it: a byte
 * order mark, then the Content-Type header's {@code charset}, then a {@code <meta>} charset near
 * the start of the document, then, for a body that declares nothing and is not valid UTF-8, the
 * charset ICU4J's statistical detector is confident of (a legacy Arabic or French page); else
 * UTF-8. Pure and thread-safe.
 */
public final class PageCharset {
  private static final Pattern CONTENT_TYPE_CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([^\\s;\"']+)[\"']?");
  // Matches both <meta charset="x"> and <meta http-equiv="Content-Type" content="...; charset=x">.
  private static final Pattern META_CHARSET = Pattern.compile("(?i)<meta[^>]*?charset\\s*=\\s*[\"']?\\s*([a-z0-9_:.\\-]+)");
  /** How far into the document a meta charset is looked for (HTML says 1024; be generous). */
  private static final int META_SNIFF_LENGTH = 4096;
  /**
   * ICU's confidence (0-100) a guess needs. Lower guesses are mostly Latin-1 read into pages that
   * are UTF-8 but for a stray byte, which would garble every accent instead of one character.
   */
  private static final int MIN_CONFIDENCE = 50;

  private PageCharset() {}

  /** Decodes a body with the charset {@link PageCharset} finds; a byte order mark is not part of the text. */
  public static String decode(byte[] body, @Nullable String contentType) {
    if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
      return new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
    }
    if (startsWith(body, 0xFE, 0xFF)) {
      return new String(body, 2, body.length - 2, StandardCharsets.UTF_16BE);
    }
    if (startsWith(body, 0xFF, 0xFE)) {
      return new String(body, 2, body.length - 2, StandardCharsets.UTF_16LE);
    }
    Charset declared = fromContentType(contentType);
    if (declared == null) {
      declared = fromMeta(new String(body, 0, Math.min(body.length, META_SNIFF_LENGTH), StandardCharsets.ISO_8859_1));
    }
    if (declared != null) {
      return new String(body, declared);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      Charset guessed = sniff(body);
      return new String(body, guessed == null ? StandardCharsets.UTF_8 : guessed);
    }
  }

  /**
   * The charset a document already decoded to text declares: its Content-Type's, else its meta
   * tag's, else UTF-8. (Which bytes to write it back as, for an archive.)
   */
  public static Charset declared(@Nullable String contentType, String document) {
    Charset charset = fromContentType(contentType);
    if (charset == null) {
      charset = fromMeta(document.substring(0, Math.min(document.length(), META_SNIFF_LENGTH)));
    }
    return charset == null ? StandardCharsets.UTF_8 : charset;
  }

  /** The charset a Content-Type header names; null if it names none this JVM knows. */
  public static @Nullable Charset fromContentType(@Nullable String contentType) {
    return contentType == null ? null : labelled(CONTENT_TYPE_CHARSET.matcher(contentType));
  }

  /**
   * The charset the first {@code <meta>} tag of {@code head} that states one names; null if none.
   * A UTF-16 label reads as UTF-8: a document that could be read as ASCII to find the tag is not
   * UTF-16 (HTML spec).
   */
  public static @Nullable Charset fromMeta(CharSequence head) {
    Charset charset = labelled(META_CHARSET.matcher(head));
    return charset != null && charset.name().startsWith("UTF-16") ? StandardCharsets.UTF_8 : charset;
  }

  /**
   * {@code contentType} stating {@code charset}: unchanged if it already does, else with its
   * charset parameter replaced or added ("text/html; charset=iso-8859-1" → "text/html; charset=UTF-8").
   */
  public static String stating(String contentType, Charset charset) {
    if (charset.equals(fromContentType(contentType))) {
      return contentType;
    }
    String withoutCharset = CONTENT_TYPE_CHARSET.matcher(contentType).replaceAll("").replaceAll("(\\s*;)+\\s*$", "").trim();
    return withoutCharset + "; charset=" + charset.name();
  }

  /** The charset a label names, as browsers read it; null for an unknown label. */
  public static @Nullable Charset forLabel(String declared) {
    String label = declared.toLowerCase(Locale.ROOT);
    // Browsers read these labels as windows-1252 (WHATWG Encoding), which sites rely on for 0x80-0x9F.
    if (label.equals("iso-8859-1") || label.equals("latin1") || label.equals("us-ascii")) {
      label = "windows-1252";
    }
    try {
      return Charset.forName(label);
    } catch (IllegalArgumentException unknownOrIllegal) {
      return null;
    }
  }

  /**
   * ICU4J's best guess for a body, markup left out, if it is confident enough and this JVM has the
   * charset; null otherwise. ICU reads the first few kilobytes only.
   */
  static @Nullable Charset sniff(byte[] body) {
    CharsetDetector detector = new CharsetDetector();
    detector.enableInputFilter(true);
    detector.setText(body);
    for (CharsetMatch match : detector.detectAll()) {
      if (match.getConfidence() < MIN_CONFIDENCE) {
        return null;
      }
      Charset charset = forLabel(match.getName());
      if (charset != null) {
        return charset;
      }
    }
    return null;
  }

  private static @Nullable Charset labelled(Matcher m) {
    return m.find() ? forLabel(m.group(1)) : null;
  }

  private static boolean startsWith(byte[] body, int... prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
