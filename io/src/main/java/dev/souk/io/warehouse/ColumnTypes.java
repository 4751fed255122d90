package dev.souk.io.warehouse;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.VariableString;

/**
 * A warehouse's SQL column type for each Beam field type the star schemas use. The mapping is the
 * same in every warehouse (the same tables must hold the same values everywhere); only the type
 * names differ.
 */
record ColumnTypes(String warehouse, String text, String doublePrecision, String decimal, String timestampTz,
    String textArray) {
  /** Amounts: the normaliser keeps every price below 10^16 (FieldLimits), so decimal(18,2) holds it. */
  static final int DECIMAL_PRECISION = 18;
  static final int DECIMAL_SCALE = 2;

  static final ColumnTypes DUCKDB =
      new ColumnTypes("DuckDB", "VARCHAR", "DOUBLE", "DECIMAL", "TIMESTAMPTZ", "VARCHAR[]");
  static final ColumnTypes POSTGRES =
      new ColumnTypes("PostgreSQL", "TEXT", "DOUBLE PRECISION", "NUMERIC", "TIMESTAMPTZ", "TEXT[]");
  /** Snowflake: an instant keeps its offset (TIMESTAMP_TZ); a list of strings is a semi-structured ARRAY. */
  static final ColumnTypes SNOWFLAKE =
      new ColumnTypes("Snowflake", "VARCHAR", "FLOAT", "NUMBER", "TIMESTAMP_TZ", "ARRAY");

  /** The column type of {@code field}; a type the star schemas do not use is refused, naming the column. */
  String of(Schema.Field field) {
    FieldType type = field.getType();
    return switch (type.getTypeName()) {
      case STRING -> text;
      case INT32 -> "INTEGER";
      case INT64 -> "BIGINT";
      case DOUBLE -> doublePrecision;
      case BOOLEAN -> "BOOLEAN";
      case DECIMAL -> decimal + "(" + DECIMAL_PRECISION + "," + DECIMAL_SCALE + ")";
      case DATETIME -> timestampTz;
      case LOGICAL_TYPE -> {
        if (type.isLogicalType(SqlTypes.DATE.getIdentifier())) {
          yield "DATE";
        }
        if (type.isLogicalType(VariableString.IDENTIFIER)) {
          yield "VARCHAR(" + type.getLogicalType(VariableString.class).getMaxLength() + ")";
        }
        throw unsupported(field);
      }
      case ARRAY -> {
        if (type.getCollectionElementType().getTypeName() == TypeName.STRING) {
          yield textArray;
        }
        throw unsupported(field);
      }
      default -> throw unsupported(field);
    };
  }

  IllegalArgumentException unsupported(Schema.Field field) {
    return new IllegalArgumentException(
        "Column " + field.getName() + " has Beam type " + field.getType()
            + ", which the " + warehouse + " warehouse does not map; use STRING, INT32, INT64, DOUBLE,"
            + " BOOLEAN, DECIMAL, DATETIME, SqlTypes.DATE, VariableString or ARRAY<STRING>");
  }
}
