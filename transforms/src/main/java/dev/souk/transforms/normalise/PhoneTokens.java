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
    t = MARKS.matcher(Normalizer.normalize(t.replace('٪', '%'), Normalizer.Form.NFKD)).replaceAll("");
    t = t.toLowerCase(Locale.ROOT).replace('ى', 'ي').replace('ة', 'ه').replace("ـ", "");
    t = BOUNDARY.matcher(SEPARATOR.matcher(t).replaceAll(" ")).replaceAll(" ");
    List<String> out = new ArrayList<>();
    for (String w : t.trim().split(" +")) {
      if (!w.isEmpty()) {
        out.add(REPEATS.matcher(w).replaceAll("$1"));
      }
    }
    return out;
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
