package dev.souk.model;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A silver real-estate listing: one fixed, typed schema for every real-estate site. Never built
 * from whatever labels appear in the data: a new label on a site changes nothing here.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class PropertyListing implements ListingVersion {
  /** {@link Site#code()}. */
  public abstract String getSource();

  public abstract String getListingId();

  /** Canonical URL: scheme, host and path, without query or fragment. */
  public abstract String getUrl();

  public abstract @Nullable String getTitle();

  public abstract @Nullable String getDescription();

  /** {@link Offer#code()}: "sale" or "rent". */
  public abstract @Nullable String getOffer();

  /**
   * Whether the offer the page states equals the crawl mode the listing was reached from. Null
   * when the page states no offer (the offer then is the crawl mode) or there is no crawl mode;
   * false flags a listing filed under the wrong mode (docs/sites.md §9.7).
   */
  public abstract @Nullable Boolean getOfferMatchesCrawl();

  /** One vocabulary across sites, e.g. "apartment", "villa_riad", "land" (docs/sites.md §8.4). */
  public abstract @Nullable String getPropertyType();

  /** Amount in {@link #getPriceCurrency()}; monthly for rents. Null when not shown. */
  public abstract @Nullable BigDecimal getPriceAmount();

  /** ISO 4217: MAD, EUR, ... */
  public abstract @Nullable String getPriceCurrency();

  /** True when the site says the price is on request ("Prix à consulter"). */
  public abstract boolean getPriceOnRequest();

  public abstract @Nullable Double getSurfaceTotalM2();

  public abstract @Nullable Double getSurfaceLivingM2();

  public abstract @Nullable Integer getRooms();

  public abstract @Nullable Integer getBedrooms();

  public abstract @Nullable Integer getBathrooms();

  /** 0 is the ground floor. */
  public abstract @Nullable Integer getFloor();

  /** "new", "good" or "to_renovate"; an unknown site label as its slug. */
  public abstract @Nullable String getCondition();

  /**
   * Building age bucket with its source's own bounds, e.g. "less_than_1_year", "1_5_years",
   * "6_10_years" (Avito), "5_10_years" (Mubawab), "more_than_20_years"; an unknown site label as
   * its slug. The sites' buckets overlap and are not merged: see {@code age_buckets.tsv} in
   * transforms.
   */
  public abstract @Nullable String getAgeBucket();

  /** Land zoning codes, sorted, e.g. ["agricultural", "villa_lots"]; empty when none. */
  public abstract List<String> getZoning();

  /** Canonical lower-case Latin city name, e.g. "casablanca". */
  public abstract @Nullable String getCity();

  /** Canonical lower-case neighbourhood; null when the site gives none. */
  public abstract @Nullable String getNeighbourhood();

  public abstract @Nullable String getSellerName();

  public abstract @Nullable String getSellerUrl();

  public abstract @Nullable Boolean getSellerIsStore();

  /** When the ad was published, in UTC; null when the site does not show it. */
  public abstract @Nullable Instant getPublishedAt();

  /** When the page was fetched, in UTC. */
  public abstract Instant getScrapedAt();

  /** Canonical equipment codes, sorted, e.g. ["ascenseur", "parking"]. */
  public abstract List<String> getEquipments();

  public abstract List<String> getImages();

  public abstract @Nullable Double getLatitude();

  public abstract @Nullable Double getLongitude();

  /**
   * What looks wrong with the row, as sorted codes (e.g. "coordinates_outside_country",
   * "price_per_m2_below_window", "scraped_at_from_clock"); empty when nothing does. The values
   * stay as the site gave them: a flag marks a doubt, it never replaces a value. Derived, so not
   * part of the content hash. The codes and their rules: docs/sites.md §8.6.
   */
  public abstract List<String> getQualityFlags();

  /**
   * Hex SHA-256 of the listing's content (every field except those excluded, with their reasons,
   * in {@code ContentHash.PROPERTY_NOT_HASHED}: scrape and publication times, quality flags,
   * producer-dependent fields, the hash itself):
   * equal hashes mean an unchanged listing, a new hash (a price drop) means a new version.
   */
  public abstract String getContentHash();

  public static Builder builder() {
    return new AutoValue_PropertyListing.Builder()
        .setPriceOnRequest(false)
        .setZoning(List.of())
        .setEquipments(List.of())
        .setImages(List.of())
        .setQualityFlags(List.of())
        .setContentHash("");
  }

  public abstract Builder toBuilder();

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSource(String v);

    public abstract Builder setListingId(String v);

    public abstract Builder setUrl(String v);

    public abstract Builder setTitle(@Nullable String v);

    public abstract Builder setDescription(@Nullable String v);

    public abstract Builder setOffer(@Nullable String v);

    public abstract Builder setOfferMatchesCrawl(@Nullable Boolean v);

    public abstract Builder setPropertyType(@Nullable String v);

    public abstract Builder setPriceAmount(@Nullable BigDecimal v);

    public abstract Builder setPriceCurrency(@Nullable String v);

    public abstract Builder setPriceOnRequest(boolean v);

    public abstract Builder setSurfaceTotalM2(@Nullable Double v);

    public abstract Builder setSurfaceLivingM2(@Nullable Double v);

    public abstract Builder setRooms(@Nullable Integer v);

    public abstract Builder setBedrooms(@Nullable Integer v);

    public abstract Builder setBathrooms(@Nullable Integer v);

    public abstract Builder setFloor(@Nullable Integer v);

    public abstract Builder setCondition(@Nullable String v);

    public abstract Builder setAgeBucket(@Nullable String v);

    public abstract Builder setZoning(List<String> v);

    public abstract Builder setCity(@Nullable String v);

    public abstract Builder setNeighbourhood(@Nullable String v);

    public abstract Builder setSellerName(@Nullable String v);

    public abstract Builder setSellerUrl(@Nullable String v);

    public abstract Builder setSellerIsStore(@Nullable Boolean v);

    public abstract Builder setPublishedAt(@Nullable Instant v);

    public abstract Builder setScrapedAt(Instant v);

    public abstract Builder setEquipments(List<String> v);

    public abstract Builder setImages(List<String> v);

    public abstract Builder setLatitude(@Nullable Double v);

    public abstract Builder setLongitude(@Nullable Double v);

    public abstract Builder setQualityFlags(List<String> v);

    public abstract Builder setContentHash(String v);

    public abstract PropertyListing build();
  }
}
