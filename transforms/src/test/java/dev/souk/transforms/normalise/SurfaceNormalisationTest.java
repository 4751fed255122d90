package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SurfaceNormalisationTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"150 m²|150", "95|95", "1 200,5|1200.5", "1\u202F200 m2|1200", "75.5 m²|75.5", "٩٥|95"})
  void parses(String text, double m2) {
    assertEquals(m2, Surfaces.parse(text));
  }

  @Test
  void parsesMubawabTabRuns() {
    assertEquals(134.0, Surfaces.parse("134\n\t\t\t\t\t\tm²"));
    assertNull(Surfaces.parse("m²"));
    assertNull(Surfaces.parse("0"));
  }

  @Test
  void windowsByType() {
    assertEquals(new Surfaces(null, 80.0), Surfaces.of(22738.0, 80.0, PropertyType.APARTMENT));
    assertEquals(new Surfaces(null, null), Surfaces.of(7.0, 5.0, PropertyType.OFFICE));
    assertEquals(new Surfaces(22738.0, null), Surfaces.of(22738.0, 300.0, PropertyType.LAND));
    assertEquals(new Surfaces(50000.0, null), Surfaces.of(50000.0, null, null));
  }

  @Test
  void swapsWhenLivingIsClearlyTheTotal() {
    assertEquals(new Surfaces(300.0, 100.0), Surfaces.of(100.0, 300.0, PropertyType.VILLA_RIAD));
    // total > 400 and ratio < 5: not a slip we can undo, so the living surface goes.
    assertEquals(new Surfaces(500.0, null), Surfaces.of(500.0, 1500.0, PropertyType.VILLA_RIAD));
  }

  @Test
  void livingAboveTotalIsToleratedUpTo20Percent() {
    assertEquals(new Surfaces(100.0, 115.0), Surfaces.of(100.0, 115.0, PropertyType.APARTMENT));
    assertEquals(new Surfaces(100.0, null), Surfaces.of(100.0, 150.0, PropertyType.APARTMENT));
  }
}
