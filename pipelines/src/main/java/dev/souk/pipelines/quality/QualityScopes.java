package dev.souk.pipelines.quality;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What thresholds can name: each market (by its name, e.g. {@code RealEstate}) with the fields of
 * its silver table, and each site with the markets that cover it. Built from the job's markets
 * ({@link QualityGates#scopes}); plain data, so the parser is tested without them.
 */
public record QualityScopes(Map<String, Set<String>> marketsOfSite, Map<String, Set<String>> fieldsOfMarket) {
  public QualityScopes {
    marketsOfSite = Map.copyOf(marketsOfSite);
    fieldsOfMarket = Map.copyOf(fieldsOfMarket);
  }

  public Set<String> marketsOf(String site) {
    return marketsOfSite.getOrDefault(site, Set.of());
  }

  public boolean isSite(String name) {
    return marketsOfSite.containsKey(name);
  }

  public boolean isMarket(String name) {
    return fieldsOfMarket.containsKey(name);
  }

  /** The silver fields of a market, or of a site's markets; empty for neither. */
  public Set<String> fieldsOf(String marketOrSite) {
    Set<String> fields = new TreeSet<>(fieldsOfMarket.getOrDefault(marketOrSite, Set.of()));
    marketsOf(marketOrSite).forEach(market -> fields.addAll(fieldsOfMarket.getOrDefault(market, Set.of())));
    return fields;
  }

  /** Markets then sites, in name order, for messages. */
  String describe() {
    return "markets " + String.join(", ", new TreeSet<>(fieldsOfMarket.keySet())) + "; sites "
        + String.join(", ", new TreeSet<>(marketsOfSite.keySet()));
  }
}
