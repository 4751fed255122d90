package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A phone title as words, the form both titles and {@link PhoneCatalogue} names are compared in.
 * Sellers write one model many ways ("iPhone 13 Pro Max", "iphone13promax", "IPHONE 13PRO MAX256",
 * "ايفون ١٣ برو ماكس"); splitting at every change between letters and digits and between
 * scripts, then spelling each word as the catalogue does, makes them the same words:
 * {@code iphone 13 pro max}. Joining is never needed: "13pro" and "13 pro" both become two words.
 */
final class PhoneTokens {
  private static final String RES = "/dev/souk/transforms/normalise/phones/";
  // Arabic model words, misspellings and joined forms → catalogue words.
  private static final Vocabulary WORDS = Vocabulary.load(RES + "model_words.tsv");

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  // Letters, digits, "%" (a battery figure is never storage) and "+" ("S23+") are kept; all else separates.
  private static final Pattern SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}%+]+");
  private static final Pattern BOUNDARY = Pattern.compile(
      "(?<=\\p{L})(?=[\\p{N}%+])|(?<=\\p{N})(?=[\\p{L}%+])|(?<=[%+])(?=.)"
          + "|(?<=[a-z])(?=[\\u0600-\\u06FF])|(?<=[\\u0600-\\u06FF])(?=[a-z])");
  // "prooo", "zerooo": a letter written three or more times is written once.
  private static final Pattern REPEATS = Pattern.compile("(\\p{L})\\1{2,}");

  private PhoneTokens() {}

  /**
   * The title's words as written, lower case, Western digits, hamza and tatweel gone, split at
   * letter/digit and Latin/Arabic changes: "Iphone13ايفون ١٣" → iphone, 13, ايفون, 13.
   */
  static List<String> split(@Nullable String text) {
    String t = Text.westernDigits(text);
    if (t == null) {
      return List.of();
    }
    t = t.replace('٪', '%');
    if (!undecomposable(t)) {
      t = MARKS.matcher(Normalizer.normalize(t, Normalizer.Form.NFKD)).replaceAll("");
    }
    t = t.toLowerCase(Locale.ROOT).replace('ى', 'ي').replace('ة', 'ه').replace("ـ", "");
    List<String> out = new ArrayList<>();
    for (String w : pieces(t)) {
      out.add(hasTripleLetter(w) ? REPEATS.matcher(w).replaceAll("$1") : w);
    }
    return out;
  }

  /**
   * The text cut at {@link #SEPARATOR}s and {@link #BOUNDARY}s, in one pass rather than two regex
   * replacements and a split (this runs for every word of every title).
   */
  private static List<String> pieces(String t) {
    List<String> pieces = new ArrayList<>();
    int start = -1;
    int previous = -1;
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      if (Character.isSurrogate(t.charAt(i))) {
        return piecesByRegex(t); // the regexes' view of surrogates is theirs to keep
      }
      if (!isLetter(cp) && !isNumber(cp) && cp != '%' && cp != '+') {
        if (start >= 0) {
          pieces.add(t.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      } else if (isBoundary(previous, cp)) {
        pieces.add(t.substring(start, i));
        start = i;
      }
      previous = cp;
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      pieces.add(t.substring(start));
    }
    return pieces;
  }

  private static List<String> piecesByRegex(String t) {
    List<String> pieces = new ArrayList<>();
    for (String w : BOUNDARY.matcher(SEPARATOR.matcher(t).replaceAll(" ")).replaceAll(" ").trim().split(" +")) {
      if (!w.isEmpty()) {
        pieces.add(w);
      }
    }
    return pieces;
  }

  /** {@link #BOUNDARY} between two kept characters. */
  private static boolean isBoundary(int a, int b) {
    boolean bIsSign = b == '%' || b == '+';
    return (isLetter(a) && (isNumber(b) || bIsSign))
        || (isNumber(a) && (isLetter(b) || bIsSign))
        || a == '%' || a == '+'
        || (a >= 'a' && a <= 'z' && b >= '\u0600' && b <= '\u06FF')
        || (a >= '\u0600' && a <= '\u06FF' && b >= 'a' && b <= 'z');
  }

  /** Regex {@code \p{L}}. */
  private static boolean isLetter(int cp) {
    return Character.isLetter(cp);
  }

  /** Regex {@code \p{N}}: decimal digits, letter numbers (Ⅻ) and other numbers (½, ²). */
  private static boolean isNumber(int cp) {
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
  }

  /**
   * True for text that NFKD leaves as it is and that holds no combining marks: ASCII and the
   * Arabic letters and digits that have no decomposition, which is most of a title. The
   * normalisation is then skipped.
   */
  private static boolean undecomposable(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean plain = c < 0x80 || c == '\u0621' || (c >= '\u0627' && c <= '\u063A') || (c >= '\u0640' && c <= '\u064A')
          || (c >= '\u0660' && c <= '\u0669');
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@link #REPEATS} could match: some character three times in a row (or a surrogate: the regex decides). */
  private static boolean hasTripleLetter(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (Character.isSurrogate(w.charAt(i))) {
        return true;
      }
    }
    for (int i = 2; i < w.length(); i++) {
      if (w.charAt(i) == w.charAt(i - 1) && w.charAt(i) == w.charAt(i - 2)) {
        return true;
      }
    }
    return false;
  }

  /** Each split word spelled as the catalogue spells it ("برو" → pro, "promax" → pro, max, "+" → plus). */
  static List<String> words(List<String> split) {
    List<String> out = new ArrayList<>();
    for (String w : split) {
      String mapped = w.equals("+") ? "plus" : WORDS.lookup(w);
      if (mapped == null) {
        out.add(w);
      } else {
        out.addAll(List.of(mapped.split(" ")));
      }
    }
    return out;
  }

  /** The catalogue spelling of one split word, or the word itself. */
  static String word(String split) {
    String mapped = WORDS.lookup(split);
    return mapped == null ? split : mapped;
  }

  static List<String> of(@Nullable String text) {
    return words(split(text));
  }
}
