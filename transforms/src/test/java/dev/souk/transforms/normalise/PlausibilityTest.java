package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.Offer;
import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.transforms.SilverSamples;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlausibilityTest {
  private static final String BELOW = Plausibility.PRICE_BELOW_WINDOW;
  private static final String ABOVE = Plausibility.PRICE_ABOVE_WINDOW;
  private static final String M2_BELOW = Plausibility.PRICE_PER_M2_BELOW_WINDOW;
  private static final String M2_ABOVE = Plausibility.PRICE_PER_M2_ABOVE_WINDOW;
  private static final String ABROAD = Plausibility.COORDINATES_OUTSIDE_COUNTRY;

  private static PropertyListing property(String offer, String type, String price, String currency, Double living, Double total) {
    return SilverSamples.minimalProperty().toBuilder().setSource("avito").setOffer(offer).setPropertyType(type)
        .setPriceAmount(price == null ? null : new BigDecimal(price)).setPriceCurrency(currency)
        .setSurfaceLivingM2(living).setSurfaceTotalM2(total).build();
  }

  /** Made-up rows for each kind of slip, and the ordinary listings next to them. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    // A sale apartment at the price of a monthly rent.
    "sale|apartment|8500|64|-|price_below_window price_per_m2_below_window",
    // An apartment priced like a tower block.
    "sale|apartment|900000000|80|-|price_above_window price_per_m2_above_window",
    // A plot priced like a per-m² figure.
    "sale|land|1500|-|500|price_below_window",
    // A monthly rent of a sale price.
    "rent|apartment|1200000|90|-|price_above_window price_per_m2_above_window",
    // Ordinary: nothing to say.
    "sale|apartment|850000|80|-|",
    "rent|apartment|6500|74|77|",
    "sale|villa_riad|11500000|-|1183|",
    "sale|land|600000|-|4500|",
    "rent|commercial|63000|1500|-|",
    // Only the price can be checked without a surface.
    "sale|apartment|5000|-|-|price_below_window",
  })
  void pricesOutsideTheirWindowAreFlagged(String offer, String type, String price, Double living, Double total, String flags) {
    List<String> expected = flags == null ? List.of() : List.of(flags.split(" "));
    assertEquals(new TreeSet<>(expected), new TreeSet<>(Plausibility.flags(property(offer, type, price, "MAD", living, total))));
    assertEquals(Plausibility.flags(property(offer, type, price, "MAD", living, total)).stream().sorted().toList(),
        Plausibility.flags(property(offer, type, price, "MAD", living, total)), "sorted");
  }

  @Test
  void whatCannotBeJudgedIsNotFlagged() {
    // Another currency: no exchange rates here, so no window.
    assertEquals(List.of(), Plausibility.flags(property("sale", "apartment", "8500", "EUR", 64.0, null)));
    // No type or no price: nothing to compare.
    assertEquals(List.of(), Plausibility.flags(property("sale", null, "8500", "MAD", 64.0, null)));
    assertEquals(List.of(), Plausibility.flags(property("sale", "apartment", null, null, 64.0, null)));
    assertEquals(List.of(), Plausibility.flags(property(null, "apartment", "8500", "MAD", 64.0, null)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "33.547117579470296|-7.675495147705078|false", // Casablanca
    "27.1536|-13.2033|false",                      // Laâyoune
    "23.6848|-15.9580|false",                      // Dakhla
    "35.7595|-5.8340|false",                       // Tanger
    "36.859673|10.134291|true",                    // Tunis: a real Mubawab villa's pin
    "48.8566|2.3522|true",                         // Paris
    "-7.6|33.5|true",                              // latitude and longitude swapped
  })
  void coordinatesOutsideMoroccoAreFlagged(double lat, double lon, boolean abroad) {
    PropertyListing l = SilverSamples.minimalProperty().toBuilder().setLatitude(lat).setLongitude(lon).build();
    assertEquals(abroad ? List.of(ABROAD) : List.of(), Plausibility.flags(l));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {"50|price_below_window", "5000000|price_above_window", "26900|-", "-|-"})
  void phonesGetTheMarketsGenericBoundsOnly(String price, String flag) {
    PhoneListing l = SilverSamples.fullPhone().toBuilder()
        .setPriceAmount(price == null ? null : new BigDecimal(price)).build();
    assertEquals(flag == null ? List.of() : List.of(flag), Plausibility.flags(l));
  }

  /** Every property type has a window for both offers, so no listing escapes the checks by its type. */
  @Test
  void everyTypeAndOfferHasAWindow() {
    for (PropertyType t : PropertyType.values()) {
      for (Offer o : Offer.values()) {
        if (t != PropertyType.OTHER) {
          assertNotNull(Plausibility.window("MA", o.code(), t.code()), t + " " + o);
        }
      }
    }
    assertNotNull(Plausibility.window("EG", null, Plausibility.PHONE));
    assertNotNull(Plausibility.window("EG", "sale", Plausibility.PHONE), "the * line matches any offer");
  }

  @Test
  void flagListsMergeSortedAndDistinct() {
    assertEquals(List.of("a", "b", "c"), Plausibility.merge(List.of("c", "a"), List.of("b", "a"), List.of()));
  }

  /**
   * Every real record: the slips the data holds are flagged, and ordinary listings are not. The
   * real slips: a Mubawab villa pinned in Tunis, an Avito sale apartment at 8 500 DH, a shop of
   * 1 000 m² let for 55 DH, a shop "for sale" at 15 000 DH.
   */
  @Test
  void realRecords() throws Exception {
    Map<String, Set<String>> flagged = new TreeMap<>();
    int rows = 0;
    int priced = 0;
    for (RealRecords.Record r : RealRecords.all()) {
      PropertyListing l = PropertyListingNormaliser.normalise(r.raw(), r.recordedOffer());
      for (String flag : l.getQualityFlags()) {
        flagged.computeIfAbsent(flag, k -> new TreeSet<>()).add(l.getSource() + ":" + l.getListingId());
      }
      assertEquals(l.getQualityFlags().stream().sorted().distinct().toList(), l.getQualityFlags());
      rows++;
      priced += l.getPriceAmount() != null ? 1 : 0;
    }
    assertEquals(Set.of("mubawab:8257992"), flagged.get(ABROAD));
    assertTrue(flagged.get(BELOW).containsAll(List.of("avito:37621456", "avito:56852768", "avito:57066031")), flagged.toString());
    assertTrue(flagged.get(M2_BELOW).containsAll(List.of("avito:37621456", "avito:56852768", "avito:57066031")), flagged.toString());
    // The windows catch slips, not the market: few priced rows are flagged at all.
    Set<String> priceFlagged = new TreeSet<>();
    for (String f : List.of(BELOW, ABOVE, M2_BELOW, M2_ABOVE)) {
      priceFlagged.addAll(flagged.getOrDefault(f, Set.of()));
    }
    assertTrue(priceFlagged.size() * 20 < priced, priceFlagged + " of " + priced + " priced rows");
    assertTrue(rows > 200);
  }
}
