package dev.souk.transforms.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.ReadableInstant;

/**
 * A total order over the rows of one schema: by column values in schema order, each compared by
 * its type (numbers as numbers, text by UTF-16 code unit, instants by time, lists element by
 * element, nested rows recursively, logical types by their base value), a null after any value.
 * Two rows compare equal only when their values are equal, so the least of a set of rows does not
 * depend on the order they arrived in.
 *
 * <p>Map columns have no order here: building the order for a schema with one fails, naming it.
 */
public final class RowOrder implements Comparator<Row>, Serializable {
  private static final long serialVersionUID = 1L;

  private final Schema schema;

  private RowOrder(Schema schema) {
    this.schema = schema;
  }

  /**
   * @throws IllegalArgumentException naming the column, when a column's type has no order
   */
  public static RowOrder of(Schema schema) {
    for (Field f : schema.getFields()) {
      checkOrdered(f.getName(), f.getType());
    }
    return new RowOrder(schema);
  }

  /** The lesser of two rows; the first when they are equal. */
  public Row least(Row a, Row b) {
    return compare(a, b) <= 0 ? a : b;
  }

  @Override
  public int compare(Row a, Row b) {
    return compareRows(schema, a, b);
  }

  private static void checkOrdered(String column, FieldType type) {
    switch (type.getTypeName()) {
      case MAP -> throw new IllegalArgumentException(
          "Column '" + column + "' is a map, which has no order to pick one row per key by");
      case ARRAY, ITERABLE -> checkOrdered(column, type.getCollectionElementType());
      case ROW -> type.getRowSchema().getFields()
          .forEach(f -> checkOrdered(column + "." + f.getName(), f.getType()));
      case LOGICAL_TYPE -> checkOrdered(column, type.getLogicalType().getBaseType());
      default -> {}
    }
  }

  private static int compareRows(Schema schema, Row a, Row b) {
    List<Field> fields = schema.getFields();
    for (int i = 0; i < fields.size(); i++) {
      int c = compareValues(fields.get(i).getType(), a.getValue(i), b.getValue(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static int compareValues(FieldType type, @Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    switch (type.getTypeName()) {
      case FLOAT, DOUBLE:
        return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
      case DECIMAL: {
        int c = ((BigDecimal) a).compareTo((BigDecimal) b);
        // 1.0 and 1.00 are one number but not one value: order them by scale.
        return c != 0 ? c : Integer.compare(((BigDecimal) a).scale(), ((BigDecimal) b).scale());
      }
      case DATETIME:
        return Long.compare(((ReadableInstant) a).getMillis(), ((ReadableInstant) b).getMillis());
      case BYTES:
        return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
      case ARRAY, ITERABLE: {
        Iterator<?> x = ((Iterable<?>) a).iterator();
        Iterator<?> y = ((Iterable<?>) b).iterator();
        while (x.hasNext() && y.hasNext()) {
          int c = compareValues(type.getCollectionElementType(), x.next(), y.next());
          if (c != 0) {
            return c;
          }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
      }
      case ROW:
        return compareRows(type.getRowSchema(), (Row) a, (Row) b);
      case LOGICAL_TYPE: {
        Schema.LogicalType<Object, Object> logical = (Schema.LogicalType<Object, Object>) type.getLogicalType();
        return compareValues(logical.getBaseType(), logical.toBaseType(a), logical.toBaseType(b));
      }
      default:
        // Text, booleans and integers of each width are Comparable to their own kind.
        return ((Comparable<Object>) a).compareTo(b);
    }
  }
}
