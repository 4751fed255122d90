package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a phone title says: brand, model, storage, RAM, colour, battery. Mobile Masr titles follow
 * {@code <brand> <model> رامات <RAM> جيجابايت <storage> جيجابايت <colour> (<English colour>)};
 * Dubizzle titles are free text mixing Arabic, English and Arabic-Indic digits.
 *
 * <p>Card titles are cut with "...": the titleWord the cut lands in, and a parenthesis it leaves
 * open, are dropped before reading, so no value is ever read from half a word ("512 جيجاب..."
 * gives no storage; "(Sierra ..." no English colour).
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
  private static final Vocabulary MODEL_WORDS = Vocabulary.load(RES + "model_words.tsv");

  private static final Pattern CUT = Pattern.compile("\\s*(\\.{3}|…)\\s*$");
  private static final String NOT_WORD = "(?![\\p{L}\\p{N}])";
  // "رامات 6 جيجابايت", "8GB RAM", "RAM 8GB", "رام 8"
  private static final Pattern RAM = Pattern.compile(
      "(?:رامات|رام|ram)\\s*(\\d{1,2})\\s*(?:جيجابايت|جيجا|gb|g)?" + NOT_WORD + "|(\\d{1,2})\\s*(?:gb|g)\\s*ram" + NOT_WORD,
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern STORAGE = Pattern.compile(
      "(\\d{1,4})\\s*(جيجابايت|جيجا بايت|جيجا|gb|g|تيرابايت|تيرا|tb|t)" + NOT_WORD,
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final List<Integer> STORAGE_SIZES = List.of(16, 32, 64, 128, 256, 512, 1024, 2048);
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})\\s*[%٪]");
  private static final Pattern LATIN_MODEL_WORD = Pattern.compile("[A-Za-z0-9+]+");
  // "128GB", "1TB"; "5G" is the network, part of names like "Redmi Note 14 Pro 4G".
  private static final Pattern STORAGE_SIZE = Pattern.compile("(?:16|32|64|128|256|512)(?:gb|g)|\\d(?:tb|t)", Pattern.CASE_INSENSITIVE);
  // "Iphone13ايفون": sellers glue Latin and Arabic words together.
  private static final Pattern SCRIPT_CHANGE =
      Pattern.compile("(?<=[A-Za-z0-9])(?=[\\u0600-\\u06FF])|(?<=[\\u0600-\\u06FF])(?=[A-Za-z0-9])");
  // "IPHONE13": a brand word glued to the model number.
  private static final Pattern BRAND_GLUED = Pattern.compile("(\\p{L}+)(\\d+\\p{L}*)");
  // A bare 3+ digit number after the model is a storage size without its unit, never a model.
  private static final Pattern BARE_SIZE = Pattern.compile("\\d{3,}");
  // "13pro": a number glued to a model word; "5G", "12i" stay whole.
  private static final Pattern GLUED = Pattern.compile("(\\d+)([A-Za-z]+)");
  private static final Pattern PUNCTUATION_END = Pattern.compile("[,.;:!،؛]+$");
  private static final int MAX_MODEL_WORDS = 6;

  /** Reads a title; null in, all-null out. */
  public static PhoneTitle parse(@Nullable String title) {
    String t = Text.collapse(Text.westernDigits(title));
    if (t == null) {
      return new PhoneTitle(null, null, null, null, null, null);
    }
    t = uncut(t);
    List<String> titleWords = new ArrayList<>();
    // "13pro/128": slashes, bars and underscores separate words as spaces do.
    String spaced = Text.collapse(SCRIPT_CHANGE.matcher(t).replaceAll(" ").replaceAll("([/|_])", " $1 "));
    for (String titleWord : spaced.split(" ")) {
      Matcher glued = BRAND_GLUED.matcher(titleWord);
      if (glued.matches() && BRANDS.lookup(glued.group(1)) != null) {
        titleWords.add(glued.group(1));
        titleWords.add(glued.group(2));
      } else {
        titleWords.add(titleWord);
      }
    }
    Integer ram = ram(t);
    String brandCode = null;
    int after = -1;
    for (int i = 0; i < titleWords.size() && brandCode == null; i++) {
      // Two-word brands first ("وان بلس").
      if (i + 1 < titleWords.size() && BRANDS.lookup(titleWords.get(i) + " " + titleWords.get(i + 1)) != null) {
        brandCode = BRANDS.lookup(titleWords.get(i) + " " + titleWords.get(i + 1));
        after = i + 2;
      } else if (BRANDS.lookup(titleWords.get(i)) != null) {
        brandCode = BRANDS.lookup(titleWords.get(i));
        after = i + 1;
      }
    }
    String brand = brandCode == null ? null : brandCode.split(" ", 2)[0];
    String model = brandCode == null ? null : model(brandCode, titleWords.subList(after, titleWords.size()));
    return new PhoneTitle(brand, model, storage(t, ram), ram, colour(t), battery(t));
  }

  /** The title without the "..." cut, the titleWord it cut and any parenthesis it left open. */
  static String uncut(String t) {
    Matcher m = CUT.matcher(t);
    if (!m.find()) {
      return t;
    }
    String kept = t.substring(0, m.start());
    if (m.group().startsWith(m.group(1))) {
      kept = kept.replaceFirst("\\S+$", ""); // "ذهب..." : the last word itself was cut
    }
    int open = kept.lastIndexOf('(');
    if (open >= 0 && kept.indexOf(')', open) < 0) {
      kept = kept.substring(0, open);
    }
    return kept.strip();
  }

  /** The brand's model line ("iPhone") then the title's model words, up to the first spec or Arabic word. */
  private static @Nullable String model(String brandCode, List<String> rest) {
    List<String> words = new ArrayList<>();
    String[] code = brandCode.split(" ", 2);
    if (code.length > 1) {
      words.add(code[1]);
    }
    int start = words.size();
    for (String word : rest) {
      // "iPhone 13, 128 GB": punctuation closes the model after its word.
      String raw = PUNCTUATION_END.matcher(word).replaceFirst("");
      boolean closes = raw.length() < word.length();
      if (raw.isEmpty()) {
        return join(words, start);
      }
      for (String titleWord : unglue(raw)) {
        String mapped = MODEL_WORDS.lookup(titleWord);
        if (mapped == null && (!LATIN_MODEL_WORD.matcher(titleWord).matches() || STORAGE_SIZE.matcher(titleWord).matches()
            || BARE_SIZE.matcher(titleWord).matches()
            || (words.size() > start && BRANDS.lookup(titleWord) != null && !isLine(titleWord, code)))) {
          return join(words, start);
        }
        if (mapped == null && code.length > 1 && titleWord.equalsIgnoreCase(code[1])) {
          continue; // "ايفون iphone 13": the line named twice
        }
        String line = lineOf(titleWord, code[0]);
        if (line != null && words.size() == start) {
          words.add(line); // "Apple IPhone 13": the maker's spelling of its line
          continue;
        }
        words.add(mapped != null ? mapped : display(titleWord));
        if (words.size() - start >= MAX_MODEL_WORDS) {
          return join(words, start);
        }
      }
      if (closes) {
        return join(words, start);
      }
    }
    return join(words, start);
  }

  private static List<String> unglue(String titleWord) {
    Matcher m = GLUED.matcher(titleWord);
    return m.matches() && MODEL_WORDS.lookup(m.group(2)) != null ? List.of(m.group(1), m.group(2)) : List.of(titleWord);
  }

  /** The model line a brand word names ("iphone" → "iPhone") when it is of {@code brand}. */
  private static @Nullable String lineOf(String titleWord, String brand) {
    String code = BRANDS.lookup(titleWord);
    String[] parts = code == null ? new String[0] : code.split(" ", 2);
    return parts.length == 2 && parts[0].equals(brand) ? parts[1] : null;
  }

  private static boolean isLine(String titleWord, String[] code) {
    return code.length > 1 && titleWord.equalsIgnoreCase(code[1]);
  }

  private static @Nullable String join(List<String> words, int start) {
    return words.size() == start ? null : String.join(" ", words);
  }

  /** "5g" → "5G", "pro" → "Pro"; words already cased by the seller ("M55", "iPhone") kept. */
  private static String display(String titleWord) {
    if (!titleWord.equals(titleWord.toLowerCase(Locale.ROOT))) {
      return titleWord;
    }
    return titleWord.matches("\\d+g") ? titleWord.toUpperCase(Locale.ROOT)
        : Character.toUpperCase(titleWord.charAt(0)) + titleWord.substring(1);
  }

  private static @Nullable Integer ram(String t) {
    Matcher m = RAM.matcher(t);
    if (!m.find()) {
      return null;
    }
    return Integer.valueOf(m.group(1) != null ? m.group(1) : m.group(2));
  }

  /** The first size with a complete unit that is a storage size and is not the RAM figure's own match. */
  private static @Nullable Integer storage(String t, @Nullable Integer ram) {
    Matcher ramMatch = RAM.matcher(t);
    int ramEnd = ram != null && ramMatch.find() ? ramMatch.end() : -1;
    int ramStart = ram != null ? ramMatch.start() : -1;
    Matcher m = STORAGE.matcher(t);
    while (m.find()) {
      if (m.start() >= ramStart && m.end() <= ramEnd) {
        continue;
      }
      int n = Integer.parseInt(m.group(1));
      String unit = m.group(2).toLowerCase(Locale.ROOT);
      int gb = unit.startsWith("t") || unit.startsWith("تير") ? n * 1024 : n;
      if (STORAGE_SIZES.contains(gb)) {
        return gb;
      }
    }
    return null;
  }

  /** The English name in parentheses when complete and known, else the first known colour word. */
  private static @Nullable String colour(String t) {
    Matcher paren = Pattern.compile("\\(([^)]+)\\)").matcher(t);
    while (paren.find()) {
      String c = COLOURS.lookup(paren.group(1));
      if (c != null) {
        return c;
      }
    }
    String[] titleWords = t.replaceAll("[()]", " ").trim().split("\\s+");
    for (int i = 0; i < titleWords.length; i++) {
      if (i + 1 < titleWords.length && COLOURS.lookup(titleWords[i] + " " + titleWords[i + 1]) != null) {
        return COLOURS.lookup(titleWords[i] + " " + titleWords[i + 1]);
      }
      if (COLOURS.lookup(titleWords[i]) != null) {
        return COLOURS.lookup(titleWords[i]);
      }
    }
    return null;
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
