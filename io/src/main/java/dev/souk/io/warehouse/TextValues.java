package dev.souk.io.warehouse;

import dev.souk.model.warehouse.WarehouseTable;
import java.util.Collection;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The one rule every warehouse applies to text: no U+0000. PostgreSQL's text types cannot hold
 * it (COPY refuses the whole batch with an encoding error); DuckDB could, so a DuckDB warehouse
 * would silently differ. Normalisation removes NUL from every silver text value
 * ({@code FieldLimits}); a row that still has one is a bug upstream, refused by every warehouse
 * with the same message naming the table and column, before anything is written.
 */
final class TextValues {
  private TextValues() {}

  static void requireNoNul(WarehouseTable table, Collection<Row> rows) {
    Schema schema = table.schema();
    for (Row row : rows) {
      for (int i = 0; i < schema.getFieldCount(); i++) {
        Object value = row.getValue(i);
        boolean nul = value instanceof String text ? text.indexOf('\u0000') >= 0
            : value instanceof Collection<?> list
                && list.stream().anyMatch(e -> e instanceof String t && t.indexOf('\u0000') >= 0);
        if (nul) {
          throw new IllegalArgumentException("Column " + table.name() + "." + schema.getField(i).getName()
              + " holds U+0000, which warehouse text cannot hold (PostgreSQL refuses it); normalisation"
              + " removes it from silver text, so this row did not come from silver");
        }
      }
    }
  }
}
