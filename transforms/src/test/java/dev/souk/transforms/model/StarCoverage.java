package dev.souk.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.warehouse.WarehouseTable;
import dev.souk.transforms.SilverFields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.beam.sdk.values.Row;

/**
 * Checks, without naming a single column, that a star schema covers its silver type: each silver
 * field reaches a star row or is listed as not in the star (with a reason), and each fact column is
 * derived from the listing. Fields are changed one at a time (see {@link SilverFields#changed}) and
 * the rows compared, so the check follows the code, not a declaration that could drift from it.
 */
final class StarCoverage<T> {
  private final Class<T> type;
  private final Function<T, List<TableRow>> rowsFor;
  private final List<WarehouseTable> tables;
  private final WarehouseTable fact;
  private final Map<String, String> notInStar;
  private final Map<String, Object> replacements;

  /**
   * @param replacements a changed value for fields the generic rule cannot change (a site code
   *     must stay a known site of the market)
   */
  StarCoverage(Class<T> type, Function<T, List<TableRow>> rowsFor, List<WarehouseTable> tables,
      WarehouseTable fact, Map<String, String> notInStar, Map<String, Object> replacements) {
    this.type = type;
    this.rowsFor = rowsFor;
    this.tables = tables;
    this.fact = fact;
    this.notInStar = notInStar;
    this.replacements = replacements;
  }

  private T changed(T base, String field) {
    return replacements.containsKey(field)
        ? SilverFields.with(type, base, field, replacements.get(field))
        : SilverFields.withChanged(type, base, field);
  }

  /** Every silver field reaches the star, or is in the not-in-the-star list, not both. */
  void assertEverySilverFieldIsInTheStarOrListed(T base) {
    String where = type.getSimpleName();
    for (Map.Entry<String, String> e : notInStar.entrySet()) {
      assertTrue(SilverFields.schema(type).hasField(e.getKey()),
          where + "." + e.getKey() + " is listed as not in the star but is not a silver field");
      assertFalse(e.getValue().isBlank(), where + "." + e.getKey() + " is listed without a reason");
    }
    List<TableRow> before = rowsFor.apply(base);
    for (String field : SilverFields.names(type)) {
      boolean reaches = !rowsFor.apply(changed(base, field)).equals(before);
      if (notInStar.containsKey(field)) {
        assertFalse(reaches, where + "." + field + " is listed as not in the star, but star rows change with it");
      } else {
        assertTrue(reaches, where + "." + field + " reaches no fact or dimension column: map it in the"
            + " star schema or list it, with a reason, in NOT_IN_STAR");
      }
    }
  }

  /** Every column of the fact table changes with some silver field. */
  void assertEveryFactColumnIsSetFromTheListing(T base) {
    Row before = factRow(base);
    Set<String> unset = new LinkedHashSet<>(fact.schema().getFieldNames());
    for (String field : SilverFields.names(type)) {
      Row after = factRow(changed(base, field));
      unset.removeIf(column -> !Objects.equals(before.getValue(column), after.getValue(column)));
    }
    assertEquals(Set.of(), unset, "columns of " + fact.name() + " that no silver field sets");
  }

  /** A listing with every field set gives a row for every table, and only for those. */
  void assertEveryTableGetsARow(T full) {
    Set<String> written = new LinkedHashSet<>();
    for (TableRow row : rowsFor.apply(full)) {
      assertTrue(tables.contains(row.table()), row.table().name() + " is not one of the schema's tables");
      assertEquals(row.table().schema(), row.row().getSchema(), row.table().name());
      written.add(row.table().name());
    }
    List<String> names = new ArrayList<>();
    tables.forEach(t -> names.add(t.name()));
    assertEquals(Set.copyOf(names), written);
  }

  private Row factRow(T listing) {
    return rowsFor.apply(listing).stream().filter(r -> r.table().equals(fact)).map(TableRow::row)
        .reduce((a, b) -> {
          throw new AssertionError("two fact rows for one listing");
        })
        .orElseThrow(() -> new AssertionError("no fact row"));
  }
}
