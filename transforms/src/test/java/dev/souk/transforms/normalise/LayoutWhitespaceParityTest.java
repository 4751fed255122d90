package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link OriginalPayloads#collapseLayout} runs by hand for speed; this test holds it to the regex
 * it replaced, on random text made of the characters where the two could differ.
 */
class LayoutWhitespaceParityTest {
  private static final Pattern LAYOUT_WHITESPACE = Pattern.compile("[ \\t\\n\\r\\f]+");
  private static final String[] PIECES = {
      "a", "Z", "13", " ", "  ", "\t", "\n", "\r", "\u000B", "\f", "\u0001", "\u00A0", "\u202F", "\u200B", "é",
      "ايفون", "-", "\uD83D\uDE00"};

  @Test
  void agreesWithTheRegexReplacement() {
    Random random = new Random(20261207);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder s = new StringBuilder();
      int parts = random.nextInt(8);
      for (int p = 0; p < parts; p++) {
        s.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String text = s.toString();
      assertEquals(LAYOUT_WHITESPACE.matcher(text).replaceAll(" "), OriginalPayloads.collapseLayout(text), text);
    }
  }

  @Test
  void givesCollapsedTextBackAsItIs() {
    String text = "Appartement 120 m² à Rabat";
    assertSame(text, OriginalPayloads.collapseLayout(text));
  }
}
