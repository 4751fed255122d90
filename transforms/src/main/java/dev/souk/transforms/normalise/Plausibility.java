package dev.souk.transforms.normalise;

import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.model.Site;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Quality flags for values that parse but are implausible: a sale apartment at the price of a
 * monthly rent, an apartment priced like a tower block, a plot priced like a per-m² figure, a
 * map pin in another country. The value is kept; the flag says it is doubtful (docs/sites.md
 * §8.6). Windows per (country, offer, property type) are in {@code plausibility.tsv}, country
 * boxes in {@code country_boxes.tsv}. Stateless and thread-safe.
 */
public final class Plausibility {
  public static final String PRICE_BELOW_WINDOW = "price_below_window";
  public static final String PRICE_ABOVE_WINDOW = "price_above_window";
  public static final String PRICE_PER_M2_BELOW_WINDOW = "price_per_m2_below_window";
  public static final String PRICE_PER_M2_ABOVE_WINDOW = "price_per_m2_above_window";
  public static final String COORDINATES_OUTSIDE_COUNTRY = "coordinates_outside_country";
  /** The scrape time was read from no source: the reader's clock stood in (docs/sites.md §8.6). */
  public static final String SCRAPED_AT_FROM_CLOCK = "scraped_at_from_clock";

  /** The windows' property type of every phone. */
  static final String PHONE = "phone";

  /** One line of {@code plausibility.tsv}; a null bound is not checked. */
  record Window(String currency, @Nullable BigDecimal minPrice, @Nullable BigDecimal maxPrice,
      @Nullable BigDecimal minPerM2, @Nullable BigDecimal maxPerM2) {}

  /** One line of {@code country_boxes.tsv}. */
  record Box(double minLat, double maxLat, double minLon, double maxLon) {
    boolean contains(double lat, double lon) {
      return lat >= minLat && lat <= maxLat && lon >= minLon && lon <= maxLon;
    }
  }

  private static final Map<String, Window> WINDOWS = load("plausibility.tsv", 3, 4, 8, Plausibility::window);
  private static final Map<String, Box> BOXES = load("country_boxes.tsv", 1, 5, 5, Plausibility::box);

  static {
    Set<String> unknownTypes = new TreeSet<>();
    for (String key : WINDOWS.keySet()) {
      String type = key.substring(key.lastIndexOf('|') + 1);
      if (!type.equals(PHONE) && PropertyType.fromCode(type) == null) {
        unknownTypes.add(type);
      }
    }
    if (!unknownTypes.isEmpty()) {
      throw new IllegalStateException("plausibility.tsv names unknown property types " + unknownTypes);
    }
  }

  private Plausibility() {}

  /** The flags of a real-estate row's price, price per m² and coordinates, sorted. */
  public static List<String> flags(PropertyListing l) {
    Set<String> flags = new TreeSet<>();
    String country = Site.fromCode(l.getSource()).country();
    Window w = window(country, l.getOffer(), l.getPropertyType());
    BigDecimal price = l.getPriceAmount();
    if (w != null && price != null && w.currency().equals(l.getPriceCurrency())) {
      bounds(price, w.minPrice(), w.maxPrice(), PRICE_BELOW_WINDOW, PRICE_ABOVE_WINDOW, flags);
      // The surface the warehouse's price_per_m2 divides by: living, else total.
      Double surface = l.getSurfaceLivingM2() != null ? l.getSurfaceLivingM2() : l.getSurfaceTotalM2();
      if (surface != null && surface > 0) {
        BigDecimal perM2 = price.divide(BigDecimal.valueOf(surface), 2, RoundingMode.HALF_UP);
        bounds(perM2, w.minPerM2(), w.maxPerM2(), PRICE_PER_M2_BELOW_WINDOW, PRICE_PER_M2_ABOVE_WINDOW, flags);
      }
    }
    if (outside(country, l.getLatitude(), l.getLongitude())) {
      flags.add(COORDINATES_OUTSIDE_COUNTRY);
    }
    return List.copyOf(flags);
  }

  /** The flags of a used-phone row's price, sorted: no window per model yet, only the market's. */
  public static List<String> flags(PhoneListing l) {
    Set<String> flags = new TreeSet<>();
    Window w = window(Site.fromCode(l.getSource()).country(), null, PHONE);
    BigDecimal price = l.getPriceAmount();
    if (w != null && price != null && w.currency().equals(l.getPriceCurrency())) {
      bounds(price, w.minPrice(), w.maxPrice(), PRICE_BELOW_WINDOW, PRICE_ABOVE_WINDOW, flags);
    }
    return List.copyOf(flags);
  }

  /** Sorted, distinct union of flag lists: the one form a row's {@code qualityFlags} takes. */
  @SafeVarargs
  public static List<String> merge(Collection<String>... lists) {
    Set<String> all = new TreeSet<>();
    for (Collection<String> list : lists) {
      all.addAll(list);
    }
    return List.copyOf(all);
  }

  /** The window of (country, offer, type); an offer-less row or type gets the "*" line only. */
  static @Nullable Window window(String country, @Nullable String offer, @Nullable String type) {
    if (type == null) {
      return null;
    }
    Window exact = offer == null ? null : WINDOWS.get(country + "|" + offer + "|" + type);
    return exact != null ? exact : WINDOWS.get(country + "|*|" + type);
  }

  static boolean outside(String country, @Nullable Double lat, @Nullable Double lon) {
    Box box = BOXES.get(country);
    return box != null && lat != null && lon != null && !box.contains(lat, lon);
  }

  private static void bounds(BigDecimal v, @Nullable BigDecimal min, @Nullable BigDecimal max,
      String below, String above, Set<String> flags) {
    if (min != null && v.compareTo(min) < 0) {
      flags.add(below);
    }
    if (max != null && v.compareTo(max) > 0) {
      flags.add(above);
    }
  }

  // ---------------------------------------------------------------- data files

  private static Window window(String[] c) {
    return new Window(c[3], decimal(c, 4), decimal(c, 5), decimal(c, 6), decimal(c, 7));
  }

  private static Box box(String[] c) {
    return new Box(Double.parseDouble(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3]), Double.parseDouble(c[4]));
  }

  private static @Nullable BigDecimal decimal(String[] c, int i) {
    return i < c.length && !c[i].isBlank() ? new BigDecimal(c[i].trim()) : null;
  }

  /**
   * Lines of a TAB-separated resource, keyed by their leading key columns ({@code country|offer|type}
   * or {@code country}); a malformed or repeated line fails class loading rather than a run.
   */
  private static <T> Map<String, T> load(String resource, int keyColumns, int minColumns, int maxColumns,
      Function<String[], T> parse) {
    Map<String, T> out = new HashMap<>();
    for (DataFile.Line entry : DataFile.lines(Plausibility.class, resource)) {
      int n = entry.number();
      String line = entry.text();
      String[] c = line.split("\t", -1);
      List<String> key = new ArrayList<>(List.of(c).subList(0, Math.min(c.length, keyColumns)));
      T value;
      try {
        if (c.length < minColumns || c.length > maxColumns) {
          throw new IllegalArgumentException("expected " + minColumns + " to " + maxColumns + " columns");
        }
        value = parse.apply(c);
      } catch (RuntimeException e) {
        throw new IllegalStateException(resource + ":" + n + ": " + e.getMessage() + ", got '" + line + "'", e);
      }
      if (out.put(String.join("|", key), value) != null) {
        throw new IllegalStateException(resource + ":" + n + ": " + key + " is listed twice");
      }
    }
    return Map.copyOf(out);
  }
}
