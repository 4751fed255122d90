package dev.souk.transforms.sites;

import dev.souk.io.Urls;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** jsoup helpers the site adapters share (URLs: {@link Urls}). */
final class Pages {
  // Only the whitespace HTML itself collapses: U+00A0 and U+202F are content (price separators).
  private static final Pattern LAYOUT_WHITESPACE = Pattern.compile("[ \\t\\n\\r\\f]+");

  private Pages() {}

  /** Parses a page; a null or blank input is not a page of any site. */
  static Document parse(String pageUrl, String html, String siteName) throws PageParseException {
    if (html == null || html.isBlank()) {
      throw new PageParseException(PageParseException.NOT_A_PAGE, "Empty body is not a " + siteName + " page");
    }
    return Jsoup.parse(html, pageUrl == null ? "" : pageUrl);
  }

  /**
   * True if the page references one of the site's hosts (canonical link, assets, own links): a page
   * of another site, an error body or binary junk does not.
   */
  static boolean references(Document doc, String... hostFragments) {
    for (String host : hostFragments) {
      String q = "[href*=" + host + "], [src*=" + host + "], [content*=" + host + "], [linkref*=" + host + "]";
      if (doc.selectFirst(q) != null) {
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
    if (element == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    NodeTraversor.traverse(
        new NodeVisitor() {
          @Override
          public void head(Node node, int depth) {
            if (node instanceof TextNode t && !hidden(t)) {
              out.append(t.getWholeText());
            } else if (node instanceof Element e && (e.isBlock() || e.nameIs("br"))) {
              out.append(' ');
            }
          }
        },
        element);
    String collapsed = LAYOUT_WHITESPACE.matcher(out).replaceAll(" ").trim();
    return collapsed.isEmpty() ? null : collapsed;
  }

  private static boolean hidden(TextNode node) {
    for (Element p = node.parent(); p != null; p = p.parent()) {
      if (p.nameIs("script") || p.nameIs("style") || p.nameIs("svg")) {
        return true;
      }
    }
    return false;
  }

  static String textOfFirst(Element root, String... cssQueries) {
    for (String q : cssQueries) {
      String t = text(root.selectFirst(q));
      if (t != null) {
        return t;
      }
    }
    return null;
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
    String abs = e.absUrl(attribute);
    return abs.isEmpty() ? null : Urls.browserUrl(abs);
  }
}
