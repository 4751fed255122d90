package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The typed values hidden in a listing's label → value attributes, whatever label variant the
 * site used: Avito "Chambres" → "2", Mubawab "Chambres" → "2 Chambres", the Mubawab scraper's
 * "2 Chambres" → "2 Chambres" (the value became the key) and "Detail_1" → "2 Salles de bains"
 * (docs/sites.md §9.12). Labels are classified by {@code attribute_labels.tsv}. Surfaces here are raw
 * parsed numbers; plausibility is {@link Surfaces#of}'s job, since it needs the property type.
 * Condition, age and zoning are already codes ({@link PropertyBuckets}).
 */
public record ListingAttributes(
    @Nullable Integer rooms,
    @Nullable Integer bedrooms,
    @Nullable Integer bathrooms,
    @Nullable Integer livingRooms,
    @Nullable Integer floor,
    @Nullable Double surfaceLivingM2,
    @Nullable Double surfaceTotalM2,
    @Nullable String propertyTypeLabel,
    @Nullable Double latitude,
    @Nullable Double longitude,
    @Nullable String condition,
    @Nullable String ageBucket,
    List<String> zoning) {

  private static final Set<String> FIELDS =
      Set.of(
          "rooms", "bedrooms", "bathrooms", "living_rooms", "floor", "surface_living",
          "surface_total", "property_type", "latitude", "longitude", "condition", "age",
          "zoning", "ignore");
  private static final Vocabulary LABELS = Vocabulary.load("attribute_labels.tsv");

  static {
    Set<String> unknown = new TreeSet<>(LABELS.codes());
    unknown.removeAll(FIELDS);
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(LABELS + " names unknown fields " + unknown);
    }
  }
  private static final Pattern INTEGER = Pattern.compile("\\d+");
  private static final Pattern LEADING_NUMBER = Pattern.compile("^[\\d\\s.,]+");
  private static final Pattern GROUND_FLOOR =
      Pattern.compile("\\b(rdc|rez de chaussee|ground floor)\\b");
  // More rooms than this in one listing is a typing slip, not a building.
  private static final int MAX_COUNT = 100;

  /** Reads every known label; unknown and ignored labels are skipped. */
  public static ListingAttributes parse(@Nullable Map<String, String> attributes) {
    Builder b = new Builder();
    if (attributes != null) {
      attributes.forEach((label, value) -> b.put(fieldOf(label, value), value));
    }
    return b.build();
  }

  /**
   * What a label fills: its entry in {@code attribute_labels.tsv}, or for a key that is itself a
   * value ("2 Chambres", "Detail_1"), the entry of its value's unit word. Null when unknown.
   */
  static @Nullable String fieldOf(@Nullable String label, @Nullable String value) {
    String field = LABELS.lookup(label);
    if (field != null) {
      return field;
    }
    String v = Text.collapse(value);
    Matcher number = v == null ? null : LEADING_NUMBER.matcher(v);
    return number != null && number.find() ? LABELS.lookup(v.substring(number.end())) : null;
  }

  /** First integer of "3", "3 Pièces", "2 Salles de bains"; null when none or implausible. */
  public static @Nullable Integer parseCount(@Nullable String text) {
    Integer n = firstInteger(text);
    return n != null && n <= MAX_COUNT ? n : null;
  }

  /** Avito "4", Mubawab "1er" / "3ème", "RDC" / "Rez de chaussée" → 0 (the ground floor). */
  public static @Nullable Integer parseFloor(@Nullable String text) {
    String k = Text.key(text);
    if (k == null) {
      return null;
    }
    if (GROUND_FLOOR.matcher(k).find()) {
      return 0;
    }
    Integer n = firstInteger(k);
    return n != null && n <= MAX_COUNT ? n : null;
  }

  private static @Nullable Integer firstInteger(@Nullable String text) {
    String t = Text.westernDigits(text);
    if (t == null) {
      return null;
    }
    Matcher m = INTEGER.matcher(t);
    if (!m.find() || m.group().length() > 6) {
      return null;
    }
    return Integer.parseInt(m.group());
  }

  private static @Nullable Double parseCoordinate(@Nullable String text, double limit) {
    try {
      String t = Text.collapse(text);
      if (t == null) {
        return null;
      }
      double v = Double.parseDouble(t.replace(',', '.'));
      // 0 is what a missing map pin looks like, not a place in Morocco's waters.
      return v != 0 && Math.abs(v) <= limit ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Latitude text → degrees; null when absent, unparseable, 0 or out of range. */
  public static @Nullable Double parseLatitude(@Nullable String text) {
    return parseCoordinate(text, 90);
  }

  /** Longitude text → degrees; null when absent, unparseable, 0 or out of range. */
  public static @Nullable Double parseLongitude(@Nullable String text) {
    return parseCoordinate(text, 180);
  }

  /** First value wins when two labels fill the same field (page order). */
  private static final class Builder {
    private Integer rooms;
    private Integer bedrooms;
    private Integer bathrooms;
    private Integer livingRooms;
    private Integer floor;
    private Double living;
    private Double total;
    private String type;
    private Double latitude;
    private Double longitude;
    private String condition;
    private String age;
    private List<String> zoning = List.of();

    void put(@Nullable String field, String value) {
      if (field == null) {
        return;
      }
      switch (field) {
        case "rooms" -> rooms = rooms != null ? rooms : parseCount(value);
        case "bedrooms" -> bedrooms = bedrooms != null ? bedrooms : parseCount(value);
        case "bathrooms" -> bathrooms = bathrooms != null ? bathrooms : parseCount(value);
        case "living_rooms" -> livingRooms = livingRooms != null ? livingRooms : parseCount(value);
        case "floor" -> floor = floor != null ? floor : parseFloor(value);
        case "surface_living" -> living = living != null ? living : Surfaces.parse(value);
        case "surface_total" -> total = total != null ? total : Surfaces.parse(value);
        case "property_type" -> type = type != null ? type : Text.collapse(value);
        case "latitude" -> latitude = latitude != null ? latitude : parseLatitude(value);
        case "longitude" -> longitude = longitude != null ? longitude : parseLongitude(value);
        case "condition" -> condition = condition != null ? condition : PropertyBuckets.condition(value);
        case "age" -> age = age != null ? age : PropertyBuckets.age(value);
        case "zoning" -> zoning = !zoning.isEmpty() ? zoning : PropertyBuckets.zoning(value);
        default -> { } // "ignore"; the file's codes are checked when it is loaded
      }
    }

    ListingAttributes build() {
      return new ListingAttributes(
          rooms, bedrooms, bathrooms, livingRooms, floor, living, total, type, latitude, longitude,
          condition, age, zoning);
    }
  }
}
