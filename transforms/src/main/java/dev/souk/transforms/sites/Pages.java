package dev.souk.transforms.sites;

import dev.souk.model.Site;
import dev.souk.model.RawListingFields;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** jsoup and URL helpers the site adapters share. */
final class Pages {
  // Only the whitespace HTML itself collapses: U+00A0 and U+202F are content (price separators).
  private static final Pattern LAYOUT_WHITESPACE = Pattern.compile("[ \\t\\n\\r\\f]+");
  private static final Pattern HOST = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]*)");

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
    return abs.isEmpty() ? null : browserUrl(abs);
  }

  /** Percent-encodes non-ASCII characters and spaces as UTF-8, keeping existing escapes. */
  static String browserUrl(String url) {
    StringBuilder out = new StringBuilder(url.length());
    for (int i = 0; i < url.length(); ) {
      int cp = url.codePointAt(i);
      i += Character.charCount(cp);
      if (cp > 0x20 && cp < 0x7f) {
        out.append((char) cp);
      } else {
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xff));
        }
      }
    }
    return out.toString();
  }

  /** Decodes %XX escapes as UTF-8; malformed escapes stay as they are. ('+' is not a space in a path.) */
  static String decodePercent(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      if (s.charAt(i) == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  /** The URL without query and fragment, decoded; empty if the URL names a host not in {@code hosts}. */
  /** The first group of {@code id} in {@code url}'s path, if the URL is on one of the site's hosts. */
  static Optional<String> idInPath(String url, Site site, Pattern id) {
    return pathOnSite(url, site.hosts()).flatMap(path -> {
      Matcher m = id.matcher(path);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    });
  }

  static Optional<String> pathOnSite(String url, Collection<String> hosts) {
    if (url == null) {
      return Optional.empty();
    }
    String bare = url.trim().replaceFirst("[?#].*$", "");
    Matcher host = HOST.matcher(bare);
    if (host.find() && !hosts.contains(host.group(1).toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(decodePercent(bare));
  }

  /**
   * The fields every listing of a site that always shows a price (or says it has none) must have:
   * id, title and price text. Missing ones mean the selectors no longer match.
   */
  static void requireIdTitlePrice(String siteName, RawListingFields f) throws PageParseException {
    List<String> missing = new ArrayList<>();
    if (f.listingId == null) {
      missing.add("listingId");
    }
    if (f.title == null) {
      missing.add("title");
    }
    if (f.priceText == null) {
      missing.add("priceText");
    }
    if (!missing.isEmpty()) {
      throw new PageParseException(PageParseException.LAYOUT_CHANGED,
          siteName + " detail page " + f.url + " lacks " + String.join(", ", missing));
    }
  }
}
