package dev.souk.transforms.text;

import java.math.BigDecimal;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A parsed price. {@code amount} is null when the page shows none; {@code currency} is null
 * exactly when {@code amount} is; {@code onRequest} is true when the page says the price is
 * given on request ("Prix à consulter").
 */
public record Price(@Nullable BigDecimal amount, @Nullable String currency, boolean onRequest) {
  static final Price NONE = new Price(null, null, false);
  static final Price ON_REQUEST = new Price(null, null, true);
}
