package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Site labels → {@link PropertyType}, through {@code property_types.tsv}. */
public final class PropertyTypes {
  private static final Vocabulary TYPES = Vocabulary.load("property_types.tsv");
  // Avito detail URL: /fr/<neighbourhood>/<category>/<Title>_<id>.htm
  private static final Pattern AVITO_URL_CATEGORY =
      Pattern.compile("avito\\.ma/[a-z]{2}/[^/]+/([^/]+)/[^/]+\\.htm");

  static {
    Set<String> unknown = new TreeSet<>();
    TYPES.codes().stream().filter(c -> PropertyType.fromCode(c) == null).forEach(unknown::add);
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(TYPES + " names unknown property types " + unknown);
    }
  }

  private PropertyTypes() {}

  /**
   * "Appartements", "Appartements, à louer", "Local commercial", "Appartements Casablanca"
   * (a Mubawab crumb: trailing words are dropped until a label matches). Null when unknown.
   */
  public static @Nullable PropertyType fromLabel(@Nullable String label) {
    String text = label == null ? null : label.split(",")[0];
    String k = Text.key(text);
    while (k != null) {
      String code = TYPES.lookupKey(k);
      if (code != null) {
        return PropertyType.fromCode(code);
      }
      int cut = k.lastIndexOf(' ');
      k = cut < 0 ? null : k.substring(0, cut);
    }
    return null;
  }

  /** The first of {@code labels} that names a type: pass them most reliable first. */
  public static @Nullable PropertyType firstKnown(List<@Nullable String> labels) {
    for (String label : labels) {
      PropertyType t = fromLabel(label);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** The category slug of an Avito detail URL ("appartements", "villas_et_riads"), or null. */
  public static @Nullable PropertyType fromAvitoUrl(@Nullable String url) {
    if (url == null) {
      return null;
    }
    Matcher m = AVITO_URL_CATEGORY.matcher(url);
    return m.find() ? fromLabel(m.group(1).replace('_', ' ')) : null;
  }
}
