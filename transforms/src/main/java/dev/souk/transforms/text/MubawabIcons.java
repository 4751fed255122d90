package dev.souk.transforms.text;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Mubawab's icon row shows bare texts ("150 m²", "3 Pièces", "2 Salles de bain"): the label each
 * stands for. The page adapter ({@code sites.MubawabAdapter}) labels the icons it reads with it,
 * and the original-payload reader ({@code normalise.OriginalPayloads}) the icons its producers
 * stored unlabelled, so both paths key the same text alike.
 */
public final class MubawabIcons {
  private static final Pattern SQUARE_METRES = Pattern.compile(".*\\dm2\\b.*|.*\\sm2\\b.*");

  private MubawabIcons() {}

  /** The label of an icon text: what it counts, matching "salle" in any number; else the text itself. */
  public static String label(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.contains("m²") || SQUARE_METRES.matcher(t).matches()) {
      return "Surface";
    } else if (t.contains("pièce")) {
      return "Pièces";
    } else if (t.contains("chambre")) {
      return "Chambres";
    } else if (t.contains("salle")) {
      return "Salles de bain";
    }
    return text;
  }
}
