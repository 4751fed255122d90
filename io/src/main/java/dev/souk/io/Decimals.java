package dev.souk.io;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fits {@link BigDecimal} values to a fixed {@code decimal(precision, scale)} column. Both the
 * Parquet writer of Iceberg and DuckDB's appender reject a value whose scale differs from the
 * column's, so "950000" must become "950000.00" before it is written.
 */
public final class Decimals {
  private Decimals() {}

  /**
   * Returns {@code value} with exactly {@code scale} digits after the point. Never rounds: a value
   * with more digits, or too many in total, is rejected, because a silently changed price is worse
   * than a failed write (prices are validated by the normaliser before they get here).
   */
  public static BigDecimal fit(BigDecimal value, int precision, int scale, String column) {
    BigDecimal fitted;
    try {
      fitted = value.setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          String.format(
              "Column %s is decimal(%d,%d) but value %s has more than %d decimal places",
              column, precision, scale, value.toPlainString(), scale),
          e);
    }
    if (fitted.precision() > precision) {
      throw new IllegalArgumentException(
          String.format(
              "Column %s is decimal(%d,%d) but value %s has more than %d digits",
              column, precision, scale, value.toPlainString(), precision));
    }
    return fitted;
  }
}
