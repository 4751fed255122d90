package dev.souk.transforms.model;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.values.Row;

/**
 * Which natural-key columns, in which order, make each surrogate key of the star schemas: the
 * list a dbt model passes to {@code dbt_utils.generate_surrogate_key} to get Souk's key, e.g.
 * {@code generate_surrogate_key(['source_code', 'listing_id'])} for {@code listing_url_key}.
 *
 * <p>A dimension's key is made from columns of the dimension itself, so the key can be checked
 * (and recomputed) in the warehouse. A fact's version key is made from its silver listing's
 * {@code source}, {@code listingId} and {@code contentHash}, the columns of the silver table a dbt
 * model would read. {@code dim_date} is keyed by the date itself ({@code yyyymmdd}, an integer),
 * not by a hash. docs/graph.md has the same list.
 */
public final class StarKeys {
  private StarKeys() {}

  /**
   * The surrogate key {@code keyColumn} of {@code table} is {@code generate_surrogate_key(parts)}
   * over the columns of {@code from} (the table itself for a dimension).
   */
  public record Recipe(String table, String keyColumn, String from, List<String> parts) {
    public Recipe {
      parts = List.copyOf(parts);
    }

    /** Whether the parts are columns of the keyed table itself (a dimension). */
    public boolean fromOwnColumns() {
      return from.equals(table);
    }

    /** The key of a row of {@link #table} whose parts are its own columns. */
    public String keyOf(Row row) {
      if (!fromOwnColumns()) {
        throw new IllegalStateException(table + "." + keyColumn + " is made from " + from + ", not its own columns");
      }
      return SurrogateKey.of(parts.stream().map(row::getValue).toArray());
    }

    /**
     * The SQL a dbt model's {@code generate_surrogate_key(parts)} compiles to, over columns
     * qualified by {@code alias} (empty for none); {@code textType} is the warehouse's string type.
     */
    public String sql(String alias, String textType) {
      String prefix = alias.isEmpty() ? "" : alias + ".";
      return "md5(cast(" + parts.stream()
          .map(p -> "coalesce(cast(" + prefix + p + " as " + textType + "), '" + SurrogateKey.NULL_PART + "')")
          .collect(Collectors.joining(" || '" + SurrogateKey.SEPARATOR + "' || ")) + " as " + textType + "))";
    }
  }

  private static Recipe own(String table, String key, String... parts) {
    return new Recipe(table, key, table, List.of(parts));
  }

  public static final Recipe SOURCE = own("dim_source", "source_key", "source_code");
  public static final Recipe LOCATION = own("dim_location", "location_key", "country", "city", "neighbourhood");
  public static final Recipe SELLER = own("dim_seller", "seller_key", "source_code", "seller_name");
  public static final Recipe LISTING_URL = own("dim_listing_url", "listing_url_key", "source_code", "listing_id");
  public static final Recipe PROPERTY_TYPE = own("dim_property_type", "property_type_key", "property_type");
  public static final Recipe PRODUCT = own("dim_product", "product_key", "brand", "model", "storage_gb");
  public static final Recipe PROPERTY_VERSION = new Recipe("fact_property_listing", "listing_version_key",
      "silver.property_listings", List.of("source", "listingId", "contentHash"));
  public static final Recipe PHONE_VERSION = new Recipe("fact_used_phone_listings", "listing_version_key",
      "silver.phone_listings", List.of("source", "listingId", "contentHash"));
  /** The same key as the facts' ({@link ListingHistory}: one row per version of either market). */
  public static final Recipe HISTORY_VERSION = new Recipe("dim_listing_history", "listing_version_key",
      "silver.property_listings or silver.phone_listings", List.of("source", "listingId", "contentHash"));

  /** Every surrogate key of the star schemas. */
  public static final List<Recipe> ALL = List.of(
      SOURCE, LOCATION, SELLER, LISTING_URL, PROPERTY_TYPE, PRODUCT, PROPERTY_VERSION, PHONE_VERSION, HISTORY_VERSION);

  /** The recipes of dimension keys, by table name. */
  public static Map<String, Recipe> dimensions() {
    return ALL.stream().filter(Recipe::fromOwnColumns)
        .collect(Collectors.toMap(Recipe::table, Function.identity()));
  }
}
