package dev.souk.transforms.markets;

import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.transforms.model.ModelStarSchema;
import dev.souk.transforms.normalise.NormaliseListings;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The one registry of markets, as {@code SiteAdapters} is of sites: the graph never branches per market. */
public final class Markets {
  /** Avito and Mubawab: {@code silver.property_listings}, {@code fact_property_listing}. */
  public static final MarketSpec<PropertyListing> REAL_ESTATE = new SiteMarket<>("RealEstate",
      "silver.property_listings", PropertyListing.class, NormaliseListings.realEstate(), ModelStarSchema.realEstate());

  /** Mobile Masr, Noon and Dubizzle: {@code silver.phone_listings}, {@code fact_used_phone_listings}. */
  public static final MarketSpec<PhoneListing> USED_PHONES = new SiteMarket<>("UsedPhones",
      "silver.phone_listings", PhoneListing.class, NormaliseListings.usedPhones(), ModelStarSchema.usedPhones());

  private static final List<MarketSpec<?>> ALL = List.of(REAL_ESTATE, USED_PHONES);

  private Markets() {}

  /** Every market, in a stable order. */
  public static List<MarketSpec<?>> all() {
    return ALL;
  }

  /**
   * Checks that {@code markets} can share one graph: distinct names (they name steps) and silver
   * tables; a conformed dimension may be shared, a table name with two schemas may not.
   */
  public static List<MarketSpec<?>> checked(Collection<? extends MarketSpec<?>> markets) {
    if (markets.isEmpty()) {
      throw new IllegalArgumentException("No market to build: give at least one MarketSpec");
    }
    Set<String> names = new HashSet<>();
    Set<String> silver = new HashSet<>();
    for (MarketSpec<?> m : markets) {
      if (!names.add(m.name())) {
        throw new IllegalArgumentException("Two markets are named " + m.name());
      }
      if (!silver.add(m.silverTable())) {
        throw new IllegalArgumentException("Two markets write the silver table " + m.silverTable());
      }
    }
    warehouseTables(markets);
    return List.copyOf(markets);
  }

  /** The markets' warehouse tables, each once (conformed dimensions are shared), dimensions before facts. */
  public static List<WarehouseTable> warehouseTables(Collection<? extends MarketSpec<?>> markets) {
    Map<String, WarehouseTable> tables = new LinkedHashMap<>();
    for (MarketSpec<?> market : markets) {
      for (WarehouseTable table : market.starSchema().tables()) {
        WarehouseTable known = tables.putIfAbsent(table.name(), table);
        if (known != null && !known.equals(table)) {
          throw new IllegalArgumentException("Warehouse table " + table.name() + " is defined twice with "
              + "different columns (market " + market.name() + ")");
        }
      }
    }
    return List.copyOf(tables.values());
  }
}
