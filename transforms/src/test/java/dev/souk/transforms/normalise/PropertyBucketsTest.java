package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.PropertyListing;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PropertyBucketsTest {
  // The silver contract, written out here rather than read from PropertyBuckets.
  private static final Set<String> CONDITIONS = Set.of("new", "good", "to_renovate");
  private static final Set<String> AGES =
      Set.of(
          "less_than_1_year", "1_5_years", "5_10_years", "6_10_years", "10_20_years",
          "11_20_years", "20_30_years", "30_50_years", "50_70_years", "70_100_years", "more_than_100_years",
          "more_than_20_years");
  private static final Set<String> ZONES =
      Set.of(
          "agricultural", "industrial", "commercial", "villa_lots", "residential_cluster",
          "building", "house", "public_service");

  /** Every distinct condition, age and zoning value in the real records maps to a known code. */
  @Test
  void everyRealValueHasAKnownCode() throws Exception {
    Map<String, Set<String>> seen = new TreeMap<>();
    for (RealRecords.Record r : RealRecords.all()) {
      PropertyListing l = PropertyListingNormaliser.normalise(r.raw(), r.recordedOffer());
      String where = r.file() + " " + r.fields().listingId;
      for (Map.Entry<String, String> a : r.fields().attributes.entrySet()) {
        String field = ListingAttributes.fieldOf(a.getKey(), a.getValue());
        String value = a.getValue();
        if ("condition".equals(field)) {
          assertTrue(CONDITIONS.contains(PropertyBuckets.condition(value)), where + ": " + value);
          assertEquals(PropertyBuckets.condition(value), l.getCondition(), where);
        } else if ("age".equals(field)) {
          assertTrue(AGES.contains(PropertyBuckets.age(value)), where + ": " + value);
          assertEquals(PropertyBuckets.age(value), l.getAgeBucket(), where);
        } else if ("zoning".equals(field)) {
          List<String> zoning = PropertyBuckets.zoning(value);
          assertTrue(!zoning.isEmpty() && ZONES.containsAll(zoning), where + ": " + value);
          assertEquals(zoning, l.getZoning(), where);
        } else {
          continue;
        }
        seen.computeIfAbsent(field, k -> new TreeSet<>()).add(value);
      }
    }
    // Both sites' spellings occur: Neuf/Nouveau, à rénover/À rénover, 21+ ans, Moins d'un an, ...
    assertEquals(Set.of("age", "condition", "zoning"), seen.keySet());
    assertTrue(seen.get("condition").size() >= 5, "conditions: " + seen.get("condition"));
    assertTrue(seen.get("age").size() >= 6, "ages: " + seen.get("age"));
    assertTrue(seen.get("zoning").size() >= 3, "zoning: " + seen.get("zoning"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Neuf|new",
    "Nouveau|new",
    "NEUF|new",
    "Bon état|good",
    "bon etat|good",
    "BON ÉTAT|good",
    "à rénover|to_renovate",
    "À rénover|to_renovate",
    "A renover|to_renovate",
    "Bon Ã©tat|good",
    "Good condition|good",
  })
  void conditions(String label, String code) {
    assertEquals(code, PropertyBuckets.condition(label));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Moins de 1 an|less_than_1_year",
    "Moins d'un an|less_than_1_year",
    "moins d’un an|less_than_1_year",
    "1-5 ans|1_5_years",
    "1 - 5 ans|1_5_years",
    "5-10 ans|5_10_years",
    "6-10 ans|6_10_years",
    "10-20 ans|10_20_years",
    "11-20 ans|11_20_years",
    "20-30 ans|20_30_years",
    "30-50 ans|30_50_years",
    "50-70 ans|50_70_years",
    "70-100 ans|70_100_years",
    "21+ ans|more_than_20_years",
    "Plus de 100 ans|more_than_100_years",
    "PLUS DE 100 ANS|more_than_100_years",
  })
  void ages(String label, String code) {
    assertEquals(code, PropertyBuckets.age(label));
  }

  /** A range bucket's code names the range the site showed, for every site's ranges. */
  @ParameterizedTest
  @CsvSource({"1-5 ans", "5-10 ans", "6-10 ans", "10-20 ans", "11-20 ans", "20-30 ans", "30-50 ans", "50-70 ans", "70-100 ans"})
  void rangeBucketsKeepTheSitesBounds(String label) {
    String[] bounds = label.replace(" ans", "").split("-");
    assertEquals(bounds[0] + "_" + bounds[1] + "_years", PropertyBuckets.age(label));
  }

  /** The same over the real records: Mubawab's 5-10 and 10-20 keep their bounds. */
  @Test
  void realRangeBucketsKeepTheirBounds() throws Exception {
    Set<String> seen = new TreeSet<>();
    for (RealRecords.Record r : RealRecords.all()) {
      for (Map.Entry<String, String> a : r.fields().attributes.entrySet()) {
        var m = java.util.regex.Pattern.compile("(\\d+)-(\\d+) ans").matcher(a.getValue());
        if ("age".equals(ListingAttributes.fieldOf(a.getKey(), a.getValue())) && m.matches()) {
          PropertyListing l = PropertyListingNormaliser.normalise(r.raw(), r.recordedOffer());
          assertEquals(m.group(1) + "_" + m.group(2) + "_years", l.getAgeBucket(), r.fields().listingId);
          seen.add(a.getValue());
        }
      }
    }
    assertTrue(seen.containsAll(Set.of("5-10 ans", "10-20 ans", "1-5 ans")), seen.toString());
  }

  @Test
  void zoningListsAreSplitMappedDeduplicatedAndSorted() {
    assertEquals(
        List.of("agricultural", "commercial", "industrial", "residential_cluster", "villa_lots"),
        PropertyBuckets.zoning("Agricole, Commercial, Groupement d'habitation, Industriel, Lots de villa"));
    assertEquals(List.of("villa_lots"), PropertyBuckets.zoning("Villa, lots de villa"));
    assertEquals(List.of("building", "house", "public_service"), PropertyBuckets.zoning("Service public,Maison,Immeuble"));
    assertEquals(List.of("agricultural"), PropertyBuckets.zoning("AGRICOLE"));
  }

  @Test
  void unknownLabelsAreKeptAsSlugs() {
    assertEquals("excellent_etat", PropertyBuckets.condition("Excellent état"));
    assertEquals("plus_de_50_ans", PropertyBuckets.age("Plus de 50 ans"));
    assertEquals(List.of("agricultural", "zone_touristique"), PropertyBuckets.zoning("Zone touristique, Agricole"));
  }

  @Test
  void blankLabelsAreAbsent() {
    assertNull(PropertyBuckets.condition(null));
    assertNull(PropertyBuckets.age("  "));
    assertEquals(List.of(), PropertyBuckets.zoning(null));
    assertEquals(List.of(), PropertyBuckets.zoning(" , "));
  }

  @Test
  void attributesCarryTheCodesWhicheverSiteLabelHoldsThem() {
    ListingAttributes avito = ListingAttributes.parse(Map.of("Condition", "à rénover", "Âge du bien", "21+ ans", "Zoning", "Villa"));
    assertEquals("to_renovate", avito.condition());
    assertEquals("more_than_20_years", avito.ageBucket());
    assertEquals(List.of("villa_lots"), avito.zoning());
    ListingAttributes mubawab = ListingAttributes.parse(
        Map.of("Etat", "À rénover", "Années", "Moins d'un an", "Type de terrain", "Industriel, Commercial"));
    assertEquals("to_renovate", mubawab.condition());
    assertEquals("less_than_1_year", mubawab.ageBucket());
    assertEquals(List.of("commercial", "industrial"), mubawab.zoning());
  }
}
