package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.transforms.text.Price;
import dev.souk.transforms.text.PriceParser;
import java.math.BigDecimal;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceParserTest {

  @Test
  void everyRealPriceTextParsesToItsDigitsInDirhams() {
    Set<String> texts = new TreeSet<>();
    RealRecords.all().forEach(r -> {
      if (r.fields().priceText != null) {
        texts.add(r.fields().priceText);
      }
    });
    assertTrue(texts.size() > 100, "expected the real price texts, got " + texts.size());
    for (String text : texts) {
      Price p = PriceParser.parse(text, "MAD");
      if (text.chars().anyMatch(Character::isDigit)) {
        // Every real price is a whole number of dirhams whose digits are all the digits shown.
        assertEquals(new BigDecimal(text.replaceAll("\\D", "")), p.amount(), text);
        assertEquals("MAD", p.currency(), text);
        assertFalse(p.onRequest(), text);
      } else {
        assertEquals(new Price(null, null, true), p, text);
      }
    }
    assertTrue(texts.contains("Prix à consulter"));
    assertTrue(texts.stream().anyMatch(t -> t.contains("\u202F")));
    assertTrue(texts.stream().anyMatch(t -> t.contains("\u00A0")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "7\u202F500 DH|7500|MAD",
    "1\u00A0100\u00A0000 DH|1100000|MAD",
    "3\u2009500 Dhs|3500|MAD",
    "1 764 000 DH|1764000|MAD",
    "1,200,000 MAD|1200000|MAD",
    "1.200.000 DH|1200000|MAD",
    "6.500,00 DH|6500|MAD",
    "1 200,5 DH|1200.5|MAD",
    "999 999 EUR|999999|EUR",
    "€ 250 000|250000|EUR",
    "250 000 €|250000|EUR",
    "EGP 26,900|26900|EGP",
    "27,150 جنيه|27150|EGP",
    "15000 ج.م|15000|EGP",
    "٤٥٠٠٠ درهم|45000|MAD",
    "À partir de 1 200 000 DH|1200000|MAD",
    "4 000 000 DH22 233 DH / mois|4000000|MAD",
    "14000|14000|MAD",
  })
  void parsesFormats(String text, String amount, String currency) {
    Price p = PriceParser.parse(text, "MAD");
    assertEquals(new BigDecimal(amount), p.amount(), text);
    assertEquals(currency, p.currency(), text);
    assertFalse(p.onRequest());
  }

  @Test
  void textWithoutDigitsIsOnRequest() {
    assertEquals(new Price(null, null, true), PriceParser.parse("Prix à consulter", "MAD"));
    assertEquals(new Price(null, null, true), PriceParser.parse("Prix sur demande", "MAD"));
  }

  @Test
  void absentOrNonPositiveIsNoPrice() {
    assertEquals(new Price(null, null, false), PriceParser.parse(null, "MAD"));
    assertEquals(new Price(null, null, false), PriceParser.parse(" \u202F ", "MAD"));
    Price zero = PriceParser.parse("0 DH", "MAD");
    assertNull(zero.amount());
    assertNull(zero.currency());
  }

  @Test
  void defaultCurrencyOnlyWhenTheTextNamesNone() {
    assertEquals("EGP", PriceParser.parse("27,150", "EGP").currency());
    assertEquals("MAD", PriceParser.parse("27 150 DH", "EGP").currency());
  }
}
