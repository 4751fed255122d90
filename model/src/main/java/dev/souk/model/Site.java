package dev.souk.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The marketplaces Souk knows. A site's code is the stable natural key used in every table
 * ({@code source} column); its hosts are the crawler's allow-list for that site.
 */
public enum Site {
  AVITO("avito", Market.REAL_ESTATE, "MA", "MAD", "classified", "www.avito.ma", "avito.ma"),
  MUBAWAB("mubawab", Market.REAL_ESTATE, "MA", "MAD", "classified", "www.mubawab.ma", "mubawab.ma"),
  MOBILEMASR("mobilemasr", Market.USED_PHONES, "EG", "EGP", "marketplace", "mobilemasr.com", "www.mobilemasr.com"),
  NOON("noon", Market.USED_PHONES, "EG", "EGP", "marketplace", "www.noon.com"),
  DUBIZZLE("dubizzle", Market.USED_PHONES, "EG", "EGP", "classified", "www.dubizzle.com.eg", "dubizzle.com.eg");

  /** Which silver schema and star schema a site's listings belong to. */
  public enum Market {
    REAL_ESTATE,
    USED_PHONES
  }

  private final String code;
  private final Market market;
  private final String country;
  private final String defaultCurrency;
  private final String sourceType;
  private final List<String> hosts;

  Site(String code, Market market, String country, String defaultCurrency, String sourceType, String... hosts) {
    this.code = code;
    this.market = market;
    this.country = country;
    this.defaultCurrency = defaultCurrency;
    this.sourceType = sourceType;
    this.hosts = List.of(hosts);
  }

  public String code() {
    return code;
  }

  public Market market() {
    return market;
  }

  /** ISO 3166 country code of the site's market. */
  public String country() {
    return country;
  }

  /** ISO 4217 currency a price without an explicit currency is in. */
  public String defaultCurrency() {
    return defaultCurrency;
  }

  /** "classified" (people post ads) or "marketplace" (shops sell through the site). */
  public String sourceType() {
    return sourceType;
  }

  /** The primary domain, e.g. {@code www.avito.ma}. */
  public String domain() {
    return hosts.get(0);
  }

  /** Hosts the crawler may fetch for this site (the allow-list). */
  public List<String> hosts() {
    return hosts;
  }

  public static Site fromCode(String code) {
    return Arrays.stream(values())
        .filter(s -> s.code.equals(code.toLowerCase(Locale.ROOT).trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "Unknown site '" + code + "'; known sites: " + Arrays.toString(codes())));
  }

  /** The site whose allow-list contains {@code host}, if any. */
  public static Optional<Site> forHost(String host) {
    if (host == null) {
      return Optional.empty();
    }
    String h = host.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.hosts.contains(h)).findFirst();
  }

  public static String[] codes() {
    return Arrays.stream(values()).map(Site::code).toArray(String[]::new);
  }
}
