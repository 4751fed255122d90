package dev.souk.transforms.sites;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;

/**
 * {@link Element#closest} for the many elements of one page that share ancestors (a gallery's
 * images, a section's items): each ancestor is tested once per page rather than once per element
 * below it. For simple queries (tag, class, attribute; no combinators). One instance per page.
 */
final class Closest {
  private final Evaluator query;
  // Element → its closest match, or NONE.
  private final Map<Element, Element> memo = new IdentityHashMap<>();
  private static final Element NONE = new Element("none");

  Closest(Evaluator query) {
    this.query = query;
  }

  /** The element itself if it matches, else its nearest ancestor that does; null if none. */
  @Nullable Element of(Element element) {
    List<Element> walked = new ArrayList<>();
    Element found = NONE;
    for (Element e = element; e != null; e = e.parent()) {
      Element known = memo.get(e);
      if (known != null) {
        found = known;
        break;
      }
      walked.add(e);
      if (query.matches(e, e)) {
        found = e;
        break;
      }
    }
    for (Element e : walked) {
      memo.put(e, found);
    }
    return found == NONE ? null : found;
  }
}
