package dev.souk.transforms.text;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Price text as shown by the sites → amount, ISO 4217 currency and on-request flag.
 *
 * <p>Only the <em>first</em> amount counts: Avito SERP cards glue a monthly mortgage estimate
 * after the price ("4 000 000 DH22 233 DH / mois"), and prefixes like "À partir de" are
 * skipped rather than breaking the match (the original's bug, docs/sites.md §9.14). Thousands may be grouped
 * by space, U+00A0, U+202F, U+2009, dot or comma; a final group of one or two digits after a
 * comma or dot is a decimal part ("1 200,50"). A minus sign before the amount gives a negative
 * amount, for the caller's bounds to refuse.
 */
public final class PriceParser {
  private static final String SEP = "[ \\u00A0\\u202F\\u2009\\u2007.,']";
  // Digits with separators between them; a separator must be followed by a digit.
  // Compiled once: String.replaceAll compiles its pattern on every call, and every price is parsed.
  private static final Pattern TRAILING_SEPARATORS = Pattern.compile(SEP + "+$");
  private static final Pattern NON_DIGITS = Pattern.compile("\\D");
  private static final Pattern WHITESPACE = Pattern.compile("\\s");
  private static final Pattern AMOUNT = Pattern.compile("\\d+(?:" + SEP + "+\\d+)*");
  // A minus sign (ASCII or U+2212) right before the amount, not a dash inside words ("Prix-").
  private static final Pattern NEGATIVE = Pattern.compile("(?:^|[^\\p{L}\\d])[-\u2212]\\s*$");
  private static final Pattern DECIMAL_TAIL = Pattern.compile("^(.*\\d)[.,](\\d{1,2})$");
  private static final Pattern CURRENCY_AFTER =
      Pattern.compile(
          "^\\s*(dhs?|mad|dirhams?|درهم|eur|euros?|€|egp|جنيه|ج\\.?\\s?م|usd|\\$)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern CURRENCY_BEFORE =
      Pattern.compile(
          "(dhs?|mad|eur|€|egp|usd|\\$)\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private PriceParser() {}

  /**
   * Parses a displayed price. A text without any digit means the price is on request; null or
   * blank means none is shown.
   *
   * @param text the price as displayed
   * @param defaultCurrency ISO code used when the text names no currency (the site's own)
   */
  public static Price parse(@Nullable String text, @Nullable String defaultCurrency) {
    String t = Text.collapse(Text.westernDigits(text));
    if (t == null) {
      return Price.NONE;
    }
    Matcher m = AMOUNT.matcher(t);
    if (!m.find()) {
      // A text in the price slot with no number ("Prix à consulter", "Prix sur demande",
      // "السعر عند الطلب") is the site's way of saying: ask the seller.
      return Price.ON_REQUEST;
    }
    BigDecimal amount = toNumber(m.group());
    if (amount.signum() == 0) {
      return Price.NONE;
    }
    if (NEGATIVE.matcher(t.substring(0, m.start())).find()) {
      // Kept negative so the bounds refuse it (FieldLimits): dropping the sign would invent a price.
      amount = amount.negate();
    }
    String currency = currencyAfter(t.substring(m.end()));
    if (currency == null) {
      currency = currencyBefore(t.substring(0, m.start()));
    }
    if (currency == null) {
      currency = defaultCurrency;
    }
    return new Price(amount, currency, false);
  }

  private static BigDecimal toNumber(String digits) {
    String d = TRAILING_SEPARATORS.matcher(digits).replaceAll("");
    String fraction = "";
    Matcher dec = DECIMAL_TAIL.matcher(d);
    if (dec.matches()) {
      d = dec.group(1);
      fraction = dec.group(2);
    }
    String whole = NON_DIGITS.matcher(d).replaceAll("");
    // "6.500,00" is 6500: strip the zero decimals, but never into 6.5E+3 notation.
    BigDecimal n =
        new BigDecimal(fraction.isEmpty() ? whole : whole + "." + fraction).stripTrailingZeros();
    return n.scale() < 0 ? n.setScale(0) : n;
  }

  private static @Nullable String currencyAfter(String rest) {
    Matcher m = CURRENCY_AFTER.matcher(rest);
    return m.find() ? iso(m.group(1)) : null;
  }

  private static @Nullable String currencyBefore(String prefix) {
    Matcher m = CURRENCY_BEFORE.matcher(prefix);
    return m.find() ? iso(m.group(1)) : null;
  }

  private static String iso(String symbol) {
    String s = WHITESPACE.matcher(symbol.toLowerCase(Locale.ROOT)).replaceAll("");
    if (s.startsWith("dh") || s.equals("mad") || s.startsWith("dirham") || s.equals("درهم")) {
      return "MAD";
    }
    if (s.startsWith("eur") || s.equals("€")) {
      return "EUR";
    }
    if (s.equals("usd") || s.equals("$")) {
      return "USD";
    }
    return "EGP"; // egp, جنيه, ج.م
  }
}
