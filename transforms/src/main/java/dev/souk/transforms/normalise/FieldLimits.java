package dev.souk.transforms.normalise;

import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import dev.souk.model.ListingVersion;
import dev.souk.transforms.Failures;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The plausible range of every numeric silver field and the length of every text field: the last
 * check a listing passes before it becomes a silver row, so no value a sink cannot hold (prices
 * are {@code decimal(18,2)} in the lake and the warehouse) and no absurd one ever leaves
 * normalisation. The parsers upstream already drop most nonsense (Surfaces' windows, coordinates
 * out of ±90/±180); these bounds are the backstop whatever a page or payload says.
 *
 * <p>What happens to a value out of bounds is chosen per field:
 *
 * <ul>
 *   <li><b>Fail the record</b> ({@link NormalisationException} reason {@value #OUT_OF_RANGE} or
 *       {@value #TOO_LONG}, naming field, value and the allowed range): the price, because a
 *       listing with a wrong price is worse than none, and every other number, because a page
 *       stating 10^9 rooms is not a page to trust for the rest; the listing URL and id, which are
 *       the row's identity.
 *   <li><b>Truncate</b> to the limit, ending in {@value #TRUNCATED_MARK} so a reader sees the cut:
 *       free text (title, description, seller name, locations, spec labels).
 *   <li><b>Null</b>: the seller URL when too long (the listing stands without it), the publish
 *       time outside {@link #EARLIEST_PUBLISHED} .. scrape time + 1 day (it is a guess from
 *       relative text anyway); an image URL too long is dropped and the list is capped at
 *       {@link #MAX_IMAGES}. A nulled field shows in the {@code fill:<field>} counters.
 * </ul>
 *
 * <p>A negative price is refused, never made positive: a minus sign is a producer bug, and its
 * absolute value a guess.
 *
 * <p><b>U+0000 is removed</b> from every text value (ids, URLs, free text, list elements; counted
 * as {@code souk.<site>/nul_removed}): PostgreSQL's text types cannot hold it (COPY refuses the
 * whole batch), and removing it here, before the content hash, gives the lake and every warehouse
 * the same value. A NUL in a scraped page or payload is an encoding slip, never content; bronze
 * keeps the payload as the source gave it.
 */
public final class FieldLimits {
  public static final String OUT_OF_RANGE = "value_out_of_range";
  public static final String TOO_LONG = "value_too_long";
  public static final String TRUNCATED_MARK = "…";

  /** Above any property ever sold (≈ 5·10^9 MAD) in MAD, EUR or EGP; far below decimal(18,2)'s 10^16. */
  public static final BigDecimal MAX_PROPERTY_PRICE = new BigDecimal("1000000000000");
  /** A phone dearer than 10^8 EGP (≈ 2 M USD) is a typing slip, not a phone. */
  public static final BigDecimal MAX_PHONE_PRICE = new BigDecimal("100000000");
  /** The lake's and warehouse's decimal(18,2) scale. */
  public static final int PRICE_SCALE = 2;
  /**
   * 100 km²: the largest agricultural plots listed. The least surface is positive and large
   * enough that the warehouse's price per m² (at most 10^12 / 0.01 = 10^14) fits decimal(18,2).
   */
  public static final double MIN_SURFACE_M2 = 0.01;
  public static final double MAX_SURFACE_M2 = 1e8;
  /** A whole hotel or building sold in one listing. */
  public static final int MAX_ROOMS = 1_000;
  /** Basement levels to the tallest towers (Burj Khalifa has 163 floors). */
  public static final int MIN_FLOOR = -10;
  public static final int MAX_FLOOR = 200;
  /** 16 TB storage and 1 TB RAM: beyond every phone and tablet sold. */
  public static final int MAX_STORAGE_GB = 16_384;
  public static final int MAX_RAM_GB = 1_024;
  /** Twenty years: no warranty on a used phone runs longer. */
  public static final int MAX_WARRANTY_MONTHS = 240;
  /** Before the web had classified listings; a date before it is a misread. */
  public static final Instant EARLIEST_PUBLISHED = Instant.parse("1995-01-01T00:00:00Z");

  /** Browsers and sitemaps stop at about 2 000 characters. */
  public static final int MAX_URL_CHARS = 2_048;
  public static final int MAX_ID_CHARS = 256;
  public static final int MAX_TITLE_CHARS = 500;
  /** Ten times the longest description seen on the five sites (≈ 4 000 characters). */
  public static final int MAX_DESCRIPTION_CHARS = 40_000;
  /** Names, places, colours, warranty texts: one line each. */
  public static final int MAX_SHORT_TEXT_CHARS = 256;
  public static final int MAX_IMAGES = 200;
  /** Vocabulary lists (equipments, zoning) hold codes; more than this is not a listing. */
  public static final int MAX_CODES = 200;

  private FieldLimits() {}

  /** The listing within bounds, or why not. */
  public static PropertyListing check(PropertyListing l) throws NormalisationException {
    l = withoutNul(PropertyListing.class, l);
    String key = l.getSource() + "/" + l.getListingId();
    requireLength(key, "listingId", l.getListingId(), MAX_ID_CHARS);
    requireLength(key, "url", l.getUrl(), MAX_URL_CHARS);
    requireRange(key, "surfaceTotalM2", l.getSurfaceTotalM2(), MIN_SURFACE_M2, MAX_SURFACE_M2);
    requireRange(key, "surfaceLivingM2", l.getSurfaceLivingM2(), MIN_SURFACE_M2, MAX_SURFACE_M2);
    requireRange(key, "rooms", l.getRooms(), 0, MAX_ROOMS);
    requireRange(key, "bedrooms", l.getBedrooms(), 0, MAX_ROOMS);
    requireRange(key, "bathrooms", l.getBathrooms(), 0, MAX_ROOMS);
    requireRange(key, "floor", l.getFloor(), MIN_FLOOR, MAX_FLOOR);
    requireRange(key, "latitude", l.getLatitude(), -90, 90);
    requireRange(key, "longitude", l.getLongitude(), -180, 180);
    requireCount(key, "equipments", l.getEquipments(), MAX_CODES);
    requireCount(key, "zoning", l.getZoning(), MAX_CODES);
    return l.toBuilder()
        .setPriceAmount(price(key, l.getPriceAmount(), MAX_PROPERTY_PRICE))
        .setTitle(truncate(l.getTitle(), MAX_TITLE_CHARS))
        .setDescription(truncate(l.getDescription(), MAX_DESCRIPTION_CHARS))
        .setCity(truncate(l.getCity(), MAX_SHORT_TEXT_CHARS))
        .setNeighbourhood(truncate(l.getNeighbourhood(), MAX_SHORT_TEXT_CHARS))
        .setSellerName(truncate(l.getSellerName(), MAX_SHORT_TEXT_CHARS))
        .setSellerUrl(urlOrNull(l.getSellerUrl()))
        .setPublishedAt(publishedOrNull(l.getPublishedAt(), l.getScrapedAt()))
        .setImages(images(l.getImages()))
        .build();
  }

  /** The listing within bounds, or why not. */
  public static PhoneListing check(PhoneListing l) throws NormalisationException {
    l = withoutNul(PhoneListing.class, l);
    String key = l.getSource() + "/" + l.getListingId();
    requireLength(key, "listingId", l.getListingId(), MAX_ID_CHARS);
    requireLength(key, "url", l.getUrl(), MAX_URL_CHARS);
    requireRange(key, "storageGb", l.getStorageGb(), 1, MAX_STORAGE_GB);
    requireRange(key, "ramGb", l.getRamGb(), 1, MAX_RAM_GB);
    requireRange(key, "batteryHealthPct", l.getBatteryHealthPct(), 0, 100);
    requireRange(key, "warrantyMonths", l.getWarrantyMonths(), 0, MAX_WARRANTY_MONTHS);
    return l.toBuilder()
        .setPriceAmount(price(key, l.getPriceAmount(), MAX_PHONE_PRICE))
        .setTitle(truncate(l.getTitle(), MAX_TITLE_CHARS))
        .setBrand(truncate(l.getBrand(), MAX_SHORT_TEXT_CHARS))
        .setModel(truncate(l.getModel(), MAX_SHORT_TEXT_CHARS))
        .setColour(truncate(l.getColour(), MAX_SHORT_TEXT_CHARS))
        .setWarranty(truncate(l.getWarranty(), MAX_SHORT_TEXT_CHARS))
        .setSellerName(truncate(l.getSellerName(), MAX_SHORT_TEXT_CHARS))
        .setSellerUrl(urlOrNull(l.getSellerUrl()))
        .setLocation(truncate(l.getLocation(), MAX_SHORT_TEXT_CHARS))
        .setCity(truncate(l.getCity(), MAX_SHORT_TEXT_CHARS))
        .setDistrict(truncate(l.getDistrict(), MAX_SHORT_TEXT_CHARS))
        .setPublishedAt(publishedOrNull(l.getPublishedAt(), l.getScrapedAt()))
        .setImages(images(l.getImages()))
        .build();
  }

  /** Counter of listings that had U+0000 removed. */
  public static final String NUL_REMOVED = "nul_removed";

  private static final SchemaRegistry SCHEMAS = SchemaRegistry.createDefault();

  /** The listing with U+0000 removed from each text value; the same instance when it has none. */
  static <T extends ListingVersion> T withoutNul(Class<T> type, T listing) {
    try {
      Row row = SCHEMAS.getToRowFunction(type).apply(listing);
      Row cleaned = withoutNul(row);
      if (cleaned == row) {
        return listing;
      }
      Failures.counter(listing.getSource(), NUL_REMOVED).inc();
      return SCHEMAS.getFromRowFunction(type).apply(cleaned);
    } catch (NoSuchSchemaException e) {
      throw new IllegalArgumentException(type + " has no Beam schema", e);
    }
  }

  /** {@code row} without U+0000 in its strings and lists of strings; {@code row} itself when it has none. */
  static Row withoutNul(Row row) {
    Schema schema = row.getSchema();
    Object[] values = null;
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Object value = row.getValue(i);
      Object cleaned = value;
      if (value instanceof String text && text.indexOf(NUL) >= 0) {
        cleaned = text.replace(String.valueOf(NUL), "");
      } else if (value instanceof Collection<?> list && list.stream().anyMatch(e -> e instanceof String t && t.indexOf(NUL) >= 0)) {
        cleaned = list.stream().map(e -> e instanceof String t ? t.replace(String.valueOf(NUL), "") : e).toList();
      }
      if (cleaned != value) {
        if (values == null) {
          values = row.getValues().toArray();
        }
        values[i] = cleaned;
      }
    }
    return values == null ? row : Row.withSchema(schema).addValues(values).build();
  }

  private static final char NUL = '\u0000';

  /**
   * A positive amount up to {@code max}, at the sinks' two decimals (a third decimal is rounded
   * half-even, as the decimal column would).
   */
  public static @Nullable BigDecimal price(String listing, @Nullable BigDecimal amount, BigDecimal max)
      throws NormalisationException {
    if (amount == null) {
      return null;
    }
    if (amount.signum() <= 0 || amount.compareTo(max) > 0) {
      throw outOfRange(listing, "priceAmount", amount.toPlainString(), "0 < price <= " + max.toPlainString());
    }
    return amount.scale() > PRICE_SCALE ? amount.setScale(PRICE_SCALE, RoundingMode.HALF_EVEN) : amount;
  }

  /** Fails unless {@code value} is null or a finite number in [min, max]. */
  public static void requireRange(String listing, String field, @Nullable Number value, double min, double max)
      throws NormalisationException {
    if (value == null) {
      return;
    }
    double v = value.doubleValue();
    // NaN fails both comparisons, so it is refused too.
    if (!(v >= min && v <= max)) {
      throw outOfRange(listing, field, value.toString(), plain(min) + " .. " + plain(max));
    }
  }

  private static final Pattern LEADING_ZEROS = Pattern.compile("^0+(?=\\d)");

  /**
   * Digits as an int, Integer.MAX_VALUE when larger: an absurd count stays a number the range
   * check names in its message instead of a NumberFormatException.
   */
  public static int saturatedInt(String digits) {
    String d = LEADING_ZEROS.matcher(digits).replaceFirst("");
    return d.length() > 10 ? Integer.MAX_VALUE : saturatedInt(Long.parseLong(d));
  }

  /** {@code n} clamped to the int range. */
  public static int saturatedInt(long n) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
  }

  /** {@code text} cut to {@code max} characters, the last being {@value #TRUNCATED_MARK}. */
  public static @Nullable String truncate(@Nullable String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max - TRUNCATED_MARK.length();
    // Never split a surrogate pair: half an emoji is not valid text for the sinks.
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + TRUNCATED_MARK;
  }

  private static void requireLength(String listing, String field, @Nullable String value, int max)
      throws NormalisationException {
    if (value != null && value.length() > max) {
      throw new NormalisationException(TOO_LONG, "Listing " + abbreviate(listing) + ": " + field + " has "
          + value.length() + " characters, at most " + max + " allowed (" + abbreviate(value) + ")");
    }
  }

  private static void requireCount(String listing, String field, List<String> values, int max)
      throws NormalisationException {
    if (values.size() > max) {
      throw new NormalisationException(TOO_LONG,
          "Listing " + abbreviate(listing) + ": " + field + " has " + values.size() + " entries, at most " + max + " allowed");
    }
  }

  private static @Nullable String urlOrNull(@Nullable String url) {
    return url == null || url.length() <= MAX_URL_CHARS ? url : null;
  }

  private static @Nullable Instant publishedOrNull(@Nullable Instant published, Instant scraped) {
    boolean plausible = published != null
        && !published.isBefore(EARLIEST_PUBLISHED)
        && !published.isAfter(scraped.plus(Duration.standardDays(1)));
    return plausible ? published : null;
  }

  private static List<String> images(List<String> images) {
    List<String> out = new ArrayList<>();
    for (String image : images) {
      if (out.size() == MAX_IMAGES) {
        break;
      }
      if (image.length() <= MAX_URL_CHARS) {
        out.add(image);
      }
    }
    return out.size() == images.size() ? images : List.copyOf(out);
  }

  private static NormalisationException outOfRange(String listing, String field, String value, String range) {
    return new NormalisationException(OUT_OF_RANGE,
        "Listing " + abbreviate(listing) + ": " + field + " = " + abbreviate(value) + " is outside " + range);
  }

  /** Messages quote values, and a value may be megabytes long. */
  private static String abbreviate(String s) {
    return truncate(s, 80);
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
