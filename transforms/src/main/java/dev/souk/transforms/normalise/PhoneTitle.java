package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a phone title says: brand, model, storage, RAM, colour, battery. Mobile Masr titles follow
 * {@code <brand> <model> رامات <RAM> جيجابايت <storage> جيجابايت <colour> (<English colour>)};
 * Dubizzle titles are free text mixing Arabic, English and Arabic-Indic digits.
 *
 * <p>The model is looked up, not cut out: the title's words ({@link PhoneTokens}) are matched
 * against the known models of the brand it names ({@link PhoneCatalogue}, catalogue.tsv). A model
 * the catalogue lacks gives the brand and no model. Storage is read against the sizes that model
 * is sold in.
 *
 * <p>Card titles are cut with "...": the word the cut lands in, a number left without its unit,
 * and a parenthesis it leaves open are dropped before reading, so no value is ever read from half
 * a word ("512 جيجاب..." gives no storage; "(Sierra ..." no English colour).
 */
public record PhoneTitle(
    @Nullable String brand,
    @Nullable String model,
    @Nullable Integer storageGb,
    @Nullable Integer ramGb,
    @Nullable String colour,
    @Nullable Integer batteryPct) {

  private static final String RES = "/dev/souk/transforms/normalise/phones/";
  static final Vocabulary BRANDS = Vocabulary.load(RES + "brands.tsv");
  static final Vocabulary COLOURS = Vocabulary.load(RES + "colours.tsv");
  private static final Vocabulary UNITS = Vocabulary.load(RES + "storage_units.tsv");
  // The model lines brands.tsv names ("Apple iPhone" → iphone): a title naming the brand may omit them.
  static final PhoneCatalogue CATALOGUE = PhoneCatalogue.load(RES + "catalogue.tsv", lineWords());

  private static final Pattern CUT = Pattern.compile("\\s*(\\.{3}|…)\\s*$");
  private static final String NOT_WORD = "(?![\\p{L}\\p{N}])";
  // "رامات 6 جيجابايت", "8GB RAM", "RAM 8GB", "رام 8"
  private static final Pattern RAM = Pattern.compile(
      "(?:رامات|رام|ram)\\s*(\\d{1,2})\\s*(?:جيجابايت|جيجا|gb|g)?" + NOT_WORD + "|(\\d{1,2})\\s*(?:gb|g)\\s*ram" + NOT_WORD,
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  // Sizes read when the model is unknown, so no catalogue list of sizes applies.
  private static final Set<Integer> STORAGE_SIZES = Set.of(16, 32, 64, 128, 256, 512, 1024, 2048);
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})\\s*[%٪]");
  private static final Pattern NUMBER = Pattern.compile("\\d{1,4}");
  private static final Pattern TRAILING_NUMBER = Pattern.compile("\\s*\\d+$");
  private static final Pattern PARENTHESISED = Pattern.compile("\\(([^)]+)\\)");

  /** Reads a title; null in, all-null out. */
  public static PhoneTitle parse(@Nullable String title) {
    String t = Text.collapse(Text.westernDigits(title));
    if (t == null) {
      return new PhoneTitle(null, null, null, null, null, null);
    }
    t = uncut(t);
    List<String> split = PhoneTokens.split(t);
    String brand = brand(split);
    List<String> words = PhoneTokens.words(split);
    List<PhoneCatalogue.Match> matches = brand == null ? List.of() : CATALOGUE.find(brand, words);
    PhoneCatalogue.Match match = PhoneCatalogue.pick(matches);
    String model = match == null ? null : match.model().name();
    return new PhoneTitle(brand, model, storage(words, matches, match), ram(t), colour(t), battery(t));
  }

  /**
   * A site's own model value in the catalogue's name ("Reno 13" → "Reno13"), so a spec table and a
   * title name one product alike; a value naming more than a known model (or none) stays as shown.
   */
  public static @Nullable String canonicalModel(@Nullable String brand, @Nullable String model) {
    String shown = Text.collapse(model);
    if (brand == null || shown == null) {
      return shown;
    }
    List<String> words = PhoneTokens.of(shown);
    List<PhoneCatalogue.Match> matches = CATALOGUE.find(brand, words);
    if (matches.size() != 1) {
      return shown;
    }
    PhoneCatalogue.Match m = matches.get(0);
    for (int i = 0; i < words.size(); i++) {
      if ((i < m.start() || i >= m.end()) && BRANDS.lookup(words.get(i)) == null) {
        return shown; // "Galaxy S23 Ultra Enterprise Edition": more than the catalogue model
      }
    }
    return m.model().name();
  }

  /** The first brand word, two-word brands first ("وان بلس"), misspellings through model_words.tsv ("lphon"). */
  private static @Nullable String brand(List<String> split) {
    for (int i = 0; i < split.size(); i++) {
      String code = i + 1 < split.size() ? BRANDS.lookup(split.get(i) + " " + split.get(i + 1)) : null;
      if (code == null) {
        code = BRANDS.lookup(split.get(i));
      }
      if (code == null) {
        code = BRANDS.lookup(PhoneTokens.word(split.get(i)));
      }
      if (code != null) {
        return code.split(" ", 2)[0];
      }
    }
    return null;
  }

  private static Set<String> lineWords() {
    Set<String> lines = new HashSet<>();
    for (String code : BRANDS.codes()) {
      String[] parts = code.split(" ", 2);
      if (parts.length == 2) {
        lines.addAll(PhoneTokens.of(parts[1]));
      }
    }
    return lines;
  }

  /**
   * The storage a title states, in GB. A number with a unit ("256GB", "256 giga", "1tb", "٢٥٦ج")
   * counts when the model is sold in that size (or, for an unknown model, is a storage size); a
   * size the model is not sold in but whose digits, reordered, are one is that one ("265GB" → 256).
   * Failing that, a bare number the model is sold in ("iphone 13 128", "128H"). Never the RAM
   * figure, a battery percentage, or a number that is part of a model name.
   */
  private static @Nullable Integer storage(List<String> words, List<PhoneCatalogue.Match> matches,
      PhoneCatalogue.@Nullable Match match) {
    Set<Integer> sold = match == null ? null : match.model().storageGb();
    List<Integer> bare = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (!NUMBER.matcher(words.get(i)).matches() || inModel(i, matches)) {
        continue;
      }
      String before = i > 0 ? UNITS.lookup(words.get(i - 1)) : null;
      String unit = i + 1 < words.size() ? UNITS.lookup(words.get(i + 1)) : null;
      String afterUnit = i + 2 < words.size() ? UNITS.lookup(words.get(i + 2)) : null;
      boolean percent = i + 1 < words.size() && words.get(i + 1).equals("%");
      if ("ram".equals(before) || "ram".equals(unit) || "ram".equals(afterUnit) || percent) {
        continue;
      }
      int n = Integer.parseInt(words.get(i));
      if (unit == null) {
        bare.add(n);
        continue;
      }
      // "الف جيجا" (a thousand giga) is the 1 TB model.
      int gb = unit.equals("tb") ? n * 1024 : n == 1000 ? 1024 : n;
      if (sold == null ? STORAGE_SIZES.contains(gb) : sold.contains(gb)) {
        return gb;
      }
      Integer reordered = sold == null ? null : reordered(gb, sold);
      if (reordered != null) {
        return reordered;
      }
    }
    if (sold != null) {
      for (int n : bare) {
        if (sold.contains(n)) {
          return n;
        }
      }
    }
    return null;
  }

  private static boolean inModel(int i, List<PhoneCatalogue.Match> matches) {
    for (PhoneCatalogue.Match m : matches) {
      if (i >= m.start() && i < m.end()) {
        return true;
      }
    }
    return false;
  }

  /** The one size sold written with the same digits in another order, if exactly one. */
  private static @Nullable Integer reordered(int gb, Set<Integer> sold) {
    char[] digits = String.valueOf(gb).toCharArray();
    Arrays.sort(digits);
    Integer found = null;
    for (int size : sold) {
      char[] d = String.valueOf(size).toCharArray();
      Arrays.sort(d);
      if (Arrays.equals(d, digits)) {
        if (found != null) {
          return null;
        }
        found = size;
      }
    }
    return found;
  }

  /** The title without the "..." cut, the titleWord it cut and any parenthesis it left open. */
  static String uncut(String t) {
    Matcher m = CUT.matcher(t);
    if (!m.find()) {
      return t;
    }
    String kept = t.substring(0, m.start());
    if (m.group().startsWith(m.group(1))) {
      String cutWord = kept.replaceFirst("^.*\\s", "");
      kept = kept.replaceFirst("\\S+$", ""); // "ذهب..." : the last word itself was cut
      if (startsUnit(cutWord)) {
        // "512 جيجاب...": a number whose unit was cut may be RAM or storage; it is not read.
        kept = TRAILING_NUMBER.matcher(kept.stripTrailing()).replaceFirst("");
      }
    }
    int open = kept.lastIndexOf('(');
    if (open >= 0 && kept.indexOf(')', open) < 0) {
      kept = kept.substring(0, open);
    }
    return kept.strip();
  }

  /** Whether a cut word is the start of a storage unit ("جيجاب" of جيجابايت). */
  private static boolean startsUnit(String cutWord) {
    String k = Text.key(cutWord);
    return k != null && UNITS.synonyms().stream().anyMatch(unit -> unit.startsWith(k));
  }

  private static @Nullable Integer ram(String t) {
    Matcher m = RAM.matcher(t);
    if (!m.find()) {
      return null;
    }
    return Integer.valueOf(m.group(1) != null ? m.group(1) : m.group(2));
  }

  /** The English name in parentheses when complete and known, else the first known colour word. */
  private static @Nullable String colour(String t) {
    Matcher paren = PARENTHESISED.matcher(t);
    while (paren.find()) {
      String c = COLOURS.lookup(paren.group(1));
      if (c != null) {
        return c;
      }
    }
    String[] titleWords = words(t.replace('(', ' ').replace(')', ' ').trim());
    for (int i = 0; i < titleWords.length; i++) {
      String twoWords = i + 1 < titleWords.length ? COLOURS.lookup(titleWords[i] + " " + titleWords[i + 1]) : null;
      if (twoWords != null) {
        return twoWords;
      }
      String oneWord = COLOURS.lookup(titleWords[i]);
      if (oneWord != null) {
        return oneWord;
      }
    }
    return null;
  }

  /** {@code trimmed.split("\\s+")}, without the regex. */
  private static String[] words(String trimmed) {
    List<String> words = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= trimmed.length(); i++) {
      if (i == trimmed.length() || isRegexSpace(trimmed.charAt(i))) {
        if (i > start || words.isEmpty() && i == trimmed.length()) {
          words.add(trimmed.substring(start, i));
        }
        start = i + 1;
      }
    }
    return words.toArray(String[]::new);
  }

  private static boolean isRegexSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /** A percentage in a title is the battery health ("بطاريه ١٠٠٪"); only 50–100 is plausible. */
  private static @Nullable Integer battery(String t) {
    Matcher m = PERCENT.matcher(t);
    while (m.find()) {
      int pct = Integer.parseInt(m.group(1));
      if (pct >= 50 && pct <= 100) {
        return pct;
      }
    }
    return null;
  }
}
