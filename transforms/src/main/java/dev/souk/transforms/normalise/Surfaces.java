package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Total and living surface in m², after the plausibility rules of docs/sites.md §8.4. Build with
 * {@link #of}; parse one displayed surface with {@link #parse}.
 */
public record Surfaces(@Nullable Double totalM2, @Nullable Double livingM2) {
  // Digits grouped by spaces ("1 200"), with an optional decimal part after ',' or '.'.
  private static final Pattern NUMBER = Pattern.compile("\\d{1,3}(?: \\d{3})+(?:[.,]\\d+)?|\\d+(?:[.,]\\d+)?");

  /**
   * "150 m²", "134\n\t\t\tm²", "95", "1 200,5" → 150, 134, 95, 1200.5. Null when there is no
   * number or it is not positive.
   */
  public static @Nullable Double parse(@Nullable String text) {
    String t = Text.collapse(Text.westernDigits(text));
    if (t == null) {
      return null;
    }
    Matcher m = NUMBER.matcher(t);
    if (!m.find()) {
      return null;
    }
    double v = Double.parseDouble(m.group().replace(" ", "").replace(',', '.'));
    return v > 0 ? v : null;
  }

  /**
   * Applies the rules in order: for non-land types, swap the two when living ≥ 2 × total and
   * (total ≤ 400 or the ratio is ≥ 5), since that is a typing slip, not a building; then drop
   * a living surface above 1.2 × total; then null each value outside its type's window (which
   * also nulls anything under 10 m²). Land has no living surface.
   *
   * @param type null means unknown and uses the {@link PropertyType#OTHER} windows
   */
  public static Surfaces of(@Nullable Double total, @Nullable Double living, @Nullable PropertyType type) {
    PropertyType t = type == null ? PropertyType.OTHER : type;
    if (t.isLand()) {
      return new Surfaces(within(total, t.minTotal, t.maxTotal), null);
    }
    if (total != null && living != null && living >= 2 * total) {
      if (total <= 400 || living / total >= 5) {
        double swap = total;
        total = living;
        living = swap;
      }
    }
    if (total != null && living != null && living > 1.2 * total) {
      living = null;
    }
    return new Surfaces(within(total, t.minTotal, t.maxTotal), within(living, t.minLiving, t.maxLiving));
  }

  private static @Nullable Double within(@Nullable Double v, double min, double max) {
    return v != null && v >= min && v <= max ? v : null;
  }
}
