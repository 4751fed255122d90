package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Condition, building age and land zoning labels → the codes of {@code conditions.tsv}, {@code
 * age_buckets.tsv} and {@code zoning.tsv}. <b>Unknown labels are kept as their slug, never
 * dropped</b> (as for equipment): a new label on a site shows up in silver and can be added to
 * the vocabulary later, where a dropped one would silently look like "not stated".
 */
final class PropertyBuckets {
  static final Set<String> CONDITIONS = Set.of("new", "good", "to_renovate");
  static final Set<String> AGES =
      Set.of(
          "less_than_1_year", "1_5_years", "5_10_years", "6_10_years", "10_20_years",
          "11_20_years", "20_30_years", "30_50_years", "50_70_years", "70_100_years", "more_than_100_years",
          "more_than_20_years");
  static final Set<String> ZONES =
      Set.of(
          "agricultural", "industrial", "commercial", "villa_lots", "residential_cluster",
          "building", "house", "public_service");

  private static final Vocabulary CONDITION = checked(Vocabulary.load("conditions.tsv"), CONDITIONS);
  private static final Vocabulary AGE = checked(Vocabulary.load("age_buckets.tsv"), AGES);
  private static final Vocabulary ZONING = checked(Vocabulary.load("zoning.tsv"), ZONES);
  private static final Pattern LIST_SEPARATOR = Pattern.compile("[,;]");

  private PropertyBuckets() {}

  /** Avito "Condition" / Mubawab "Etat" → "new", "good", "to_renovate" or a slug; null when blank. */
  static @Nullable String condition(@Nullable String label) {
    return code(CONDITION, label);
  }

  /** Avito "Âge du bien" / Mubawab "Années" → an age bucket code or a slug; null when blank. */
  static @Nullable String age(@Nullable String label) {
    return code(AGE, label);
  }

  /**
   * Avito "Zoning" / Mubawab "Type de terrain" ("Agricole, Commercial") → sorted, distinct codes;
   * sorted so a reordered list on the page is not a new version.
   */
  static List<String> zoning(@Nullable String labels) {
    Set<String> codes = new TreeSet<>();
    if (labels != null) {
      for (String label : LIST_SEPARATOR.split(labels)) {
        String code = code(ZONING, label);
        if (code != null) {
          codes.add(code);
        }
      }
    }
    return List.copyOf(codes);
  }

  private static @Nullable String code(Vocabulary vocabulary, @Nullable String label) {
    String code = vocabulary.lookup(label);
    return code != null ? code : Text.slug(label);
  }

  /** Fails class loading on a code typo in a TSV file rather than writing it to silver. */
  private static Vocabulary checked(Vocabulary vocabulary, Set<String> allowed) {
    Set<String> unknown = new TreeSet<>(vocabulary.codes());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(vocabulary + " names unknown codes " + unknown);
    }
    return vocabulary;
  }
}
