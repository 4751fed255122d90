package dev.souk.transforms.normalise;

import dev.souk.transforms.text.Text;
import java.util.HashMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Egyptian location lines ("Nasr City, Cairo", "El Maadi, Maadi", "مدينة نصر، القاهرة") → one
 * governorate and one district, read through egypt_gazetteer.tsv, a tree of places. Dubizzle
 * cards show a place and its parent, at whatever depth the seller chose, so the parent slot holds
 * a governorate ("Cairo") as often as a district ("Maadi", "6th of October", "New Cairo"). Taken
 * as written, one district would be a city in some rows and a district in others.
 *
 * <p>The city slot gets the governorate; the district slot the place directly under it on the
 * path ("El Maadi, Maadi" and "Maadi, Cairo" are both Cairo / Maadi). A first part under a known
 * governorate but not in the gazetteer stays the district as written ("Warraq, Giza"); a line
 * naming no known place keeps the old reading: parent = city, first part = district. Immutable.
 */
final class EgyptPlaces {
  /** Governorate and district; either may be null. */
  record Place(@Nullable String city, @Nullable String district) {}

  private record Node(String name, @Nullable String parent) {}

  private static final EgyptPlaces GAZETTEER = load("/dev/souk/transforms/normalise/phones/egypt_gazetteer.tsv");

  private final Map<String, Node> byKey;

  private EgyptPlaces(Map<String, Node> byKey) {
    this.byKey = Map.copyOf(byKey);
  }

  static EgyptPlaces gazetteer() {
    return GAZETTEER;
  }

  static EgyptPlaces load(String resource) {
    Map<String, Node> byKey = new HashMap<>();
    for (DataFile.Line entry : DataFile.lines(EgyptPlaces.class, resource)) {
      int n = entry.number();
      String line = entry.text();
      String[] cols = line.split("\t");
      if (cols.length < 1 || cols.length > 3 || cols[0].isBlank()) {
        throw new IllegalStateException(resource + ":" + n + ": expected 'place<TAB>parent<TAB>aliases', got '" + line + "'");
      }
      Node node = new Node(cols[0].trim(), cols.length > 1 && !cols[1].isBlank() ? cols[1].trim() : null);
      put(byKey, cols[0], node, resource, n);
      if (cols.length == 3) {
        for (String alias : cols[2].split(",")) {
          put(byKey, alias, node, resource, n);
        }
      }
    }
    for (Node node : byKey.values()) {
      if (node.parent() != null && !byKey.containsKey(key(node.parent()))) {
        throw new IllegalStateException(resource + ": parent '" + node.parent() + "' of '" + node.name() + "' is not a place");
      }
    }
    return new EgyptPlaces(byKey);
  }

  private static void put(Map<String, Node> byKey, String name, Node node, String resource, int line) {
    Node previous = byKey.put(key(name), node);
    if (previous != null && !previous.equals(node)) {
      throw new IllegalStateException(resource + ":" + line + ": '" + name + "' names both " + previous.name() + " and " + node.name());
    }
  }

  private static @Nullable String key(@Nullable String s) {
    String k = Text.key(Text.westernDigits(s));
    return k == null ? null : k.replace('ة', 'ه').replace('ى', 'ي');
  }

  /** A location line without the site's trailing bullets; parts separated by "," or "،". */
  Place resolve(@Nullable String location) {
    String t = Text.collapse(location);
    if (t == null) {
      return new Place(null, null);
    }
    String[] parts = t.split("[,،]");
    String last = Text.collapse(parts[parts.length - 1]);
    String first = parts.length > 1 ? Text.collapse(t.substring(0, t.length() - parts[parts.length - 1].length() - 1)) : null;
    // The most specific known place decides; the parent only when the first part is unknown.
    Node known = first != null && byKey.get(key(first)) != null ? byKey.get(key(first)) : byKey.get(key(last));
    Node parent = last == null ? null : byKey.get(key(last));
    if (known == null) {
      return new Place(last, first);
    }
    if (known == parent && parent.parent() == null) {
      return new Place(parent.name(), first); // "Warraq, Giza": a governorate and a place not in the gazetteer
    }
    if (first != null && parent != null && known != parent && !within(known, parent)) {
      known = parent; // the two parts disagree: the card's parent is the site's own tree, trust it
    }
    Node district = null;
    Node at = known;
    while (at.parent() != null) {
      district = at;
      at = byKey.get(key(at.parent()));
    }
    String districtName = district != null ? district.name() : known == parent ? first : null;
    return new Place(at.name(), districtName);
  }

  private boolean within(Node place, Node ancestor) {
    for (Node at = place; at != null; at = at.parent() == null ? null : byKey.get(key(at.parent()))) {
      if (at.equals(ancestor)) {
        return true;
      }
    }
    return false;
  }
}
