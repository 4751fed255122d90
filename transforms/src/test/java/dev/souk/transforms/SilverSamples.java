package dev.souk.transforms;

import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import java.math.BigDecimal;
import java.util.List;
import org.joda.time.Instant;

/** Silver listings for tests: one with every field set, one with only the required ones. */
public final class SilverSamples {
  private SilverSamples() {}

  public static final Instant SCRAPED = Instant.parse("2025-03-14T09:30:00Z");

  public static PropertyListing fullProperty() {
    return PropertyListing.builder()
        .setSource("avito")
        .setListingId("57146007")
        .setUrl("https://www.avito.ma/fr/agdal/appartements/Appartement_57146007.htm")
        .setTitle("Appartement 3 chambres")
        .setDescription("Bel appartement lumineux")
        .setOffer("rent")
        .setOfferMatchesCrawl(true)
        .setPropertyType("apartment")
        .setPriceAmount(new BigDecimal("7000"))
        .setPriceCurrency("MAD")
        .setPriceOnRequest(false)
        .setSurfaceTotalM2(120.0)
        .setSurfaceLivingM2(100.0)
        .setRooms(4)
        .setBedrooms(3)
        .setBathrooms(2)
        .setFloor(2)
        .setCondition("good")
        .setAgeBucket("1_5_years")
        .setZoning(List.of("residential"))
        .setCity("rabat")
        .setNeighbourhood("agdal")
        .setSellerName("Serraj Immobilier")
        .setSellerUrl("https://www.avito.ma/fr/boutique/serraj")
        .setSellerIsStore(true)
        .setPublishedAt(Instant.parse("2025-03-10T08:00:00Z"))
        .setScrapedAt(SCRAPED)
        .setEquipments(List.of("ascenseur", "parking"))
        .setImages(List.of("https://img.avito.ma/1.jpg"))
        .setLatitude(34.0)
        .setLongitude(-6.8)
        .setQualityFlags(List.of("surface_living_exceeds_total"))
        .setContentHash("0123abcd")
        .build();
  }

  public static PropertyListing minimalProperty() {
    return PropertyListing.builder()
        .setSource("mubawab")
        .setListingId("1")
        .setUrl("https://www.mubawab.ma/fr/a/1/x")
        .setScrapedAt(SCRAPED)
        .build();
  }

  public static PhoneListing fullPhone() {
    return PhoneListing.builder()
        .setSource("dubizzle")
        .setListingId("201234567")
        .setUrl("https://www.dubizzle.com.eg/en/ad/iphone-13-pro-max-ID201234567.html")
        .setTitle("iPhone 13 Pro Max 256GB")
        .setBrand("Apple")
        .setModel("iPhone 13 Pro Max")
        .setStorageGb(256)
        .setRamGb(6)
        .setColour("blue")
        .setCondition("used")
        .setBatteryHealthPct(88)
        .setWarranty("ضمان دولي 12 شهر")
        .setWarrantyMonths(12)
        .setWarrantyScope("international")
        .setPriceAmount(new BigDecimal("26900"))
        .setPriceCurrency("EGP")
        .setPriceNegotiable(true)
        .setPriceOnRequest(false)
        .setSellerName("Ahmed")
        .setSellerUrl("https://www.dubizzle.com.eg/en/profile/ahmed")
        .setLocation("Nasr City, Cairo")
        .setCity("Cairo")
        .setDistrict("Nasr City")
        .setPublishedAt(Instant.parse("2025-03-12T12:00:00Z"))
        .setScrapedAt(SCRAPED)
        .setImages(List.of("https://images.dubizzle.com.eg/1.jpg"))
        .setQualityFlags(List.of("price_below_window"))
        .setContentHash("4567cdef")
        .build();
  }

  public static PhoneListing minimalPhone() {
    return PhoneListing.builder()
        .setSource("noon")
        .setListingId("N53377220A")
        .setUrl("https://www.noon.com/egypt-en/N53377220A/p")
        .setScrapedAt(SCRAPED)
        .build();
  }
}
