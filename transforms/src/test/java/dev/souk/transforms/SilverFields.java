package dev.souk.transforms;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.joda.time.ReadableInstant;

/**
 * Silver listings seen through their Beam schema, for tests that must cover every field without
 * naming them: a field added to a silver type is picked up here with no edit.
 */
public final class SilverFields {
  private SilverFields() {}

  private static final SchemaRegistry REGISTRY = SchemaRegistry.createDefault();

  public static Schema schema(Class<?> type) {
    try {
      return REGISTRY.getSchema(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalArgumentException(type + " has no schema", e);
    }
  }

  /** The field names of {@code type}'s schema, sorted (the schema's own order is not stable). */
  public static List<String> names(Class<?> type) {
    return schema(type).getFieldNames().stream().sorted().toList();
  }

  public static <T> Row toRow(Class<T> type, T value) {
    try {
      return REGISTRY.getToRowFunction(type).apply(value);
    } catch (NoSuchSchemaException e) {
      throw new IllegalArgumentException(type + " has no schema", e);
    }
  }

  public static <T> T fromRow(Class<T> type, Row row) {
    try {
      return REGISTRY.getFromRowFunction(type).apply(row);
    } catch (NoSuchSchemaException e) {
      throw new IllegalArgumentException(type + " has no schema", e);
    }
  }

  /** {@code value} with {@code field} set to {@code newValue}. */
  public static <T> T with(Class<T> type, T value, String field, @Nullable Object newValue) {
    return fromRow(type, Row.fromRow(toRow(type, value)).withFieldValue(field, newValue).build());
  }

  /** {@code value} with {@code field} set to another value of its type (see {@link #changed}). */
  public static <T> T withChanged(Class<T> type, T value, String field) {
    Row row = toRow(type, value);
    return with(type, value, field, changed(field, row.getSchema().getField(field).getType(),
        row.getValue(field)));
  }

  /**
   * A value of {@code type} different from {@code current}: text gets a suffix, numbers grow,
   * booleans flip, instants move 400 days on (another day, month and year), lists get one more
   * item; a null becomes a value.
   *
   * @throws IllegalArgumentException naming {@code field} for a type with no rule here
   */
  public static Object changed(String field, FieldType type, @Nullable Object current) {
    switch (type.getTypeName()) {
      case STRING:
        return current == null ? "x" : current + "-changed";
      case BOOLEAN:
        return current == null || !(Boolean) current;
      case INT32:
        return current == null ? 7 : (Integer) current + 1;
      case INT64:
        return current == null ? 7L : (Long) current + 1;
      case DOUBLE:
        return current == null ? 1.5 : (Double) current + 1.5;
      case DECIMAL:
        return current == null ? new BigDecimal("100") : ((BigDecimal) current).add(BigDecimal.ONE);
      case DATETIME:
        return current == null
            ? Instant.parse("2024-01-01T10:00:00Z")
            : ((ReadableInstant) current).toInstant().plus(Duration.standardDays(400));
      case ARRAY:
      case ITERABLE:
        List<Object> items = new ArrayList<>();
        if (current != null) {
          ((Iterable<?>) current).forEach(items::add);
        }
        items.add(changed(field + "[]", type.getCollectionElementType(), null));
        return items;
      default:
        throw new IllegalArgumentException("No test rule to change field '" + field + "' of type "
            + type + "; add one to SilverFields.changed");
    }
  }
}
