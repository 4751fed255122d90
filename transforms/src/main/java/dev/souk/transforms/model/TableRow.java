package dev.souk.transforms.model;

import dev.souk.model.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.ReadableInstant;

/** A row bound for one warehouse table. */
public record TableRow(WarehouseTable table, Row row) {

  /** Starts a row of {@code table}, to be filled column by column, by name. */
  public static Builder of(WarehouseTable table) {
    return new Builder(table);
  }

  /**
   * Builds a table's row by column name, never by position: each column of the table's schema
   * must be set exactly once. An unknown column, a column set twice, a null in a non-nullable
   * column, a value of the wrong Java type or a column left unset fails, naming the table and the
   * column; so a column added to a table cannot be forgotten, nor shift the others.
   */
  public static final class Builder {
    private final WarehouseTable table;
    private final Schema schema;
    private final @Nullable Object[] values;
    private final boolean[] set;

    private Builder(WarehouseTable table) {
      this.table = table;
      this.schema = table.schema();
      this.values = new Object[schema.getFieldCount()];
      this.set = new boolean[schema.getFieldCount()];
    }

    public Builder set(String column, @Nullable Object value) {
      if (!schema.hasField(column)) {
        throw new IllegalArgumentException("Table " + table.name() + " has no column '" + column
            + "'; its columns are " + schema.getFieldNames());
      }
      int index = schema.indexOf(column);
      if (set[index]) {
        throw new IllegalArgumentException("Column " + where(column) + " is set twice");
      }
      FieldType type = schema.getField(index).getType();
      if (value == null && !type.getNullable()) {
        throw new IllegalArgumentException("Column " + where(column) + " is not nullable");
      }
      Class<?> expected = javaType(type);
      if (value != null && expected != null && !expected.isInstance(value)) {
        throw new IllegalArgumentException("Column " + where(column) + " is " + type + " but the value is a "
            + value.getClass().getName());
      }
      values[index] = value;
      set[index] = true;
      return this;
    }

    public TableRow build() {
      List<String> unset = new ArrayList<>();
      for (int i = 0; i < set.length; i++) {
        if (!set[i]) {
          unset.add(schema.getField(i).getName());
        }
      }
      if (!unset.isEmpty()) {
        throw new IllegalStateException("Row for " + table.name() + " leaves columns " + unset + " unset");
      }
      return new TableRow(table, storedRow(schema, values));
    }

    /**
     * The row {@code Row.withSchema(schema).addValues(values).build()} gives, built without it:
     * Beam's builder resolves a field-access descriptor per field of every row it checks, which
     * was a few per cent of a large load's CPU. The values were checked by {@link #set}; here they
     * only take Beam's stored form (an {@code Instant}, a logical type's input value, a list).
     */
    static Row storedRow(Schema schema, @Nullable Object[] values) {
      List<@Nullable Object> stored = new ArrayList<>(values.length);
      for (int i = 0; i < values.length; i++) {
        Object value = values[i];
        FieldType type = schema.getField(i).getType();
        if (value == null) {
          stored.add(null);
          continue;
        }
        switch (type.getTypeName()) {
          case DATETIME -> stored.add(((ReadableInstant) value).toInstant());
          case LOGICAL_TYPE -> stored.add(inputValue(type.getLogicalType(), value));
          case ARRAY -> {
            List<Object> elements = new ArrayList<>((java.util.Collection<?>) value);
            FieldType element = type.getCollectionElementType();
            if (!element.getNullable() && elements.contains(null)) {
              throw new IllegalArgumentException("Array " + schema.getField(i).getName() + " holds a null");
            }
            if (element.getTypeName().isCompositeType() || element.getTypeName().isCollectionType()
                || element.getTypeName().isLogicalType() || element.getTypeName() == Schema.TypeName.DATETIME) {
              return Row.withSchema(schema).addValues(Arrays.asList(values)).build();
            }
            stored.add(elements);
          }
          case ROW, MAP, ITERABLE -> {
            return Row.withSchema(schema).addValues(Arrays.asList(values)).build();
          }
          default -> stored.add(value);
        }
      }
      return Row.withSchema(schema).attachValues(stored);
    }

    @SuppressWarnings("unchecked")
    private static <InputT, BaseT> Object inputValue(Schema.LogicalType<InputT, BaseT> type, Object value) {
      return type.toInputType(type.toBaseType((InputT) value));
    }

    private String where(String column) {
      return table.name() + "." + column;
    }

    /** The Java type a column's values must have; null where Beam's own check is left to do it. */
    private static @Nullable Class<?> javaType(FieldType type) {
      return switch (type.getTypeName()) {
        case BYTE -> Byte.class;
        case INT16 -> Short.class;
        case INT32 -> Integer.class;
        case INT64 -> Long.class;
        case FLOAT -> Float.class;
        case DOUBLE -> Double.class;
        case DECIMAL -> BigDecimal.class;
        case BOOLEAN -> Boolean.class;
        case STRING -> String.class;
        case DATETIME -> ReadableInstant.class;
        default -> null;
      };
    }
  }
}
