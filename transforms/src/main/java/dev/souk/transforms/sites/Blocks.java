package dev.souk.transforms.sites;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.Elements;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The blocks of a page that hold a site's fields, found in one walk of the page, and the fields
 * read inside them. Each whole-page {@code select} is a walk of every element, and a page has
 * dozens of fields: one walk that notes where the blocks are, then small selects inside them,
 * costs a fraction of that.
 *
 * <p>A page may also have parts whose fields are not the page's own (Mubawab's similar-ad cards):
 * an own block is one outside every element the {@code excluded} query matches, and what is read
 * inside a block never comes from such a part. Matches come back in page order, each once, as a
 * whole-page {@code select} of the same query, less the excluded parts, gives them.
 */
final class Blocks {
  /**
   * What the walk looks for: elements matching a simple query (tag, class, id, attribute; no
   * combinators, which would walk up the page from every element), outside excluded parts unless
   * {@code anywhere}. {@code tag} and {@code attribute}, when known, are what every match must
   * be or have: the walk tries the query only on such elements.
   */
  record Query(Predicate<Element> test, boolean anywhere, @Nullable String tag, @Nullable String attribute) {}

  private static final Pattern ATTRIBUTE_CONTAINING = Pattern.compile("([a-z][a-z0-9]*)?\\[([a-z][a-z0-9-]*)\\*=([^\\]'\"]+)]");
  private static final Pattern LEADING_TAG = Pattern.compile("([a-z][a-z0-9]*)(?=[.#\\[]|$)");
  /** A query that is one attribute test, e.g. {@code [data-qa=pdp-name]}. */
  private static final Pattern ONE_ATTRIBUTE = Pattern.compile("\\[([a-z][a-z0-9-]*)(?:[*^$~|]?=[^\\]]*)?]");

  private final @Nullable Evaluator excluded;
  private final Map<Query, List<Element>> found = new IdentityHashMap<>();
  private final Set<Element> holdingExcluded = Collections.newSetFromMap(new IdentityHashMap<>());

  private Blocks(@Nullable Evaluator excluded) {
    this.excluded = excluded;
  }

  /** Blocks outside the parts {@code excluded} matches. */
  static Query own(String simpleCss) {
    return new Query(test(simpleCss), false, tag(simpleCss), attribute(simpleCss));
  }

  /** Blocks anywhere on the page, inside excluded parts too. */
  static Query anywhere(String simpleCss) {
    return new Query(test(simpleCss), true, tag(simpleCss), attribute(simpleCss));
  }

  /**
   * The query as a test of one element. The commonest form of hashed class names, {@code
   * tag[attr*=fragment]}, is tested here as jsoup does but without lower-casing a copy of the
   * attribute for every element; any other query is jsoup's.
   */
  private static Predicate<Element> test(String simpleCss) {
    Matcher m = ATTRIBUTE_CONTAINING.matcher(simpleCss.trim());
    if (m.matches()) {
      String tag = m.group(1);
      String attribute = m.group(2);
      String fragment = m.group(3).trim().toLowerCase(Locale.ENGLISH);
      return e -> (tag == null || e.nameIs(tag)) && e.hasAttr(attribute)
          && Pages.containsIgnoreCase(e.attr(attribute), fragment);
    }
    Evaluator evaluator = Pages.css(simpleCss);
    return e -> evaluator.matches(e, e); // simple queries ignore the root
  }

  /**
   * The tag every alternative of the query names ("div" of "div.picture, div.slick-slide"), or null:
   * the walk then tries a query only on elements of its tag, as most of a page's are not.
   */
  private static @Nullable String tag(String simpleCss) {
    String tag = null;
    for (String alternative : simpleCss.split(",")) {
      Matcher m = LEADING_TAG.matcher(alternative.trim());
      if (!m.lookingAt() || (tag != null && !tag.equals(m.group(1)))) {
        return null;
      }
      tag = m.group(1);
    }
    return tag;
  }

  /** The attribute a query of one attribute test needs ("data-qa" of "[data-qa=pdp-name]"), or null. */
  private static @Nullable String attribute(String simpleCss) {
    Matcher m = ONE_ATTRIBUTE.matcher(simpleCss.trim());
    return m.matches() ? m.group(1) : null;
  }

