package dev.souk.model;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A silver used-phone listing: one fixed, typed schema for Mobile Masr, Noon and Dubizzle. Fields
 * a site does not show are null; nothing is guessed from a title cut short with "...".
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class PhoneListing implements ListingVersion {
  /** {@link Site#code()}. */
  public abstract String getSource();

  /** Mobile Masr code ({@code vu016610}), Noon SKU ({@code N53377220A}) or Dubizzle ad number. */
  public abstract String getListingId();

  /** Canonical URL: scheme, host and path, without query or fragment. */
  public abstract String getUrl();

  public abstract @Nullable String getTitle();

  /** Canonical brand, e.g. "Apple", "Samsung", "Xiaomi". */
  public abstract @Nullable String getBrand();

  /** Model without the brand, e.g. "iPhone 13 Pro Max", "Galaxy M55", "Redmi Note 13 Pro Plus". */
  public abstract @Nullable String getModel();

  public abstract @Nullable Integer getStorageGb();

  public abstract @Nullable Integer getRamGb();

  /** Lower-case English colour name, e.g. "blue", "midnight". */
  public abstract @Nullable String getColour();

  /** One vocabulary: new, used, excellent, very_good, good, refurbished. */
  public abstract @Nullable String getCondition();

  /** Battery health in percent, 0–100. */
  public abstract @Nullable Integer getBatteryHealthPct();

  /** Warranty as shown, e.g. "ضمان دولي 12 شهر". */
  public abstract @Nullable String getWarranty();

  public abstract @Nullable Integer getWarrantyMonths();

  /** "local" or "international". */
  public abstract @Nullable String getWarrantyScope();

  /** Price now (Noon's first amount, before the struck-through one). Null when not shown. */
  public abstract @Nullable BigDecimal getPriceAmount();

  /** ISO 4217, EGP on every phone site. */
  public abstract @Nullable String getPriceCurrency();

  /** Dubizzle's "Negotiable". */
  public abstract boolean getPriceNegotiable();

  /** True when the site shows no amount on purpose (Dubizzle "Not Available"). */
  public abstract boolean getPriceOnRequest();

  public abstract @Nullable String getSellerName();

  public abstract @Nullable String getSellerUrl();

  /** The location line as shown, cleaned: "Nasr City, Cairo". */
  public abstract @Nullable String getLocation();

  /** Governorate or city, e.g. "Cairo", "Giza". */
  public abstract @Nullable String getCity();

  public abstract @Nullable String getDistrict();

  public abstract @Nullable Instant getPublishedAt();

  public abstract Instant getScrapedAt();

  public abstract List<String> getImages();

  /**
   * What looks wrong with the row, as sorted codes (e.g. "price_below_window",
   * "scraped_at_from_clock"); empty when nothing does. Values stay as given: a flag marks a
   * doubt, it never replaces a value. Derived, so not part of the content hash (docs/sites.md §8.6).
   */
  public abstract List<String> getQualityFlags();

  /**
   * Hex SHA-256 over every field except those excluded, with their reasons, in {@code
   * ContentHash.PHONE_NOT_HASHED} (scrape and publication times, quality flags, the seller link, the hash itself).
   */
  public abstract String getContentHash();

  public static Builder builder() {
    return new AutoValue_PhoneListing.Builder()
        .setPriceNegotiable(false)
        .setPriceOnRequest(false)
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

    public abstract Builder setBrand(@Nullable String v);

    public abstract Builder setModel(@Nullable String v);

    public abstract Builder setStorageGb(@Nullable Integer v);

    public abstract Builder setRamGb(@Nullable Integer v);

    public abstract Builder setColour(@Nullable String v);

    public abstract Builder setCondition(@Nullable String v);

    public abstract Builder setBatteryHealthPct(@Nullable Integer v);

    public abstract Builder setWarranty(@Nullable String v);

    public abstract Builder setWarrantyMonths(@Nullable Integer v);

    public abstract Builder setWarrantyScope(@Nullable String v);

    public abstract Builder setPriceAmount(@Nullable BigDecimal v);

    public abstract Builder setPriceCurrency(@Nullable String v);

    public abstract Builder setPriceNegotiable(boolean v);

    public abstract Builder setPriceOnRequest(boolean v);

    public abstract Builder setSellerName(@Nullable String v);

    public abstract Builder setSellerUrl(@Nullable String v);

    public abstract Builder setLocation(@Nullable String v);

    public abstract Builder setCity(@Nullable String v);

    public abstract Builder setDistrict(@Nullable String v);

    public abstract Builder setPublishedAt(@Nullable Instant v);

    public abstract Builder setScrapedAt(Instant v);

    public abstract Builder setImages(List<String> v);

    public abstract Builder setQualityFlags(List<String> v);

    public abstract Builder setContentHash(String v);

    public abstract PhoneListing build();
  }
}
