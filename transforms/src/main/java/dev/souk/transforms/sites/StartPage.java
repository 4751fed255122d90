package dev.souk.transforms.sites;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A search page a crawl starts from, with the crawl mode it stands for. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class StartPage {
  public abstract String getSite();

  public abstract String getUrl();

  /** "sale" or "rent" for real estate; null where the site has no such mode. */
  public abstract @Nullable String getOffer();

  public static StartPage of(String site, String url, @Nullable String offer) {
    return new AutoValue_StartPage(site, url, offer);
  }
}
