package dev.souk.transforms.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Text#collapse} runs by hand and {@link Text#key} skips its normalisation for plain text,
 * for speed; this test holds both to the regex forms they were written from, on random text made
 * of the characters where they could differ.
 */
class TextParityTest {
  private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u2007\\u2009\\u202F\\u200B\\uFEFF]+");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NON_KEY = Pattern.compile("[^\\p{L}\\p{N}' ]+");
  private static final Pattern APOSTROPHES = Pattern.compile("[’‘`´ʼ]");

  private static final String[] PIECES = {
      "a", "Z", "I", "iPhone", "13", "Pro", " ", "  ", "\t", "\n", "\r", "\u000B", "\f", "\u0001", "\u00A0", "\u2007",
      "\u2009", "\u202F", "\u200B", "\uFEFF", "\u2028", "'", "’", "`", "-", ".", "é", "É", "Ã©", "â", "ايفون", "أ", "آ",
      "ئ", "ة", "ى", "ـ", "\u064B", "\u0670", "١٣", "٪", "%", "ı", "İ", "ß", "ﻻ", "½", "²", "\uD83D\uDE00"};

  @Test
  void collapseAndKeyAgreeWithTheirRegexForms() {
    Random random = new Random(20261207);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder s = new StringBuilder();
      int parts = random.nextInt(8);
      for (int p = 0; p < parts; p++) {
        s.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String text = s.toString();
      assertEquals(collapse(text), Text.collapse(text), text);
      assertEquals(key(text), Text.key(text), text);
    }
  }

  private static String collapse(String s) {
    String c = SPACES.matcher(s).replaceAll(" ").trim();
    return c.isEmpty() ? null : c;
  }

  private static String key(String s) {
    String c = collapse(Text.fixMojibake(s));
    if (c == null) {
      return null;
    }
    String k = MARKS.matcher(Normalizer.normalize(c, Normalizer.Form.NFKD)).replaceAll("").toLowerCase(Locale.ROOT);
    k = APOSTROPHES.matcher(k).replaceAll("'");
    k = NON_KEY.matcher(k).replaceAll(" ");
    String r = k.replace(" '", " ").replace("' ", " ");
    return collapse(r);
  }
}
