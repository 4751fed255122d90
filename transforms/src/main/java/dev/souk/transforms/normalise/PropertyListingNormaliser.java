package dev.souk.transforms.normalise;

import dev.souk.io.Urls;
import dev.souk.model.ListingKey;
import dev.souk.model.Offer;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.text.Price;
import dev.souk.transforms.text.PriceParser;
import dev.souk.transforms.text.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Raw real-estate listing ({@link RawListingFields#FORMAT} or one of the original producers'
 * {@link OriginalPayloads#FORMATS}, Avito or Mubawab) → silver {@link
 * PropertyListing}. Stateless and thread-safe; a DoFn calls {@link #normalise} per element and
 * routes {@link NormalisationException}s to the dead letter.
 */
public final class PropertyListingNormaliser {
  private static final Pattern HOME_PAGE = Pattern.compile("^https?://[^/]+/([a-z]{2}/?)?$");
  private static final Set<String> NULL_SELLERS = Set.of("null", "none", "nan", "unknown", "n/a", "-");

  private PropertyListingNormaliser() {}

  /**
   * @param offerHint the crawl mode the listing was reached from ("sale"/"rent", or the
   *     original's "vente"/"location"); used only when the page itself states no offer. Null:
   *     the payload's own {@code crawlMode}
   * @throws NormalisationException reason {@code bad_payload} (unknown format, unreadable
   *     {@link RawListingFields#FORMAT} JSON, or a field of the wrong type), the reasons of {@link
   *     OriginalPayloads#toFields} for the original producers' formats, {@code unknown_site}
   *     (not a real-estate site this class knows), {@code missing_listing_id}, {@code bad_url}
   */
  public static PropertyListing normalise(RawListing raw, @Nullable String offerHint)
      throws NormalisationException {
    Site site = realEstateSite(raw.getSite());
    RawListingFields f = fields(raw);
    // Explicit JSON nulls would otherwise replace the empty defaults.
    f.breadcrumbs = f.breadcrumbs == null ? List.of() : f.breadcrumbs;
    f.attributes = f.attributes == null ? Map.of() : f.attributes;
    String listingId = Text.collapse(raw.getListingId());
    if (listingId == null) {
      listingId = Text.collapse(f.listingId);
    }
    if (listingId == null) {
      throw new NormalisationException("missing_listing_id", "No listing id in record from " + raw.getProvenance());
    }
    String url = Urls.canonical(f.url != null ? f.url : raw.getUrl());
    if (url == null) {
      throw new NormalisationException(
          "bad_url", "Listing " + ListingKey.of(site, listingId) + " has no http(s) URL: " + raw.getUrl());
    }

    ListingAttributes attrs = ListingAttributes.parse(f.attributes);
    PropertyType type = propertyType(site, f, attrs, url);
    Surfaces.Flagged flaggedSurfaces = surfaces(attrs, type);
    Surfaces surfaces = flaggedSurfaces.surfaces();
    Location location = site == Site.AVITO
        ? Location.fromAvitoBreadcrumbs(f.breadcrumbs)
        : Location.fromMubawab(f.breadcrumbs, f.locationText);
    Price price = PriceParser.parse(f.priceText, site.defaultCurrency());
    Offer pageOffer = pageOffer(f, url);
    Offer crawlOffer = Offers.fromText(offerHint != null ? offerHint : f.crawlMode);
    // The crawl mode is the last resort: the page is the better witness of what is offered.
    Offer offer = pageOffer != null ? pageOffer : crawlOffer;
    Double lat = ListingAttributes.parseLatitude(f.latitude);
    Double lon = ListingAttributes.parseLongitude(f.longitude);
    Instant published = PublishedTimeParser.parse(f.publishedText, toJava(raw.getObservedAt()));

    PropertyListing listing =
        PropertyListing.builder()
            .setSource(site.code())
            .setListingId(listingId)
            .setUrl(url)
            .setTitle(Text.collapse(f.title))
            .setDescription(f.description == null || f.description.isBlank() ? null : f.description.strip())
            .setOffer(offer == null ? null : offer.code())
            .setOfferMatchesCrawl(offerMatchesCrawl(pageOffer, crawlOffer))
            .setPropertyType(type == null ? null : type.code())
            .setPriceAmount(price.amount())
            .setPriceCurrency(price.currency())
            .setPriceOnRequest(price.onRequest())
            .setSurfaceTotalM2(surfaces.totalM2())
            .setSurfaceLivingM2(surfaces.livingM2())
            .setRooms(attrs.rooms())
            .setBedrooms(attrs.bedrooms())
            .setBathrooms(attrs.bathrooms())
            .setFloor(attrs.floor())
            .setCondition(attrs.condition())
            .setAgeBucket(attrs.ageBucket())
            .setZoning(attrs.zoning())
            .setCity(location.city())
            .setNeighbourhood(location.neighbourhood())
            .setSellerName(sellerName(f.sellerName))
            .setSellerUrl(sellerUrl(f.sellerUrl))
            .setSellerIsStore(f.sellerIsStore)
            .setPublishedAt(published == null ? null : new org.joda.time.Instant(published.toEpochMilli()))
            .setScrapedAt(raw.getObservedAt())
            .setEquipments(EquipmentNormaliser.normalise(f.equipments, f.attributes.values()))
            .setImages(images(f.images))
            // Some Mubawab adapters put the map pin among the attributes.
            .setLatitude(lat != null ? lat : attrs.latitude())
            .setLongitude(lon != null ? lon : attrs.longitude())
            .build();
    // After the bounds: the hash and the flags are of the row as it lands.
    listing = FieldLimits.check(listing);
    List<String> flags = Plausibility.merge(flaggedSurfaces.flags(), Plausibility.flags(listing),
        OriginalPayloads.observedByClock(raw) ? List.of(Plausibility.SCRAPED_AT_FROM_CLOCK) : List.of());
    listing = listing.toBuilder().setQualityFlags(flags).build();
    return listing.toBuilder().setContentHash(ContentHash.of(listing)).build();
  }

  /**
   * Souk's own page fields, or an original producer's payload converted to them, so both paths
   * give the same silver row for the same listing.
   */
  private static RawListingFields fields(RawListing raw) throws NormalisationException {
    String format = raw.getPayloadFormat();
    if (OriginalPayloads.FORMATS.contains(format)) {
      return OriginalPayloads.toFields(raw.getSite(), format, raw.getPayload());
    }
    if (!RawListingFields.FORMAT.equals(format)) {
      throw new NormalisationException(
          "bad_payload",
          "Payload format '" + format + "' is neither " + RawListingFields.FORMAT + " nor one of "
              + new TreeSet<>(OriginalPayloads.FORMATS) + " (listing " + raw.getListingId() + ")");
    }
    RawListingFields f;
    try {
      f = RawListingFields.fromJson(raw.getPayload());
    } catch (IllegalArgumentException e) {
      throw new NormalisationException("bad_payload", e.getMessage() + " (listing " + raw.getListingId() + ")");
    }
    if (f == null) {
      // Jackson reads the JSON literal null as no object at all.
      throw new NormalisationException("bad_payload", "Payload is JSON null (listing " + raw.getListingId() + ")");
    }
    return f;
  }

  private static Site realEstateSite(String code) throws NormalisationException {
    Site site;
    try {
      site = Site.fromCode(code == null ? "" : code);
    } catch (IllegalArgumentException e) {
      throw new NormalisationException("unknown_site", e.getMessage());
    }
    if (site != Site.AVITO && site != Site.MUBAWAB) {
      throw new NormalisationException(
          "unknown_site", "Site '" + site.code() + "' has no real-estate rules; expected avito or mubawab");
    }
    return site;
  }

  private static @Nullable PropertyType propertyType(
      Site site, RawListingFields f, ListingAttributes attrs, String url) {
    List<String> labels = new ArrayList<>();
    if (site == Site.AVITO) {
      labels.add(f.category);
    } else {
      labels.add(attrs.propertyTypeLabel());
      labels.add(f.category);
      // "Immobilier Maroc > Immobilier Casablanca > Appartements Casablanca > ...": the third.
      labels.add(f.breadcrumbs.size() >= 3 ? f.breadcrumbs.get(2) : null);
    }
    PropertyType t = PropertyTypes.firstKnown(labels);
    return t != null ? t : PropertyTypes.fromAvitoUrl(url);
  }

  private static Surfaces.Flagged surfaces(ListingAttributes attrs, @Nullable PropertyType type) {
    Double total = attrs.surfaceTotalM2();
    Double living = attrs.surfaceLivingM2();
    // Mubawab's single "Surface" of a plot is the plot, not a living area.
    if (type != null && type.isLand() && total == null) {
      total = living;
    }
    return Surfaces.ofFlagged(total, living, type);
  }

  /** What the page itself says: the category first, then breadcrumbs, title and URL. */
  private static @Nullable Offer pageOffer(RawListingFields f, String url) {
    List<String> texts = new ArrayList<>();
    texts.add(f.category);
    texts.addAll(f.breadcrumbs);
    texts.add(f.title);
    texts.add(url);
    return Offers.firstKnown(texts);
  }

  /** Null unless both the page and the crawl mode state an offer. */
  private static @Nullable Boolean offerMatchesCrawl(@Nullable Offer page, @Nullable Offer crawl) {
    return page == null || crawl == null ? null : page == crawl;
  }

  private static @Nullable String sellerName(@Nullable String name) {
    String n = Text.collapse(name);
    return n == null || NULL_SELLERS.contains(n.toLowerCase(Locale.ROOT)) ? null : n;
  }

  /**
   * The seller's link as given (its query may be the id: /fr/boutique?id=...), or null when it
   * is only the site's home page, which Avito shows for private sellers.
   */
  private static @Nullable String sellerUrl(@Nullable String url) {
    String u = Urls.canonical(url);
    return u == null || HOME_PAGE.matcher(u).find() ? null : Text.collapse(url);
  }

  private static List<String> images(@Nullable List<String> images) {
    Set<String> out = new LinkedHashSet<>();
    if (images != null) {
      images.stream().map(Text::collapse).filter(i -> i != null).forEach(out::add);
    }
    return List.copyOf(out);
  }

  private static Instant toJava(org.joda.time.Instant i) {
    return Instant.ofEpochMilli(i.getMillis());
  }
}
