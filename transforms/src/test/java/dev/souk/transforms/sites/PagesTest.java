package dev.souk.transforms.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Evaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The adapters' fast paths against what jsoup itself gives: {@link LinkResolver} against {@link
 * Element#absUrl}, {@link Blocks} against whole-page selects, {@link Closest} against {@link
 * Element#closest}. A jsoup upgrade that changes its resolution fails here, not in silver rows.
 */
class PagesTest {

  @Test
  void linkResolverResolvesEveryLinkOfTheSampleSiteAsJsoupDoes() {
    int links = 0;
    for (SampleSite.Entry e : SampleSite.manifest()) {
      if (!e.kind().equals("detail") && !e.kind().equals("list")) {
        continue;
      }
      Document doc = Jsoup.parse(e.html(), e.url());
      for (Element el : doc.select("[href], [src], [linkref]")) {
        for (String attribute : new String[] {"href", "src", "linkref"}) {
          if (el.hasAttr(attribute)) {
            assertEquals(el.absUrl(attribute), LinkResolver.absUrl(el, attribute), e.file() + " " + el);
            links++;
          }
        }
      }
    }
    assertTrue(links > 10_000, "links checked: " + links);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "https://www.avito.ma/fr/a/b_1.htm | ?page=2",
      "https://www.avito.ma/fr/a/b_1.htm | ./c",
      "https://www.avito.ma/fr/a/b_1.htm | ../../../c",
      "https://www.avito.ma/fr/a/b_1.htm | //content.avito.ma/x.jpg",
      "https://www.avito.ma/fr/a/b_1.htm | /x#frag",
      "https://www.avito.ma/fr/a/b_1.htm | tel:+212600000000",
      "https://www.avito.ma/fr/a/b_1.htm | javascript:void(0)",
      "https://www.avito.ma/fr/a/b_1.htm | 'ht\ttp://x.ma/\na'",
      "https://www.avito.ma/fr/a/b_1.htm | 'HTTPS://Www.Avito.MA/a b/é'",
      "https://www.avito.ma/fr/a/b_1.htm | ''",
      "'' | https://www.avito.ma/x",
      "'' | /relative/without/base",
      "not a url | mailto:a@b.ma",
      "'https://x.ma/\tp/q' | r",
  })
  void linkResolverMatchesJsoupOnOddLinks(String base, String link) {
    Element a = Jsoup.parse("<a>x</a>", base).selectFirst("a");
    a.attr("href", link);
    assertEquals(a.absUrl("href"), LinkResolver.absUrl(a, "href"));
  }

  @Test
  void blocksAndClosestAgreeWithWholePageSelects() {
    Document doc = Jsoup.parse("<div class=box><p class=x>1</p><div class=box><p class=x>2</p></div></div>"
        + "<div class=card><div class=box><p class=x>3</p></div><p class=x>4</p></div>"
        + "<div class=box><span><div class=card><p class=x>5</p></div></span><p class=x>6</p></div>");
    Evaluator card = Pages.css("div.card");
    Blocks.Query box = Blocks.own("div.box");
    Blocks.Query anywhere = Blocks.anywhere("p.x");
    Blocks blocks = Blocks.find(doc, card, box, anywhere);
    assertEquals(3, blocks.all(box).size());
    assertEquals(6, blocks.all(anywhere).size());
    Elements own = blocks.within(box, Pages.css("div.box p.x"));
    assertEquals("1 2 6", own.eachText().stream().reduce((x, y) -> x + " " + y).orElse(""));
    Elements whole = doc.select("div.box p.x");
    whole.removeIf(e -> e.closest(card) != null);
    assertEquals(whole, own);
    Closest closest = new Closest(card);
    for (Element p : doc.select("p")) {
      assertEquals(p.closest(card), closest.of(p), p.text());
    }
  }
}
