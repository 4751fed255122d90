package dev.souk.model.warehouse;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.VariableString;

/**
 * A warehouse table: its name, the Beam schema of its rows and its primary-key columns.
 *
 * <p>A definition only, shared by the code that models rows for a table (transforms) and the
 * sinks that create and upsert it (io), so neither depends on the other for it.
 */
@AutoValue
public abstract class WarehouseTable implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Characters of a surrogate key: an MD5 in lower-case hex, as dbt_utils' generate_surrogate_key makes it. */
  public static final int SURROGATE_KEY_LENGTH = 32;

  /**
   * The column type of surrogate keys (and the columns that reference them): text of at most
   * {@value #SURROGATE_KEY_LENGTH} characters, {@code VARCHAR(32)} in SQL. Values are Java strings.
   */
  public static final FieldType SURROGATE_KEY =
      FieldType.logicalType(VariableString.of(SURROGATE_KEY_LENGTH));

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
