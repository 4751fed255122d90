package dev.souk.model;

import java.util.Locale;

/** Whether a listing is offered for sale or for rent. Stored lower-case in tables. */
public enum Offer {
  SALE,
  RENT;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Offer fromCode(String code) {
    return valueOf(code.trim().toUpperCase(Locale.ROOT));
  }
}
