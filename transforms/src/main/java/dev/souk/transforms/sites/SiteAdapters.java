package dev.souk.transforms.sites;

import dev.souk.model.Site;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one registry of site adapters: pipelines look a site's adapter up here, never branch per site. */
public final class SiteAdapters {
  private static final List<SiteAdapter> ALL = List.of(
      new AvitoAdapter(), new MubawabAdapter(), new MobileMasrAdapter(), new NoonAdapter(), new DubizzleAdapter());
  private static final Map<Site, SiteAdapter> BY_SITE = index();

  private SiteAdapters() {}

  private static Map<Site, SiteAdapter> index() {
    Map<Site, SiteAdapter> map = new EnumMap<>(Site.class);
    for (SiteAdapter adapter : ALL) {
      if (map.put(adapter.site(), adapter) != null) {
        throw new IllegalStateException("Two adapters for site " + adapter.site().code());
      }
    }
    return map;
  }

  /** The adapter for {@code site}; throws if Souk cannot read that site yet. */
  public static SiteAdapter forSite(Site site) {
    return find(site).orElseThrow(() -> new IllegalArgumentException(
        "No site adapter for '" + site.code() + "'; adapters exist for "
            + Arrays.toString(ALL.stream().map(a -> a.site().code()).toArray())));
  }

  public static Optional<SiteAdapter> find(Site site) {
    return Optional.ofNullable(site).map(BY_SITE::get);
  }

  /** Every adapter, in a stable order. */
  public static List<SiteAdapter> all() {
    return ALL;
  }
}
