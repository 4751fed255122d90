package dev.souk.transforms.normalise;

import dev.souk.model.Offer;
import dev.souk.transforms.text.Text;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sale or rent, from what the page itself says: the page beats the crawl mode (docs/sites.md §9.7, where
 * the CLI mode was trusted blindly).
 */
public final class Offers {
  private static final Set<String> RENT =
      Set.of("louer", "location", "locations", "loyer", "rent", "rental", "lease", "كراء", "للكراء");
  private static final Set<String> SALE =
      Set.of("vendre", "vente", "ventes", "acheter", "achat", "sale", "buy", "بيع", "للبيع");

  private Offers() {}

  /**
   * Reads an offer from one text: "Appartements, à louer", "Ventes Immobilières", a title, a
   * URL ("…/a-louer", "location-longue-durée"), or a crawl hint ("rent", "vente", "louer").
   * Null when the text says neither, or both ("à vendre ou à louer").
   */
  public static @Nullable Offer fromText(@Nullable String text) {
    String k = Text.key(text == null ? null : decode(text).replace('_', ' '));
    if (k == null) {
      return null;
    }
    boolean rent = false;
    boolean sale = false;
    for (String word : k.split(" ")) {
      rent |= RENT.contains(word);
      sale |= SALE.contains(word);
    }
    return rent == sale ? null : rent ? Offer.RENT : Offer.SALE;
  }

  /** The first of {@code texts} that states an offer unambiguously: pass the most reliable first. */
  public static @Nullable Offer firstKnown(List<@Nullable String> texts) {
    for (String t : texts) {
      Offer o = fromText(t);
      if (o != null) {
        return o;
      }
    }
    return null;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // A literal '%' in a title, not an escape.
    }
  }
}
