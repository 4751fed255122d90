package dev.souk.transforms.markets;

import dev.souk.model.ListingVersion;
import dev.souk.model.RawListing;
import dev.souk.transforms.model.ModelStarSchema;
import dev.souk.transforms.normalise.NormaliseListings;
import java.io.Serializable;

/**
 * Everything the graph needs to know about one market (real estate, used phones, ...): which raw
 * listings belong to it, how they become typed silver rows, where those rows live in the lake and
 * how they are modelled into the warehouse. The graph iterates {@link Markets}; adding a market is
 * adding a spec and its classes, not editing the graph.
 */
public interface MarketSpec<T extends ListingVersion> extends Serializable {
  /** Display name and step-name prefix, e.g. {@code RealEstate}: stable, it names the graph's steps. */
  String name();

  /** The lake table of the market's silver listing versions, {@code namespace.table}. */
  String silverTable();

  /** The silver type; it carries a Beam schema, which is the silver table's schema. */
  Class<T> silverType();

  /** Whether a raw listing (from any source) is one of this market's. */
  boolean accepts(RawListing raw);

  /** Whether listings of the site with this code go to this market (for per-market summaries). */
  boolean coversSite(String siteCode);

  /** Raw listings of this market → silver listings, with failures. */
  NormaliseListings<T> normalise();

  /** Silver listings → star-schema rows; its tables are the market's warehouse tables. */
  ModelStarSchema<T> starSchema();
}
