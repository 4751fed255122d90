package dev.souk.io.iceberg;

import dev.souk.io.Decimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.iceberg.IcebergUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.types.Types;

/**
 * Beam schema to Iceberg schema, and the one value conversion an Iceberg write needs.
 *
 * <p>{@link IcebergUtils#beamSchemaToIcebergSchema} (IcebergIO 2.67) maps BOOLEAN, INT32, INT64,
 * FLOAT, DOUBLE, STRING, BYTES, DATETIME (to {@code timestamptz}), the SQL DATE/TIME/DATETIME
 * logical types, arrays, maps and rows; a nullable Beam field becomes an optional column. It has
 * no case for Beam {@code DECIMAL} and falls back to {@code string}, which its own writer then
 * cannot fill from a {@link BigDecimal}. This class keeps Beam's mapping and turns each top-level
 * DECIMAL column into {@code decimal(18,2)}. IcebergIO's writer fills columns by the table's
 * schema, so the model's rows need no schema change, only {@link #toLakeRow} to give each amount
 * scale 2 (Parquet rejects any other scale). Reads map {@code decimal} back to Beam DECIMAL, so
 * the model classes round-trip unchanged.
 */
public final class LakeSchemas {
  /** Iceberg type of every Beam DECIMAL column: amounts below 10^16 with cents. */
  public static final int DECIMAL_PRECISION = 18;

  public static final int DECIMAL_SCALE = 2;

  private LakeSchemas() {}

  /** The Iceberg schema a table for rows of {@code beamSchema} is created with. */
  public static org.apache.iceberg.Schema toIcebergSchema(Schema beamSchema) {
    org.apache.iceberg.Schema converted = IcebergUtils.beamSchemaToIcebergSchema(beamSchema);
    List<Types.NestedField> columns = new ArrayList<>();
    for (Types.NestedField column : converted.columns()) {
      FieldType type = beamSchema.getField(column.name()).getType();
      if (type.getTypeName() == TypeName.DECIMAL) {
        // Primitive types take no nested field ids, so swapping the type keeps the ids valid.
        columns.add(
            Types.NestedField.of(
                column.fieldId(),
                column.isOptional(),
                column.name(),
                Types.DecimalType.of(DECIMAL_PRECISION, DECIMAL_SCALE)));
      } else {
        rejectNestedDecimal(column.name(), type);
        columns.add(column);
      }
    }
    return new org.apache.iceberg.Schema(columns);
  }

  /** {@code row} with every DECIMAL value at scale 2, ready for IcebergIO's writer. */
  public static Row toLakeRow(Row row) {
    List<Object> values = null;
    List<Schema.Field> fields = row.getSchema().getFields();
    for (int i = 0; i < fields.size(); i++) {
      Schema.Field field = fields.get(i);
      BigDecimal value = field.getType().getTypeName() == TypeName.DECIMAL ? row.getDecimal(i) : null;
      if (value != null) {
        if (values == null) {
          values = new ArrayList<>(row.getValues());
        }
        values.set(i, Decimals.fit(value, DECIMAL_PRECISION, DECIMAL_SCALE, field.getName()));
      }
    }
    // The other values come from a built row, so they are in Beam's stored form already; the
    // builder's per-field checks (a field-access descriptor per field) would only cost CPU.
    return values == null ? row : Row.withSchema(row.getSchema()).attachValues(values);
  }

  /** Top-level DECIMAL is handled by the caller: here any DECIMAL is a nested one. */
  private static void rejectNestedDecimal(String column, FieldType type) {
    if (containsDecimal(type)) {
      throw new IllegalArgumentException(
          "Column " + column + " nests a DECIMAL, which IcebergIO 2.67 cannot write; "
              + "only top-level DECIMAL columns are mapped to decimal("
              + DECIMAL_PRECISION + "," + DECIMAL_SCALE + ")");
    }
  }

  private static boolean containsDecimal(FieldType type) {
    return switch (type.getTypeName()) {
      case DECIMAL -> true;
      case ARRAY, ITERABLE -> containsDecimal(type.getCollectionElementType());
      case MAP -> containsDecimal(type.getMapKeyType()) || containsDecimal(type.getMapValueType());
      case ROW ->
          type.getRowSchema().getFields().stream().anyMatch(f -> containsDecimal(f.getType()));
      default -> false;
    };
  }
}
