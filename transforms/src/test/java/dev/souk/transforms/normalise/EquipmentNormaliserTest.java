package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EquipmentNormaliserTest {

  @Test
  void everyRealRecordGivesOnlyVocabularyCodesAndNoAttributeValue() {
    Set<String> outside = new TreeSet<>();
    int records = 0;
    for (RealRecords.Record r : RealRecords.all()) {
      List<String> codes = EquipmentNormaliser.normalise(r.fields().equipments, r.fields().attributes.values());
      codes.stream().filter(c -> !EquipmentNormaliser.vocabulary().contains(c)).forEach(outside::add);
      codes.forEach(c -> assertTrue(c.chars().noneMatch(Character::isDigit), c));
      assertEquals(new TreeSet<>(codes).stream().toList(), codes, "sorted and distinct");
      // Every real label that is not a number or an attribute value survives as a code.
      long labels = r.fields().equipments.stream()
          .filter(l -> l.chars().noneMatch(Character::isDigit))
          .filter(l -> !r.fields().attributes.containsValue(l))
          .map(EquipmentNormaliser::code)
          .filter(c -> c == null)
          .count();
      assertEquals(0, labels, r.fields().equipments.toString());
      records++;
    }
    assertEquals(Set.of(), outside, "real labels missing from equipments.tsv");
    assertTrue(records > 200);
  }

  @Test
  void everyDistinctRealMubawabAmenityMapsToItsOwnCode() {
    Set<String> amenities = new TreeSet<>();
    RealRecords.mubawab().forEach(r -> amenities.addAll(r.fields().equipments));
    Set<String> codes = new TreeSet<>();
    amenities.forEach(a -> codes.add(EquipmentNormaliser.code(a)));
    assertEquals(amenities.size(), codes.size(), "two amenities share a code: " + amenities + " → " + codes);
  }

  @Test
  void avitoListPollutedByAttributeValues() {
    assertEquals(List.of("ascenseur"),
        EquipmentNormaliser.normalise(List.of("1", "75", "200", "3", "4", "Ascenseur"), List.of("1", "75", "200", "3", "4")));
    // Without the attributes, numbers and durations are still kept out.
    assertEquals(List.of("ascenseur"),
        EquipmentNormaliser.normalise(List.of("1 mois", "21+ ans", "120", "Aucune", "Ascenseur"), null));
    // A label that is also an attribute value appears twice; one copy is the equipment.
    assertEquals(List.of("loti", "villa"),
        EquipmentNormaliser.normalise(List.of("500", "Villa", "Villa", "Loti"), List.of("500", "Villa")));
  }

  @Test
  void keepsLabelsTheOriginalDropped() {
    assertEquals(List.of("antenne_parabolique", "chambre_rangement", "haut_standing", "moyen_standing"),
        EquipmentNormaliser.normalise(
            List.of("Haut standing", "Moyen standing", "Antenne parabolique", "Chambre rangement"), null));
  }

  @Test
  void englishSynonymsFuzzyMatchesAndUnknownSlugs() {
    assertEquals(List.of("ascenseur", "climatisation"), EquipmentNormaliser.normalise(List.of("Air Conditioning", "Elevator"), null));
    assertEquals(List.of("climatisation", "cuisine_equipee"), EquipmentNormaliser.normalise(List.of("Climatisaton", "cuisine equipe"), null));
    assertEquals(List.of("salle_de_sport"), EquipmentNormaliser.normalise(List.of("Salle de sport"), null));
    assertEquals(List.of(), EquipmentNormaliser.normalise(null, null));
  }
}
