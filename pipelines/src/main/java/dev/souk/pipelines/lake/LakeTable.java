package dev.souk.pipelines.lake;

import java.util.List;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;

/**
 * One Iceberg table of the lake: its id ({@code namespace.table}), the Beam schema of its rows
 * (that of a model type) and the timestamp column it is partitioned by day on.
 */
public record LakeTable(String id, Schema schema, String dayPartitionField) {
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.createDefault();

  /** A table of rows of {@code type}, which must carry a Beam schema. */
  public static LakeTable of(String id, Class<?> type, String dayPartitionField) {
    Schema schema;
    try {
      schema = SCHEMAS.getSchema(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type + " has no Beam schema", e);
    }
    if (!schema.hasField(dayPartitionField)) {
      throw new IllegalArgumentException(
          id + " is partitioned by " + dayPartitionField + ", which is not among " + schema.getFieldNames());
    }
    return new LakeTable(id, schema, dayPartitionField);
  }

  /** Partitioned by day of this timestamp: the usual filter ("what came in yesterday"). */
  public List<String> partitionDays() {
    return List.of(dayPartitionField);
  }
}
