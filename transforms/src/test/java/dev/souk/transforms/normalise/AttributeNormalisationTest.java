package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributeNormalisationTest {
  private static final Set<String> COUNTS = Set.of("rooms", "bedrooms", "bathrooms", "living_rooms");

  @Test
  void everyRealLabelIsKnownAndEveryCountAndFloorValueParses() {
    Set<String> unknown = new TreeSet<>();
    int checked = 0;
    for (RealRecords.Record r : RealRecords.all()) {
      for (Map.Entry<String, String> e : r.fields().attributes.entrySet()) {
        String field = ListingAttributes.fieldOf(e.getKey(), e.getValue());
        if (field == null) {
          unknown.add(r.site() + ": " + e.getKey() + " = " + e.getValue());
        } else if (COUNTS.contains(field)) {
          Matcher n = Pattern.compile("\\d+").matcher(e.getValue());
          assertTrue(n.find(), e.toString());
          assertEquals(Integer.valueOf(n.group()), ListingAttributes.parseCount(e.getValue()), e.toString());
          checked++;
        } else if (field.equals("floor")) {
          assertNotNull(ListingAttributes.parseFloor(e.getValue()), e.toString());
          checked++;
        } else if (field.startsWith("surface")) {
          assertNotNull(Surfaces.parse(e.getValue()), e.toString());
          checked++;
        }
      }
    }
    assertEquals(Set.of(), unknown, "labels missing from attribute_labels.tsv");
    assertTrue(checked > 1000, "checked values: " + checked);
  }

  @Test
  void avitoLabels() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("Chambres", "2");
    a.put("Salle de bain", "1");
    a.put("Salons", "1");
    a.put("Nombre de pièces", "4");
    a.put("Étage", "0");
    a.put("Surface habitable", "95");
    a.put("Surface totale", "110");
    a.put("Caution", "2 mois");
    assertEquals(new ListingAttributes(4, 2, 1, 1, 0, 95.0, 110.0, null, null, null, null, null, List.of()), ListingAttributes.parse(a));
  }

  @Test
  void mubawabLabelsIncludingTheKeyAsValueBug() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("Pièces", "3 Pièces");
    a.put("2 Chambres", "2 Chambres");
    a.put("Salle de bain", "2 Salles de bains");
    a.put("Type de bien", "Appartement");
    a.put("Étage du bien", "3ème");
    a.put("Surface", "134\n\t\t\t\t\t\tm²");
    a.put("Latitude", "33.547117579470296");
    a.put("Longitude", "-7.675495147705078");
    ListingAttributes p = ListingAttributes.parse(a);
    assertEquals(new ListingAttributes(3, 2, 2, null, 3, 134.0, null, "Appartement", 33.547117579470296, -7.675495147705078, null, null, List.of()), p);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Detail_1|2 Salles de bains|bathrooms",
    "Detail_2|1 Salle de bain|bathrooms",
    "Detail_3|1 Pièce|rooms",
    "Detail_4|60 m²|surface_living",
    "Salles de bain|1 Salle de bain|bathrooms",
    "Chambres|2 Chambres|bedrooms",
    "5 Chambres|5 Chambres|bedrooms",
    "Surface de la parcelle|500 m²|surface_total",
  })
  void labelVariants(String label, String value, String field) {
    assertEquals(field, ListingAttributes.fieldOf(label, value));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1er|1", "3ème|3", "11ème|11", "RDC|0", "Rez de chaussée|0", "rez-de-chaussée|0", "4|4", "0|0"})
  void floors(String text, int floor) {
    assertEquals(floor, ListingAttributes.parseFloor(text));
  }

  @Test
  void nonsenseIsNull() {
    assertNull(ListingAttributes.parseFloor("Dernier"));
    assertNull(ListingAttributes.parseCount("Aucune"));
    assertNull(ListingAttributes.parseCount("250"));
    assertNull(ListingAttributes.parseLatitude("0"));
    assertNull(ListingAttributes.parseLongitude("abc"));
  }
}
