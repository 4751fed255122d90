package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
  void windowsFlagWhatTheyLeaveOut() {
    assertEquals(List.of(Surfaces.OUTSIDE_WINDOW), Surfaces.ofFlagged(22738.0, 80.0, PropertyType.APARTMENT).flags());
    assertEquals(List.of(), Surfaces.ofFlagged(95.0, 95.0, PropertyType.APARTMENT).flags());
  }

  @Test
  void apartmentsSwapATypingSlipAndSayThey() {
    Surfaces.Flagged f = Surfaces.ofFlagged(61.0, 140.0, PropertyType.APARTMENT);
    assertEquals(new Surfaces(140.0, 61.0), f.surfaces());
    assertEquals(List.of(Surfaces.SWAPPED), f.flags());
    // Offices, shops and an unknown type have no plot either.
    assertEquals(new Surfaces(300.0, 100.0), Surfaces.of(100.0, 300.0, PropertyType.OFFICE));
    assertEquals(new Surfaces(300.0, 100.0), Surfaces.of(100.0, 300.0, null));
  }

  @Test
  void aLivingSurfaceAboveTheTotalIsKeptAndFlaggedOnAnApartment() {
    assertEquals(new Surfaces(100.0, 115.0), Surfaces.of(100.0, 115.0, PropertyType.APARTMENT));
    assertEquals(List.of(), Surfaces.ofFlagged(100.0, 115.0, PropertyType.APARTMENT).flags(), "up to 1.2 × is usual");
    // Was: living dropped. The value stays; the flag says it is doubtful.
    Surfaces.Flagged f = Surfaces.ofFlagged(100.0, 150.0, PropertyType.APARTMENT);
    assertEquals(new Surfaces(100.0, 150.0), f.surfaces());
    assertEquals(List.of(Surfaces.LIVING_EXCEEDS_TOTAL), f.flags());
    // Total > 400 and a ratio < 5: no slip to undo, both kept, flagged.
    f = Surfaces.ofFlagged(500.0, 1100.0, PropertyType.APARTMENT);
    assertEquals(new Surfaces(500.0, 1100.0), f.surfaces());
    assertEquals(List.of(Surfaces.LIVING_EXCEEDS_TOTAL), f.flags());
  }

  /** A house or villa of several storeys has more built area than plot: both stay, no flag. */
  @ParameterizedTest
  @CsvSource({"HOUSE,184,300", "VILLA_RIAD,100,300", "VILLA_RIAD,500,1500", "HOUSE,120,130", "VILLA_RIAD,250,650"})
  void housesAndVillasKeepBuiltAreaAbovePlot(PropertyType type, double plot, double built) {
    Surfaces.Flagged f = Surfaces.ofFlagged(plot, built, type);
    assertEquals(new Surfaces(plot, built), f.surfaces());
    assertEquals(List.of(), f.flags());
  }

  @Test
  void aVillasWindowsStillApply() {
    Surfaces.Flagged f = Surfaces.ofFlagged(100.0, 3000.0, PropertyType.VILLA_RIAD);
    assertEquals(new Surfaces(100.0, null), f.surfaces(), "3000 m² built is beyond the villa window");
    assertEquals(List.of(Surfaces.OUTSIDE_WINDOW), f.flags());
  }

  /**
   * Every real record whose living surface is above its total: a house or villa keeps both as
   * given (Avito house 55869873: 300 m² built on a 184 m² plot, whose built area was dropped
   * before), an apartment is swapped or flagged, never silently emptied.
   */
  @Test
  void realRecordsWithLivingAboveTotal() throws Exception {
    List<String> seen = new java.util.ArrayList<>();
    for (RealRecords.Record r : RealRecords.all()) {
      ListingAttributes a = ListingAttributes.parse(r.fields().attributes);
      if (a.surfaceLivingM2() == null || a.surfaceTotalM2() == null || a.surfaceLivingM2() <= a.surfaceTotalM2()) {
        continue;
      }
      dev.souk.model.PropertyListing l = PropertyListingNormaliser.normalise(r.raw(), r.recordedOffer());
      PropertyType type = PropertyType.fromCode(l.getPropertyType());
      String where = l.getListingId() + " " + type;
      if (type.standsOnPlot()) {
        assertEquals(a.surfaceLivingM2(), l.getSurfaceLivingM2(), where);
        assertEquals(a.surfaceTotalM2(), l.getSurfaceTotalM2(), where);
        assertEquals(List.of(), l.getQualityFlags(), where);
      } else if (a.surfaceLivingM2() >= 2 * a.surfaceTotalM2()) {
        assertEquals(a.surfaceLivingM2(), l.getSurfaceTotalM2(), where);
        assertEquals(a.surfaceTotalM2(), l.getSurfaceLivingM2(), where);
        assertTrue(l.getQualityFlags().contains(Surfaces.SWAPPED), where);
      } else {
        assertEquals(a.surfaceLivingM2(), l.getSurfaceLivingM2(), where + ": kept");
        assertEquals(a.surfaceLivingM2() > 1.2 * a.surfaceTotalM2(), l.getQualityFlags().contains(Surfaces.LIVING_EXCEEDS_TOTAL), where);
      }
      seen.add(l.getListingId() + ":" + type.code());
    }
    // The real cases: the house, a swapped and a flagged apartment (the Avito file repeats some).
    assertTrue(seen.containsAll(List.of("55869873:house", "55593855:apartment", "57139537:apartment")), seen.toString());
  }
}
