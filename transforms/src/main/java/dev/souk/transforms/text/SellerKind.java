package dev.souk.transforms.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Whether a real-estate seller is a store (an agency, a developer, a shop account) rather than a
 * private person (docs/sites.md §8.4, "Seller kind"). The sites' own flags miss most agencies: the
 * original's Avito {@code seller_type} said "Particulier" for 4194 of 4200 rows, and the AMRES
 * rewrite said false for agencies with a shop page (§9.10). So any one of three signs makes a store:
 *
 * <ol>
 *   <li>the site says so (Avito's "Voir la boutique" or store badge, {@code seller_type} "Boutique", a
 *       producer's true flag);
 *   <li>the seller's link is a shop page: Avito {@code /fr/boutique?id=…} or {@code
 *       /fr/boutique/<slug>}, Mubawab {@code /fr/b/<id>/<slug>} (§1.1, §2.1);
 *   <li>the name carries an agency marker of {@code agency_name_markers.tsv} ("Immobilier", "Agence",
 *       "Real Estate", "عقار", ...).
 * </ol>
 *
 * Without any sign the site's own answer stands (false, or null when the site says nothing): a plain
 * name is no proof of a private seller. Used by the page adapters and the original-payload reader,
 * so a page and its payload get the same answer. Stateless and thread-safe.
 */
public final class SellerKind {
  private static final Pattern SHOP_PAGE = Pattern.compile(
      "^https?://(?:www\\.)?(?:avito\\.ma/(?:[a-z]{2}/)?boutique|mubawab\\.ma/(?:[a-z]{2}/)?b/\\d+)(?:[/?#]|$)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern WORD_BREAK = Pattern.compile("[ ']+");
  private static final List<Marker> MARKERS = load("agency_name_markers.tsv");

  private SellerKind() {}

  /**
   * @param siteSays what the page or payload itself says (true = store); null when it says nothing
   * @return true when any sign says store, else {@code siteSays}
   */
  public static @Nullable Boolean isStore(@Nullable Boolean siteSays, @Nullable String name, @Nullable String url) {
    if (Boolean.TRUE.equals(siteSays) || isShopPage(url) || hasAgencyName(name)) {
      return true;
    }
    return siteSays;
  }

  /** A link to an Avito shop or a Mubawab business page (not the site's home page private sellers get). */
  public static boolean isShopPage(@Nullable String url) {
    return url != null && SHOP_PAGE.matcher(url.strip()).find();
  }

  /** The name holds one of the agency markers. */
  public static boolean hasAgencyName(@Nullable String name) {
    String key = Text.key(name);
    if (key == null) {
      return false;
    }
    String[] words = WORD_BREAK.split(key);
    return MARKERS.stream().anyMatch(m -> m.matches(words));
  }

  /** One line of the markers file: words to find in a row, the first open to the left, the last to the right. */
  private record Marker(String[] words, boolean openStart, boolean openEnd) {
    static Marker parse(String line) {
      String t = line.strip();
      boolean openStart = t.startsWith("*");
      boolean openEnd = t.endsWith("*") && t.length() > 1;
      String core = t.substring(openStart ? 1 : 0, t.length() - (openEnd ? 1 : 0));
      String key = Text.key(core);
      if (key == null) {
        throw new IllegalStateException("Bad agency name marker '" + line + "'");
      }
      return new Marker(WORD_BREAK.split(key), openStart, openEnd);
    }

    boolean matches(String[] name) {
      for (int i = 0; i + words.length <= name.length; i++) {
        if (matchesAt(name, i)) {
          return true;
        }
      }
      return false;
    }

    private boolean matchesAt(String[] name, int at) {
      int last = words.length - 1;
      for (int j = 0; j <= last; j++) {
        String w = name[at + j];
        String m = words[j];
        boolean start = j == 0 && openStart;
        boolean end = j == last && openEnd;
        boolean ok = start && end ? w.contains(m) : start ? w.endsWith(m) : end ? w.startsWith(m) : w.equals(m);
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  private static List<Marker> load(String resource) {
    List<Marker> markers = new ArrayList<>();
    try (InputStream in = SellerKind.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + resource + " is missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          markers.add(Marker.parse(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Resource " + resource + " is unreadable", e);
    }
    return List.copyOf(markers);
  }
}
