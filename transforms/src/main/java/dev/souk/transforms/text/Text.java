package dev.souk.transforms.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Text clean-up shared by the rules. Every method is null-safe: null in, null out. */
public final class Text {
  private static final Charset CP1252 = Charset.forName("windows-1252");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NON_KEY = Pattern.compile("[^\\p{L}\\p{N}' ]+");
  private static final Pattern APOSTROPHES = Pattern.compile("[’‘`´ʼ]");
  private static final Pattern NON_SLUG = Pattern.compile("[^a-z0-9]+");

  private Text() {}

  /** Trims and collapses every whitespace run (tabs, newlines, no-break spaces) to one space. */
  public static @Nullable String collapse(@Nullable String s) {
    if (s == null) {
      return null;
    }
    if (isCollapsed(s)) {
      return s; // most text: nothing to do
    }
    // By hand rather than a regex replacement: the normalisers collapse every field and lookup key.
    StringBuilder out = new StringBuilder(s.length());
    boolean inSpace = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isSpace(c)) {
        out.append(c);
        inSpace = false;
      } else if (!inSpace) {
        out.append(' ');
        inSpace = true;
      }
    }
    String c = out.toString().trim();
    return c.isEmpty() ? null : c;
  }

  /** True if {@link #collapse} would give the text back as it is: trimmed, single plain spaces only. */
  private static boolean isCollapsed(String s) {
    if (s.isEmpty() || s.charAt(0) <= ' ' || s.charAt(s.length() - 1) <= ' ') {
      return false;
    }
    char previous = 'x';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isSpace(c) && (c != ' ' || previous == ' ')) {
        return false;
      }
      previous = c;
    }
    return !isSpace(s.charAt(0)) && !isSpace(s.charAt(s.length() - 1));
  }

  /**
   * Whitespace as the rules see it: regex {@code \s} (space, tab, newlines, vertical tab, form
   * feed) and what pages put between digits, which plain {@code \s} knows none of (U+00A0, U+2007,
   * U+2009, U+202F), and the zero-width U+200B and U+FEFF.
   */
  private static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u00A0' || c == '\u2007' || c == '\u2009'
        || c == '\u202F' || c == '\u200B' || c == '\uFEFF';
  }

  /**
   * Repairs UTF-8 text that was decoded as windows-1252 ("Ã©" → "é"). Only text containing a
   * mojibake lead character is touched, and only when the round trip decodes cleanly.
   */
  public static @Nullable String fixMojibake(@Nullable String s) {
    if (s == null || (s.indexOf('Ã') < 0 && s.indexOf('Â') < 0 && s.indexOf('â') < 0)) {
      return s;
    }
    try {
      ByteBuffer bytes =
          CP1252.newEncoder()
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(s));
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      return s; // Not mojibake: a real "â" in "Maârif", or text outside windows-1252.
    }
  }

  /** Western digits for Arabic-Indic (U+0660–9) and Persian (U+06F0–9) ones. */
  public static @Nullable String westernDigits(@Nullable String s) {
    if (s == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c >= '\u0660' && c <= '\u0669') {
        b.append((char) ('0' + c - '\u0660'));
      } else if (c >= '\u06F0' && c <= '\u06F9') {
        b.append((char) ('0' + c - '\u06F0'));
      } else if (c == '\u066B') {
        b.append('.'); // Arabic decimal separator
      } else if (c == '\u066C') {
        b.append(','); // Arabic thousands separator
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  static String stripAccents(String s) {
    return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKD)).replaceAll("");
  }

  /**
   * Lookup key for vocabularies: mojibake repaired, accents and Arabic vowel marks stripped,
   * lower case, apostrophes unified, hyphens and punctuation turned into spaces, collapsed.
   * "Aïn-Sebaâ" → "ain sebaa", "C.I.L" → "c i l", "Ã©" → "e". Null when nothing is left.
   */
  public static @Nullable String key(@Nullable String s) {
    String c = collapse(fixMojibake(s));
    if (c == null) {
      return null;
    }
    if (plainKeyText(c)) {
      return c.toLowerCase(Locale.ROOT);
    }
    String k = stripAccents(c).toLowerCase(Locale.ROOT);
    k = APOSTROPHES.matcher(k).replaceAll("'");
    k = NON_KEY.matcher(k).replaceAll(" ");
    return collapse(k.replace(" '", " ").replace("' ", " "));
  }

  /**
   * True for collapsed text that every step of {@link #key} but lower-casing leaves as it is: Latin
   * letters, digits, spaces and the Arabic letters and digits that have no decomposition. Most
   * lookups (phone titles' words, labels) are such text, and skip the normalisation and regexes.
   */
  private static boolean plainKeyText(String collapsed) {
    for (int i = 0; i < collapsed.length(); i++) {
      char c = collapsed.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' '
          || c == '\u0621' || (c >= '\u0627' && c <= '\u063A') || (c >= '\u0640' && c <= '\u064A')
          || (c >= '\u0660' && c <= '\u0669');
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  /** ASCII snake_case: "Vue sur les montagnes" → "vue_sur_les_montagnes". */
  public static @Nullable String slug(@Nullable String s) {
    String k = key(s);
    if (k == null) {
      return null;
    }
    String slug = NON_SLUG.matcher(k).replaceAll("_").replaceAll("^_+|_+$", "");
    return slug.isEmpty() ? null : slug;
  }
}
