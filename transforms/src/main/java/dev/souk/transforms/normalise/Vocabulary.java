package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A synonym table read from a TSV resource next to this class: {@code synonym<TAB>code} per
 * line, {@code #} comments, blank lines ignored. Synonyms are stored under {@link Text#key}, so
 * the file may be written with accents, capitals or Arabic as the sites show them. Loaded once
 * per class; immutable afterwards.
 */
public final class Vocabulary {
  private final String resource;
  private final Map<String, String> codes;

  private Vocabulary(String resource, Map<String, String> codes) {
    this.resource = resource;
    this.codes = codes;
  }

  /** @param resource relative to this package, or absolute ({@code /dev/souk/...}) */
  public static Vocabulary load(String resource) {
    Map<String, String> codes = new LinkedHashMap<>();
    for (DataFile.Line entry : DataFile.lines(Vocabulary.class, resource)) {
      int n = entry.number();
      String line = entry.text();
      String[] cols = line.split("\t");
      String synonym = Text.key(cols[0]);
      if (cols.length != 2 || synonym == null || cols[1].isBlank()) {
        throw new IllegalStateException(
            resource + ":" + n + ": expected 'synonym<TAB>code', got '" + line + "'");
      }
      String previous = codes.put(synonym, cols[1].trim());
      if (previous != null && !previous.equals(cols[1].trim())) {
        throw new IllegalStateException(
            resource + ":" + n + ": '" + synonym + "' maps to both " + previous + " and " + cols[1]);
      }
    }
    return new Vocabulary(resource, Map.copyOf(codes));
  }

  /** The code for {@code text} (looked up by {@link Text#key}), or null. */
  @Nullable
  public String lookup(@Nullable String text) {
    if (text == null) {
      return null;
    }
    // Pages repeat the same few labels and values ("Brand", "Storage"), and a key costs a Unicode
    // normalisation: texts already seen are answered from memory, up to a bound.
    Optional<String> known = seen.get(text);
    if (known != null) {
      return known.orElse(null);
    }
    String k = Text.key(text);
    String code = k == null ? null : codes.get(k);
    if (seen.size() < MAX_REMEMBERED) {
      seen.put(text, Optional.ofNullable(code));
    }
    return code;
  }

  /** Texts {@link #lookup} remembers per vocabulary; later ones are keyed each time. */
  private static final int MAX_REMEMBERED = 20_000;

  private final Map<String, Optional<String>> seen = new ConcurrentHashMap<>();

  /** The code for an already computed key, or null. */
  @Nullable
  String lookupKey(String key) {
    return codes.get(key);
  }

  Collection<String> synonyms() {
    return codes.keySet();
  }

  Set<String> codes() {
    return new TreeSet<>(codes.values());
  }

  @Override
  public String toString() {
    return resource;
  }
}
