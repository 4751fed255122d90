package dev.souk.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.transforms.SilverFields;
import dev.souk.transforms.SilverSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Every surrogate key the star schemas write is the one its {@link StarKeys} recipe gives. */
class StarKeysTest {
  @Test
  void dimensionKeysFollowTheirRecipes() {
    Map<String, StarKeys.Recipe> recipes = StarKeys.dimensions();
    List<TableRow> rows = new ArrayList<>();
    for (PropertyListing l : List.of(SilverSamples.fullProperty(), SilverSamples.minimalProperty())) {
      rows.addAll(PropertyStarSchema.rowsFor(l));
    }
    for (PhoneListing l : List.of(SilverSamples.fullPhone(), SilverSamples.minimalPhone())) {
      rows.addAll(PhoneStarSchema.rowsFor(l));
    }
    Set<String> checked = new TreeSet<>();
    for (TableRow row : rows) {
      StarKeys.Recipe recipe = recipes.get(row.table().name());
      if (recipe != null) {
        assertEquals(recipe.keyOf(row.row()), row.row().getString(recipe.keyColumn()), row.table().name());
        checked.add(row.table().name());
      }
    }
    assertEquals(recipes.keySet(), checked, "a row of every hash-keyed dimension was checked");
  }

  @Test
  void factVersionKeysFollowTheirRecipesOverSilver() {
    PropertyListing property = SilverSamples.fullProperty();
    assertEquals(keyOverSilver(StarKeys.PROPERTY_VERSION, SilverFields.toRow(PropertyListing.class, property)),
        fact(PropertyStarSchema.rowsFor(property), PropertyStarSchema.FACT_PROPERTY_LISTING).getString("listing_version_key"));
    PhoneListing phone = SilverSamples.fullPhone();
    assertEquals(keyOverSilver(StarKeys.PHONE_VERSION, SilverFields.toRow(PhoneListing.class, phone)),
        fact(PhoneStarSchema.rowsFor(phone), PhoneStarSchema.FACT_USED_PHONE_LISTINGS).getString("listing_version_key"));
  }

  @Test
  void everyKeyColumnIsASurrogateKeyAndHasARecipe() {
    Set<String> withRecipe = new TreeSet<>();
    StarKeys.ALL.forEach(r -> withRecipe.add(r.table() + "." + r.keyColumn()));
    Set<String> keyColumns = new TreeSet<>();
    // Every table the markets write, the listing history included.
    List<WarehouseTable> tables = new ArrayList<>(ModelStarSchema.realEstate().tables());
    tables.addAll(ModelStarSchema.usedPhones().tables());
    for (WarehouseTable table : tables) {
      for (Schema.Field f : table.schema().getFields()) {
        if (f.getName().endsWith("_key") && !f.getName().endsWith("date_key")) {
          assertEquals(WarehouseTable.SURROGATE_KEY, f.getType(), table.name() + "." + f.getName());
        }
      }
      String pk = table.primaryKey().get(0);
      if (!pk.equals("date_key")) {
        keyColumns.add(table.name() + "." + pk);
      }
    }
    assertEquals(keyColumns, withRecipe);
  }

  @Test
  void recipeCompilesToTheDbtUtilsSql() {
    assertEquals("md5(cast(coalesce(cast(u.source_code as varchar), '_dbt_utils_surrogate_key_null_')"
            + " || '-' || coalesce(cast(u.listing_id as varchar), '_dbt_utils_surrogate_key_null_') as varchar))",
        StarKeys.LISTING_URL.sql("u", "varchar"));
    assertTrue(StarKeys.SOURCE.sql("", "text").startsWith("md5(cast(coalesce(cast(source_code as text)"));
  }

  private static String keyOverSilver(StarKeys.Recipe recipe, Row silver) {
    return SurrogateKey.of(recipe.parts().stream().map(silver::getValue).toArray());
  }

  private static Row fact(List<TableRow> rows, WarehouseTable fact) {
    return rows.stream().filter(r -> r.table().equals(fact)).findFirst().orElseThrow().row();
  }
}
