package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.souk.transforms.text.Text;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link PhoneTokens#split} cuts titles by hand for speed; this test holds it to the regex form it
 * was written from, on random titles made of the characters where the two could differ.
 */
class PhoneTokensParityTest {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}%+]+");
  private static final Pattern BOUNDARY = Pattern.compile(
      "(?<=\\p{L})(?=[\\p{N}%+])|(?<=\\p{N})(?=[\\p{L}%+])|(?<=[%+])(?=.)"
          + "|(?<=[a-z])(?=[\\u0600-\\u06FF])|(?<=[\\u0600-\\u06FF])(?=[a-z])");
  private static final Pattern REPEATS = Pattern.compile("(\\p{L})\\1{2,}");

  private static final String[] PIECES = {
      "iPhone", "13", "pro", "PROOO", "max256", "GB", " ", "  ", "-", "/", "(", ")", "%", "+", "٪", "١٣", "ايفون",
      "برو", "أ", "آ", "ى", "ة", "ـ", "\u064B", "é", "½", "²", "Ⅻ", "\u00A0", "\n", "\u2028", "ooo", "aaaa", "١١١",
      "\uD835\uDC00\uD835\uDC00\uD835\uDC00", "\uD83D\uDE00", "\uD83D", "İ", "ß", "ﻻ", "x", "S23+", "A"};

  @Test
  void splitAgreesWithTheRegexForm() {
    Random random = new Random(20261207);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder s = new StringBuilder();
      int parts = random.nextInt(9);
      for (int p = 0; p < parts; p++) {
        s.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String title = s.toString();
      assertEquals(split(title), PhoneTokens.split(title), title);
    }
  }

  private static List<String> split(String text) {
    String t = Text.westernDigits(text);
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
}