  /** Walks the page once, noting every element each query matches; no part is excluded. */
  static Blocks find(Element root, Query... queries) {
    return find(root, null, queries);
  }

  /** Walks the page once, noting every element each query matches. */
  static Blocks find(Element root, @Nullable Evaluator excluded, Query... queries) {
    Blocks blocks = new Blocks(excluded);
    for (Query q : queries) {
      blocks.found.put(q, new ArrayList<>());
    }
    NodeTraversor.traverse(blocks.new Walk(root, queries), root);
    return blocks;
  }

  /** Every element the query matched, in page order. */
  List<Element> all(Query q) {
    return found.get(q);
  }

  /** The first element the query matched, or null. */
  @Nullable Element first(Query q) {
    List<Element> all = found.get(q);
    return all.isEmpty() ? null : all.get(0);
  }

  /**
   * The matches of {@code fullQuery} (a whole-page query whose matches all lie inside a block of
   * {@code q}) in page order, each once; for an own block, none from excluded parts.
   */
  Elements within(Query q, Evaluator fullQuery) {
    Elements out = new Elements();
    Set<Element> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Element block : found.get(q)) {
      for (Element e : block.select(fullQuery)) {
        // A block inside an earlier one (a gallery's slider) yields what the earlier one did.
        if (seen.add(e) && !(!q.anywhere() && holdingExcluded.contains(block) && e.closest(excluded) != null)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** The first of {@link #within}, or null. */
  @Nullable Element firstWithin(Query q, Evaluator fullQuery) {
    for (Element block : found.get(q)) {
      if (q.anywhere() || !holdingExcluded.contains(block)) {
        Element e = block.selectFirst(fullQuery);
        if (e != null) {
          return e;
        }
      } else {
        for (Element e : block.select(fullQuery)) {
          if (e.closest(excluded) == null) {
            return e;
          }
        }
      }
    }
    return null;
  }

  /** One walk: counts how deep it is in excluded parts, and which noted blocks are open around it. */
  private final class Walk implements NodeVisitor {
    private final Element root;
    private final Map<String, List<Query>> byTag = new HashMap<>();
    private final List<Query> anyTag = new ArrayList<>();
    private final Map<String, List<Query>> byAttribute = new HashMap<>();
    private final Deque<Element> open = new ArrayDeque<>();
    private int excludedDepth;

    Walk(Element root, Query[] queries) {
      this.root = root;
      for (Query q : queries) {
        if (q.tag() == null && q.attribute() != null) {
          // Several queries on one attribute (Noon's data-qa) cost one look at it per element.
          byAttribute.computeIfAbsent(q.attribute(), a -> new ArrayList<>()).add(q);
        } else if (q.tag() == null) {
          anyTag.add(q);
        } else {
          byTag.computeIfAbsent(q.tag(), t -> new ArrayList<>()).add(q);
        }
      }
    }

    @Override
    public void head(Node node, int depth) {
      if (!(node instanceof Element e)) {
        return;
      }
      boolean isExcluded = excluded != null && excluded.matches(root, e);
      if (isExcluded) {
        excludedDepth++;
        holdingExcluded.addAll(open);
      }
      boolean noted = note(e, anyTag);
      if (e.attributesSize() > 0) {
        for (Map.Entry<String, List<Query>> withAttribute : byAttribute.entrySet()) {
          if (e.hasAttr(withAttribute.getKey())) {
            noted |= note(e, withAttribute.getValue());
          }
        }
      }
      List<Query> tagged = byTag.get(e.normalName());
      if (tagged != null) {
        // Page order within an element does not matter: each query keeps its own list.
        noted |= note(e, tagged);
      }
      if (noted && excludedDepth == 0) {
        open.push(e);
      }
    }

    private boolean note(Element e, List<Query> queries) {
      boolean noted = false;
      for (Query q : queries) {
        if ((q.anywhere() || excludedDepth == 0) && q.test().test(e)) {
          found.get(q).add(e);
          noted = true;
        }
      }
      return noted;
    }

    @Override
    public void tail(Node node, int depth) {
      if (!(node instanceof Element e)) {
        return;
      }
      if (open.peek() == e) {
        open.pop();
      }
      if (excludedDepth > 0 && excluded != null && excluded.matches(root, e)) {
        excludedDepth--;
      }
    }
  }
}
