package dev.souk.transforms.normalise;

import dev.souk.io.Urls;
import dev.souk.model.ListingKey;
import dev.souk.model.PhoneListing;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.text.Price;
import dev.souk.transforms.text.PriceParser;
import dev.souk.transforms.text.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Raw used-phone listing ({@link RawListingFields#FORMAT}, Mobile Masr, Noon or Dubizzle) → silver
 * {@link PhoneListing}. Stateless and thread-safe. A labelled spec value (Noon's table, Mobile
 * Masr's badge) wins over what the title says; the title fills the rest.
 */
public final class PhoneListingNormaliser {
  // The phone vocabularies keep their own folder: both markets have a conditions.tsv and attribute_labels.tsv.
  private static final String RES = "/dev/souk/transforms/normalise/phones/";
  private static final Vocabulary LABELS = Vocabulary.load(RES + "attribute_labels.tsv");
  private static final Vocabulary CONDITIONS = Vocabulary.load(RES + "conditions.tsv");
  private static final Vocabulary TERMS = Vocabulary.load(RES + "terms.tsv");

  private static final Pattern NUMBER = Pattern.compile("(\\d+)");
  private static final Pattern MONTHS = Pattern.compile("(\\d+)\\s*(?:شهر|شهور|أشهر|اشهر|months?)", Pattern.CASE_INSENSITIVE);
  private static final Pattern YEARS = Pattern.compile("(?:(\\d+)\\s*)?(?:سنة|سنه|سنين|years?)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PERCENT = Pattern.compile("^(\\d{1,3})\\s*[%٪]$");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(gb|tb|جيجا|تيرا)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern FIRST_OF_SEVERAL = Pattern.compile("^(\\D*\\d{1,3}(?:,\\d{3})*)(?= \\d)");
  // Dubizzle cards end the location with the "•" that separates it from the date.
  private static final Pattern TRAILING_BULLETS = Pattern.compile("[\\s•·]+$");

  private PhoneListingNormaliser() {}

  /**
   * @throws NormalisationException reason {@code bad_payload} (wrong format or unreadable JSON),
   *     {@code unknown_site} (not a used-phone site), {@code missing_listing_id}, {@code bad_url}
   */
  public static PhoneListing normalise(RawListing raw) throws NormalisationException {
    if (!RawListingFields.FORMAT.equals(raw.getPayloadFormat())) {
      throw new NormalisationException("bad_payload",
          "Payload format '" + raw.getPayloadFormat() + "' is not " + RawListingFields.FORMAT + " (listing " + raw.getListingId() + ")");
    }
    Site site = phoneSite(raw.getSite());
    RawListingFields f;
    try {
      f = RawListingFields.fromJson(raw.getPayload());
    } catch (IllegalArgumentException e) {
      throw new NormalisationException("bad_payload", e.getMessage() + " (listing " + raw.getListingId() + ")");
    }
    String listingId = Text.collapse(raw.getListingId()) != null ? Text.collapse(raw.getListingId()) : Text.collapse(f.listingId);
    if (listingId == null) {
      throw new NormalisationException("missing_listing_id", "No listing id in record from " + raw.getProvenance());
    }
    String url = Urls.canonical(f.url != null ? f.url : raw.getUrl());
    if (url == null) {
      throw new NormalisationException("bad_url", "Listing " + ListingKey.of(site, listingId) + " has no http(s) URL: " + raw.getUrl());
    }
    Specs specs = Specs.of(f.attributes == null ? Map.of() : f.attributes);
    String title = Text.collapse(f.title);
    PhoneTitle fromTitle = PhoneTitle.parse(title);
    String brand = first(brand(specs.get("brand")), fromTitle.brand());
    Price price = PriceParser.parse(nowPrice(f.priceText), site.defaultCurrency());
    String warranty = Text.collapse(specs.get("warranty"));
    String location = location(f.locationText);
    EgyptPlaces.Place place = EgyptPlaces.gazetteer().resolve(location);

    PhoneListing listing = PhoneListing.builder()
        .setSource(site.code())
        .setListingId(listingId)
        .setUrl(url)
        .setTitle(title)
        .setBrand(brand)
        .setModel(first(PhoneTitle.canonicalModel(brand, specs.get("model")), fromTitle.model()))
        .setStorageGb(first(sizeGb(specs.get("storage")), fromTitle.storageGb()))
        .setRamGb(first(sizeGb(specs.get("ram")), fromTitle.ramGb()))
        .setColour(first(colour(specs.get("colour")), fromTitle.colour()))
        .setCondition(first(condition(specs.get("grade")), condition(specs.get("condition"))))
        .setBatteryHealthPct(first(percent(specs.get("battery")), fromTitle.batteryPct()))
        .setWarranty(warranty)
        .setWarrantyMonths(warrantyMonths(warranty))
        .setWarrantyScope(warrantyScope(warranty))
        .setPriceAmount(price.amount())
        .setPriceCurrency(price.currency())
        .setPriceNegotiable(negotiable(f.priceText))
        .setPriceOnRequest(price.onRequest())
        .setSellerName(Text.collapse(f.sellerName))
        .setSellerUrl(Text.collapse(f.sellerUrl))
        .setLocation(location)
        .setCity(place.city())
        .setDistrict(place.district())
        .setScrapedAt(raw.getObservedAt())
        .setImages(images(f.images))
        .build();
    // After the bounds: the hash is of the row as it lands.
    listing = FieldLimits.check(listing);
    List<String> flags = Plausibility.merge(Plausibility.flags(listing),
        OriginalPayloads.observedByClock(raw) ? List.of(Plausibility.SCRAPED_AT_FROM_CLOCK) : List.of());
    listing = listing.toBuilder().setQualityFlags(flags).build();
    return listing.toBuilder().setContentHash(ContentHash.of(listing)).build();
  }

  /** Spec values keyed by field (brand, model, storage, ...), the site's labels mapped through attribute_labels.tsv. */
  private record Specs(Map<String, String> byField) {
    static Specs of(Map<String, String> attributes) {
      Map<String, String> byField = new java.util.HashMap<>();
      attributes.forEach((label, value) -> {
        String field = LABELS.lookup(label);
        if (field != null && value != null) {
          byField.putIfAbsent(field, value);
        }
      });
      // Mobile Masr's unlabelled badge: a battery %, a warranty or a grade.
      String badge = attributes.get("badge");
      if (badge != null) {
        String b = Text.westernDigits(badge).trim();
        byField.putIfAbsent(PERCENT.matcher(b).matches() ? "battery" : b.startsWith("ضمان") ? "warranty" : "grade", badge);
      }
      return new Specs(byField);
    }

    @Nullable
    String get(String field) {
      return byField.get(field);
    }
  }

  private static Site phoneSite(String code) throws NormalisationException {
    Site site;
    try {
      site = Site.fromCode(code == null ? "" : code);
    } catch (IllegalArgumentException e) {
      throw new NormalisationException("unknown_site", e.getMessage());
    }
    if (site.market() != Site.Market.USED_PHONES) {
      throw new NormalisationException("unknown_site", "Site '" + site.code() + "' is not a used-phone site");
    }
    return site;
  }

  private static <T> @Nullable T first(@Nullable T a, @Nullable T b) {
    return a != null ? a : b;
  }

  private static @Nullable String brand(@Nullable String text) {
    String code = PhoneTitle.BRANDS.lookup(text);
    return code != null ? code.split(" ", 2)[0] : Text.collapse(text);
  }

  /** "128 GB" → 128, "1 TB" → 1024. */
  private static @Nullable Integer sizeGb(@Nullable String text) {
    String t = Text.westernDigits(text);
    Matcher m = t == null ? null : SIZE.matcher(t);
    if (m == null || !m.find()) {
      return null;
    }
    long n = FieldLimits.saturatedInt(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(java.util.Locale.ROOT);
    return FieldLimits.saturatedInt(unit.equals("tb") || unit.equals("تيرا") ? n * 1024 : n);
  }

  /** A known colour word, else the site's own colour name in lower case ("Sunny Oasis"). */
  private static @Nullable String colour(@Nullable String text) {
    String c = PhoneTitle.COLOURS.lookup(text);
    String k = Text.collapse(text);
    return c != null ? c : k == null ? null : k.toLowerCase(java.util.Locale.ROOT);
  }

  public static @Nullable String condition(@Nullable String text) {
    return CONDITIONS.lookup(text);
  }

  /** "90%", "١٠٠٪" → 90, 100; anything outside 0–100 is no reading. */
  public static @Nullable Integer percent(@Nullable String text) {
    String t = Text.collapse(Text.westernDigits(text));
    Matcher m = t == null ? null : PERCENT.matcher(t);
    if (m == null || !m.matches()) {
      return null;
    }
    int pct = Integer.parseInt(m.group(1));
    return pct <= 100 ? pct : null;
  }

  /** "ضمان دولي 12 شهر" → 12; "ضمان سنة" → 12; "سنتين" is not handled (no such value seen). */
  public static @Nullable Integer warrantyMonths(@Nullable String text) {
    String t = Text.collapse(Text.westernDigits(text));
    if (t == null) {
      return null;
    }
    Matcher m = MONTHS.matcher(t);
    if (m.find()) {
      return FieldLimits.saturatedInt(m.group(1));
    }
    Matcher y = YEARS.matcher(t);
    return y.find() ? FieldLimits.saturatedInt(12L * (y.group(1) == null ? 1 : FieldLimits.saturatedInt(y.group(1)))) : null;
  }

  /** "local" or "international", from the words دولي / محلي (terms.tsv). */
  public static @Nullable String warrantyScope(@Nullable String text) {
    String t = Text.collapse(text);
    if (t == null) {
      return null;
    }
    for (String word : t.split(" ")) {
      String term = TERMS.lookup(word);
      if ("local".equals(term) || "international".equals(term)) {
        return term;
      }
    }
    return null;
  }

  /**
   * The first amount only: Noon shows now, was and discount in one block ("EGP 4,099 5,899 30%
   * OFF"), and PriceParser would read "4,099 5,899" as one space-grouped number. Egyptian sites
   * group thousands with commas, so a space between two numbers ends the amount.
   */
  static @Nullable String nowPrice(@Nullable String priceText) {
    String t = Text.collapse(Text.westernDigits(priceText));
    if (t == null) {
      return null;
    }
    Matcher m = FIRST_OF_SEVERAL.matcher(t);
    return m.find() ? m.group(1) : t;
  }

  /** Dubizzle's "EGP 26,900\nNegotiable". */
  public static boolean negotiable(@Nullable String priceText) {
    String t = Text.collapse(priceText);
    if (t == null) {
      return false;
    }
    String[] words = t.split(" ");
    for (int i = 0; i < words.length; i++) {
      if ("negotiable".equals(TERMS.lookup(words[i]))
          || (i + 2 < words.length && "negotiable".equals(TERMS.lookup(words[i] + " " + words[i + 1] + " " + words[i + 2])))) {
        return true;
      }
    }
    return false;
  }

  /** "Nasr City, Cairo•" → "Nasr City, Cairo". */
  public static @Nullable String location(@Nullable String text) {
    String t = Text.collapse(text);
    return t == null ? null : Text.collapse(TRAILING_BULLETS.matcher(t).replaceAll(""));
  }

  private static List<String> images(@Nullable List<String> images) {
    List<String> out = new ArrayList<>();
    if (images != null) {
      for (String u : new LinkedHashSet<>(images)) {
        if (Text.collapse(u) != null) {
          out.add(u.strip());
        }
      }
    }
    return out;
  }
}
