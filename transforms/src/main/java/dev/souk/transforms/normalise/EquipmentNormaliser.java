package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Equipment and amenity labels → canonical snake_case codes ({@code equipments.tsv}).
 *
 * <p>Per label: exact synonym lookup, then a fuzzy match (Levenshtein distance ≤ 1 for keys
 * up to 6 characters, ≤ 2 beyond; none under 4 characters, where one edit changes the word),
 * else the label's own slug. <b>Unknown labels are kept as their slug, never dropped</b>: a
 * new amenity on a site shows up in silver and can be added to the vocabulary later. Only
 * labels that are attribute values are dropped: the listing's own attribute values (Avito's
 * scraper put them in the same list, e.g. "1; 75; 200; 3; 4; Ascenseur"), anything containing
 * a digit ("1 mois", "21+ ans") and the {@code -} entries of the vocabulary. Labels are matched
 * as whole phrases, so "Haut standing", "Antenne parabolique" or "Chambre rangement" are never
 * filtered by a word they contain (the original's "an" bug).
 */
public final class EquipmentNormaliser {
  static final String NOT_EQUIPMENT = "-";
  private static final Vocabulary EQUIPMENT = Vocabulary.load("equipments.tsv");
  private static final List<String> SYNONYMS = new ArrayList<>(new TreeSet<>(EQUIPMENT.synonyms()));
  private static final LevenshteinDistance ONE = new LevenshteinDistance(1);
  private static final LevenshteinDistance TWO = new LevenshteinDistance(2);

  private EquipmentNormaliser() {}

  /** The canonical codes in {@code equipments.tsv} (without the drop marker). */
  public static Set<String> vocabulary() {
    Set<String> codes = EQUIPMENT.codes();
    codes.remove(NOT_EQUIPMENT);
    return codes;
  }

  /**
   * @param labels equipment labels as shown
   * @param attributeValues the listing's attribute values; each removes one equal label
   * @return sorted, distinct codes
   */
  public static List<String> normalise(
      @Nullable Collection<String> labels, @Nullable Collection<String> attributeValues) {
    if (labels == null) {
      return List.of();
    }
    Map<String, Integer> leaked = new HashMap<>();
    if (attributeValues != null) {
      attributeValues.forEach(v -> leaked.merge(Text.collapse(v) + "", 1, Integer::sum));
    }
    Set<String> codes = new TreeSet<>();
    for (String label : labels) {
      String text = Text.collapse(label);
      if (text == null) {
        continue;
      }
      Integer n = leaked.get(text);
      if (n != null && n > 0) {
        leaked.put(text, n - 1);
        continue;
      }
      String code = code(text);
      if (code != null) {
        codes.add(code);
      }
    }
    return List.copyOf(codes);
  }

  /** One label's code, or null when it is not equipment. */
  static @Nullable String code(String label) {
    String k = Text.key(label);
    if (k == null || k.chars().anyMatch(Character::isDigit)) {
      return null;
    }
    String code = EQUIPMENT.lookupKey(k);
    if (code == null) {
      code = fuzzy(k);
    }
    if (code == null) {
      return Text.slug(label);
    }
    return NOT_EQUIPMENT.equals(code) ? null : code;
  }

  private static @Nullable String fuzzy(String key) {
    if (key.length() < 4) {
      return null;
    }
    LevenshteinDistance distance = key.length() <= 6 ? ONE : TWO;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String synonym : SYNONYMS) {
      int d = distance.apply(key, synonym);
      if (d >= 0 && d < bestDistance) {
        best = synonym;
        bestDistance = d;
      }
    }
    return best == null ? null : EQUIPMENT.lookupKey(best);
  }
}
