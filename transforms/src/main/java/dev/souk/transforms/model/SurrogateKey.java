package dev.souk.transforms.model;

import com.google.common.hash.Hashing;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.StringJoiner;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Deterministic surrogate keys, computed exactly as dbt_utils' {@code generate_surrogate_key}
 * computes them, so a dbt model (or any SQL) over the same natural key gets the same key:
 *
 * <pre>
 * md5(cast(coalesce(cast(p1 as TEXT), '_dbt_utils_surrogate_key_null_') || '-' ||
 *          coalesce(cast(p2 as TEXT), '_dbt_utils_surrogate_key_null_') ... as TEXT))
 * </pre>
 *
 * <p>32 lower-case hex characters (the MD5 of the UTF-8 text). The same natural key gives the
 * same key on every runner, worker and re-run, so facts and dimensions are written independently
 * and upserted idempotently: no sequence, no lookup. Which parts, in which order, make each
 * table's key is in {@link StarKeys}.
 *
 * <p>Parts are cast to text the way DuckDB, PostgreSQL and Snowflake cast them ({@link #text}):
 * integers as plain digits ({@code 128}), decimals with the digits of their scale ({@code
 * 1.50} for a {@code DECIMAL(18,2)} 1.5: pass the value at the column's scale), booleans as
 * {@code true}/{@code false}, dates as {@code 2025-03-14}. Floating-point parts are refused: the
 * warehouses print them differently.
 *
 * <p>Inherited from the recipe, on purpose: the parts are joined with a plain {@code -}, so
 * ({@code "a-b", "c"}) and ({@code "a", "b-c"}) give one key, and a part that is literally {@code
 * _dbt_utils_surrogate_key_null_} is taken for a null. Souk's key parts avoid both where it
 * matters (site codes and country codes never contain {@code -}).
 */
public final class SurrogateKey {
  /** What dbt_utils puts in place of a null part. */
  public static final String NULL_PART = "_dbt_utils_surrogate_key_null_";

  /** What dbt_utils puts between parts. */
  public static final String SEPARATOR = "-";

  private SurrogateKey() {}

  /** The key of a natural key of one or more parts; a part may be null. */
  @SuppressWarnings("deprecation") // MD5 is what dbt_utils uses: compatibility, not security.
  public static String of(@Nullable Object... parts) {
    if (parts == null) {
      parts = new Object[] {null};
    }
    if (parts.length == 0) {
      throw new IllegalArgumentException("A surrogate key needs at least one natural-key part");
    }
    return Hashing.md5().hashString(concatenated(parts), StandardCharsets.UTF_8).toString();
  }

  /** The text that is hashed: each part as text (null as {@link #NULL_PART}), joined with '-'. */
  static String concatenated(@Nullable Object... parts) {
    StringJoiner joined = new StringJoiner(SEPARATOR);
    for (Object part : parts) {
      String text = text(part);
      joined.add(text == null ? NULL_PART : text);
    }
    return joined.toString();
  }

  /**
   * A part as the warehouses' {@code cast(x AS TEXT)} gives it; null for null. Accepts text,
   * integers, decimals, booleans and dates.
   */
  public static @Nullable String text(@Nullable Object part) {
    if (part == null || part instanceof String) {
      return (String) part;
    }
    if (part instanceof Integer || part instanceof Long || part instanceof Short || part instanceof Byte) {
      return part.toString();
    }
    if (part instanceof BigDecimal decimal) {
      // DECIMAL(p,s) casts to its digits at scale s, never in exponent form: 1.50, 1200.00, 0.05.
      return decimal.toPlainString();
    }
    if (part instanceof Boolean) {
      return part.toString();
    }
    if (part instanceof LocalDate date) {
      return date.toString();
    }
    throw new IllegalArgumentException("A surrogate-key part must be text, an integer, a decimal, a"
        + " boolean or a date, not " + part.getClass().getSimpleName() + " (" + part + "): the"
        + " warehouses would not agree on its text");
  }
}
