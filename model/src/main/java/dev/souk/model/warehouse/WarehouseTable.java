package dev.souk.model.warehouse;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.beam.sdk.schemas.Schema;

/**
 * A warehouse table: its name, the Beam schema of its rows and its primary-key columns.
 *
 * <p>A definition only, shared by the code that models rows for a table (transforms) and the
 * sinks that create and upsert it (io), so neither depends on the other for it.
 */
@AutoValue
public abstract class WarehouseTable implements Serializable {
  private static final long serialVersionUID = 1L;

  // Names go into SQL text, so only plain identifiers are accepted.
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public abstract String name();

  public abstract Schema schema();

  public abstract List<String> primaryKey();

  public static WarehouseTable of(String name, Schema schema, List<String> primaryKey) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Warehouse table name '" + name + "' must match " + IDENTIFIER.pattern());
    }
    if (primaryKey.isEmpty()) {
      throw new IllegalArgumentException("Warehouse table " + name + " needs a primary key");
    }
    for (String column : primaryKey) {
      if (!schema.hasField(column)) {
        throw new IllegalArgumentException(
            "Primary-key column " + column + " of " + name + " is not in "
                + schema.getFieldNames());
      }
      if (schema.getField(column).getType().getNullable()) {
        throw new IllegalArgumentException(
            "Primary-key column " + column + " of " + name + " must not be nullable");
      }
    }
    return new AutoValue_WarehouseTable(name, schema, List.copyOf(primaryKey));
  }
}
