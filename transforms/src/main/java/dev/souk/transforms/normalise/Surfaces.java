package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

  /** The two were swapped: living ≥ 2 × total read as a typing slip (apartments and the like). */
  public static final String SWAPPED = "surfaces_swapped";
  /** Living above 1.2 × total on a type that has no plot: kept, but doubtful. */
  public static final String LIVING_EXCEEDS_TOTAL = "surface_living_exceeds_total";
  /** A value outside its type's window was left out (docs/sites.md §8.4). */
  public static final String OUTSIDE_WINDOW = "surface_outside_window";

  /**
   * Applies the rules of docs/sites.md §8.4 by property type, and says in {@code flags} what it
   * did or doubted. Land has no living surface. Houses and villas stand on a plot: their total
   * is the plot and the built (living) area of a building of several storeys is often larger,
   * so both stay as given, unflagged. Other types (apartments, offices, shops, rooms, unknown)
   * have no plot: living ≥ 2 × total with total ≤ 400 or a ratio ≥ 5 is a typing slip and the
   * two are swapped ({@link #SWAPPED}); a living surface still above 1.2 × total is kept and
   * flagged ({@link #LIVING_EXCEEDS_TOTAL}). Last, each value outside its type's window (so
   * anything under 10 m²) is nulled and flagged ({@link #OUTSIDE_WINDOW}).
   *
   * @param type null means unknown and uses the {@link PropertyType#OTHER} windows and rules
   */
  public static Surfaces of(@Nullable Double total, @Nullable Double living, @Nullable PropertyType type) {
    return ofFlagged(total, living, type).surfaces();
  }

  /** {@link #of} with the flags it raised. */
  public static Flagged ofFlagged(@Nullable Double total, @Nullable Double living, @Nullable PropertyType type) {
    PropertyType t = type == null ? PropertyType.OTHER : type;
    Set<String> flags = new TreeSet<>();
    if (t.isLand()) {
      return new Flagged(new Surfaces(within(total, t.minTotal, t.maxTotal, flags), null), List.copyOf(flags));
    }
    if (!t.standsOnPlot() && total != null && living != null) {
      if (living >= 2 * total && (total <= 400 || living / total >= 5)) {
        double swap = total;
        total = living;
        living = swap;
        flags.add(SWAPPED);
      }
      if (living > 1.2 * total) {
        flags.add(LIVING_EXCEEDS_TOTAL);
      }
    }
    Surfaces out = new Surfaces(within(total, t.minTotal, t.maxTotal, flags), within(living, t.minLiving, t.maxLiving, flags));
    return new Flagged(out, List.copyOf(flags));
  }

  /** Surfaces and the sorted flags the rules raised. */
  public record Flagged(Surfaces surfaces, List<String> flags) {}

  private static @Nullable Double within(@Nullable Double v, double min, double max, Set<String> flags) {
    if (v != null && (v < min || v > max)) {
      flags.add(OUTSIDE_WINDOW);
      return null;
    }
    return v;
  }
}
