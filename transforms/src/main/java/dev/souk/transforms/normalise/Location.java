package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A canonical city and neighbourhood (lower-case Latin, docs/sites.md §8.4), and the rules that find
 * them on each site's page. Vocabularies: {@code cities.tsv}, {@code neighbourhoods.tsv},
 * {@code place_null_values.tsv}.
 */
public record Location(@Nullable String city, @Nullable String neighbourhood) {
  private static final Vocabulary CITIES = Vocabulary.load("cities.tsv");
  private static final Vocabulary NEIGHBOURHOODS = Vocabulary.load("neighbourhoods.tsv");
  private static final Vocabulary NULL_PLACES = Vocabulary.load("place_null_values.tsv");
  private static final String AVITO_ANCHOR = Text.key("Tout le Maroc");
  private static final String AVITO_ANCHOR_AR = Text.key("كل المغرب");
  private static final String MUBAWAB_ROOT = Text.key("Immobilier Maroc");
  private static final Pattern MUBAWAB_CITY_CRUMB =
      Pattern.compile("^immobilier\\s+", Pattern.CASE_INSENSITIVE);
  // The location line's separator; collapsed whitespace first, so "à\n\t\t\tCasablanca" works.
  private static final Pattern LOCATION_SPLIT = Pattern.compile("\\s+à\\s+");
  private static final Pattern LEADING_ZEROS = Pattern.compile("\\b0+(\\d)");
  private static final Pattern REPEATED_WORD = Pattern.compile("\\b(\\w+)( \\1\\b)+");

  /**
   * "Casablanca", "casa", "الدار البيضاء", "KÃ©nitra", "Laâyoune" → "casablanca", "casablanca",
   * "casablanca", "kenitra", "laayoune". Unknown cities are kept in their cleaned form; null-likes
   * ("Tout le Maroc", "Toute la ville", ...) and blanks give null.
   */
  public static @Nullable String canonicalCity(@Nullable String text) {
    String k = placeKey(text);
    if (k == null) {
      return null;
    }
    String city = CITIES.lookupKey(k);
    return city != null ? city : k;
  }

  /**
   * "Aïn Chock", "Hay  Riad", "C.I.L", "Maârif", "Bd Zerktouni" → "ain chock", "hay riad", "cil",
   * "maarif", "boulevard zerktouni". Null-likes ("Autre secteur", "Toute la ville", "Avito
   * Immobilier", "أفيتو للعقار") and blanks give null.
   */
  public static @Nullable String canonicalNeighbourhood(@Nullable String text) {
    String k = placeKey(text);
    if (k == null) {
      return null;
    }
    k = (" " + k + " ")
        .replace(" hai ", " hay ")
        .replace(" hayy ", " hay ")
        .replace(" z ind ", " zone industrielle ")
        .replace(" bd ", " boulevard ")
        .replace(" av ", " avenue ")
        .replace(" route d'", " route de ")
        .trim();
    k = LEADING_ZEROS.matcher(k).replaceAll("$1");
    k = REPEATED_WORD.matcher(k).replaceAll("$1");
    String alias = NEIGHBOURHOODS.lookupKey(k);
    return alias != null ? alias : k;
  }

  /**
   * Avito: city is the crumb after "Tout le Maroc" (or its Arabic form), neighbourhood the one
   * after that. No anchor (broken or removed ads) gives an empty location, never a guess.
   */
  public static Location fromAvitoBreadcrumbs(@Nullable List<String> crumbs) {
    if (crumbs == null) {
      return new Location(null, null);
    }
    for (int i = 0; i < crumbs.size(); i++) {
      String k = Text.key(crumbs.get(i));
      if (AVITO_ANCHOR.equals(k) || AVITO_ANCHOR_AR.equals(k)) {
        String city = i + 1 < crumbs.size() ? canonicalCity(crumbs.get(i + 1)) : null;
        String hood = city != null && i + 2 < crumbs.size() ? canonicalNeighbourhood(crumbs.get(i + 2)) : null;
        return of(city, hood);
      }
    }
    return new Location(null, null);
  }

  /**
   * Mubawab: breadcrumbs "Immobilier Maroc > Immobilier &lt;City&gt; > &lt;Type&gt; &lt;City&gt;
   * > &lt;Neighbourhood&gt;" when present, else the location line "Quartier à Ville". A line
   * without " à " ("Dar Bouazza") is a city alone: its neighbourhood is null, not the city again
   * (the original's bug, docs/sites.md §9.11).
   */
  public static Location fromMubawab(@Nullable List<String> crumbs, @Nullable String locationText) {
    if (crumbs != null && crumbs.size() >= 2 && MUBAWAB_ROOT.equals(Text.key(crumbs.get(0)))) {
      String city = canonicalCity(MUBAWAB_CITY_CRUMB.matcher(Text.collapse(crumbs.get(1)) + "").replaceFirst(""));
      if (city != null) {
        return of(city, crumbs.size() >= 4 ? canonicalNeighbourhood(crumbs.get(3)) : null);
      }
    }
    String line = Text.collapse(Text.fixMojibake(locationText));
    if (line == null) {
      return new Location(null, null);
    }
    // The city follows the last " à ": a neighbourhood may itself contain one.
    Matcher sep = LOCATION_SPLIT.matcher(line);
    int start = -1;
    int end = -1;
    while (sep.find()) {
      start = sep.start();
      end = sep.end();
    }
    if (start < 0) {
      return of(canonicalCity(line), null);
    }
    return of(canonicalCity(line.substring(end)), canonicalNeighbourhood(line.substring(0, start)));
  }

  /** A neighbourhood that only repeats its city says nothing: null. */
  private static Location of(@Nullable String city, @Nullable String neighbourhood) {
    return new Location(city, neighbourhood != null && neighbourhood.equals(city) ? null : neighbourhood);
  }

  /** Every canonical city of {@code cities.tsv}. */
  static Set<String> knownCities() {
    return CITIES.codes();
  }

  private static @Nullable String placeKey(@Nullable String text) {
    String k = Text.key(text);
    return k == null || NULL_PLACES.lookupKey(k) != null ? null : k;
  }
}
