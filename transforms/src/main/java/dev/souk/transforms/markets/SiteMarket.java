package dev.souk.transforms.markets;

import dev.souk.model.ListingVersion;
import dev.souk.model.RawListing;
import dev.souk.model.Site;
import dev.souk.transforms.model.ModelStarSchema;
import dev.souk.transforms.normalise.NormaliseListings;

/** A market made of the sites of one {@link Site.Market}: a raw listing belongs to it by its site. */
record SiteMarket<T extends ListingVersion>(
    String name, String silverTable, Class<T> silverType, NormaliseListings<T> normalise,
    ModelStarSchema<T> starSchema) implements MarketSpec<T> {

  @Override
  public boolean accepts(RawListing raw) {
    return coversSite(raw.getSite());
  }

  @Override
  public boolean coversSite(String siteCode) {
    for (Site site : Site.values()) {
      if (site.code().equals(siteCode)) {
        return site.market() == normalise.market();
      }
    }
    return false;
  }
}
