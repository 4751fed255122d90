package dev.souk.transforms.sites;

import dev.souk.io.Urls;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.jsoup.select.QueryParser;

/** jsoup helpers the site adapters share (URLs: {@link Urls}). */
final class Pages {
  private Pages() {}

  /**
   * A CSS query compiled once: adapters keep their queries as constants, since jsoup parses a
   * query string again on every {@code select} (about as costly as running it on a small block).
   */
  static Evaluator css(String cssQuery) {
    return QueryParser.parse(cssQuery);
  }

  /** Parses a page; a null or blank input is not a page of any site. */
  static Document parse(String pageUrl, String html, String siteName) throws PageParseException {
    if (html == null || html.isBlank()) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, "Empty body is not a " + siteName + " page");
    }
    return Jsoup.parse(html, pageUrl == null ? "" : pageUrl);
  }

  /**
   * True if the page references one of the site's hosts (canonical link, assets, own links): an
   * element whose href, src, content or linkref contains a host, ignoring case, as the CSS query
   * {@code [href*=host]} etc. would find it. A page of another site, an error body or binary junk
   * does not. One walk for all hosts that stops at the first reference, and no lower-cased copy of
   * every URL (the query's way).
   *
   * @param hostFragments lower case
   */
  static boolean references(Document doc, String... hostFragments) {
    boolean[] found = {false};
    NodeTraversor.filter(new NodeFilter() {
      @Override
      public FilterResult head(Node node, int depth) {
        if (node instanceof Element e && e.attributesSize() > 0 && referencesHost(e, hostFragments)) {
          found[0] = true;
          return FilterResult.STOP;
        }
        return FilterResult.CONTINUE;
      }
    }, doc);
    return found[0];
  }

  private static boolean referencesHost(Element e, String[] hostFragments) {
    for (String attribute : REFERENCING_ATTRIBUTES) {
      if (e.hasAttr(attribute)) {
        String value = e.attr(attribute);
        for (String host : hostFragments) {
          if (containsIgnoreCase(value, host)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static final String[] REFERENCING_ATTRIBUTES = {"href", "src", "content", "linkref"};

  /** {@code value.toLowerCase(Locale.ENGLISH).contains(lowerCase)}, without the copy for ASCII values. */
  static boolean containsIgnoreCase(String value, String lowerCase) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return value.toLowerCase(Locale.ENGLISH).contains(lowerCase);
      }
    }
    for (int i = 0; i + lowerCase.length() <= value.length(); i++) {
      if (value.regionMatches(true, i, lowerCase, 0, lowerCase.length())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The element's text as a browser shows it: text of script, style and svg (icon titles such as
   * "Home Icon") left out, runs of layout whitespace collapsed, U+00A0/U+202F kept. Null if empty.
   */
  static String text(Element element) {
    if (element == null || hidden(element)) {
      return null;
    }
    VisibleText text = new VisibleText();
    NodeTraversor.traverse(text, element);
    return text.toString();
  }

  static String textOfFirst(Element root, Evaluator... queries) {
    for (Evaluator q : queries) {
      String t = text(root.selectFirst(q));
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** True if the element is, or is inside, a script, style or svg: then none of its text shows. */
  private static boolean hidden(Element element) {
    for (Element e = element; e != null; e = e.parent()) {
      if (hiding(e)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hiding(Element e) {
    return e.nameIs("script") || e.nameIs("style") || e.nameIs("svg");
  }

  /**
   * Collects text in one walk: hidden subtrees are counted on the way in and out rather than
   * looked up from every text node, and layout whitespace is collapsed as it is appended.
   */
  private static final class VisibleText implements NodeVisitor {
    private final StringBuilder out = new StringBuilder();
    private int hiddenDepth;
    private boolean inSpace;

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode t) {
        if (hiddenDepth == 0) {
          append(t.getWholeText());
        }
      } else if (node instanceof Element e) {
        if (e.isBlock() || e.nameIs("br")) {
          append(" ");
        }
        if (hiding(e)) {
          hiddenDepth++;
        }
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element e && hiding(e)) {
        hiddenDepth--;
      }
    }

    // Only the whitespace HTML itself collapses: U+00A0 and U+202F are content (price separators).
    private void append(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        if (!space) {
          out.append(c);
        } else if (!inSpace) {
          out.append(' ');
        }
        inSpace = space;
      }
    }

    /** The text trimmed, or null if nothing shows. */
    @Override
    public String toString() {
      String trimmed = out.toString().trim();
      return trimmed.isEmpty() ? null : trimmed;
    }
  }

  /** An attribute's value, or null if absent or blank. */
  static String attr(Element e, String name) {
    if (e == null || !e.hasAttr(name)) {
      return null;
    }
    String v = e.attr(name).trim();
    return v.isEmpty() ? null : v;
  }

  /** An absolute URL as a browser requests it; null if the attribute holds no usable URL. */
  static String absUrl(Element e, String attribute) {
    String abs = LinkResolver.absUrl(e, attribute);
    return abs.isEmpty() ? null : Urls.browserUrl(abs);
  }
}
