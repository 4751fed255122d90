package dev.souk.transforms.normalise;

import java.util.Arrays;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one property-type vocabulary across sites, with the plausible surface windows of each
 * type (docs/sites.md §8.4). The site labels that map to each code live in {@code
 * property_types.tsv}; see {@link PropertyTypes}.
 */
public enum PropertyType {
  APARTMENT(15, 1_500, 10, 1_200),
  HOUSE(30, 50_000, 20, 2_000),
  VILLA_RIAD(30, 50_000, 20, 2_000),
  OFFICE(10, 50_000, 10, 10_000),
  COMMERCIAL(10, 50_000, 10, 10_000),
  /** Land has no living surface: its windows' living bounds are never used. */
  LAND(10, 1_000_000, 0, 0),
  FARM(10, 1_000_000, 0, 0),
  ROOM(10, 1_500, 10, 1_200),
  OTHER(10, 200_000, 10, 5_000);

  final double minTotal;
  final double maxTotal;
  final double minLiving;
  final double maxLiving;

  PropertyType(double minTotal, double maxTotal, double minLiving, double maxLiving) {
    this.minTotal = minTotal;
    this.maxTotal = maxTotal;
    this.minLiving = minLiving;
    this.maxLiving = maxLiving;
  }

  /** snake_case code stored in silver, e.g. "villa_riad". */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Land and farms: a surface is a plot, never a living area. */
  public boolean isLand() {
    return this == LAND || this == FARM;
  }

  /**
   * Houses and villas: the total surface is the plot, and a building of several storeys may
   * have more built (living) area than plot, so the apartment rules between the two do not apply.
   */
  public boolean standsOnPlot() {
    return this == HOUSE || this == VILLA_RIAD;
  }

  public static @Nullable PropertyType fromCode(@Nullable String code) {
    return code == null
        ? null
        : Arrays.stream(values()).filter(t -> t.code().equals(code)).findFirst().orElse(null);
  }
}
