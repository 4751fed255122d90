package dev.souk.io.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.io.Decimals;
import dev.souk.model.warehouse.WarehouseTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.ReadableInstant;

/**
 * The SQL and the staged data of a Snowflake upsert, as plain functions (no connection), so each
 * statement and file is tested exactly, including those the emulator cannot run.
 *
 * <p>Names are unquoted and written upper case, as Snowflake folds them: {@code fact_price} is
 * {@code FACT_PRICE}, which dbt-snowflake and people query without quotes. So only plain names
 * are accepted.
 *
 * <p>A batch is staged as text: every stage column is VARCHAR holding the value's canonical text
 * ({@link #text}), whether it arrives as a gzip CSV file ({@link #csv}, {@link #copy}) or as bound
 * parameters ({@link #insertIntoStage}); the {@link #merge} casts each column to its type, so both
 * loads convert values the same way.
 */
final class SnowflakeStatements {
  /** Plain identifiers only: they go into SQL unquoted. */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * How the staged CSV files are read: every value double-quoted (quotes doubled inside), nulls as
   * an unquoted {@code \N}, so an empty string stays an empty string; no escapes outside quotes.
   */
  static final String FILE_FORMAT = "FILE_FORMAT=(TYPE=CSV FIELD_OPTIONALLY_ENCLOSED_BY='\"'"
      + " ESCAPE_UNENCLOSED_FIELD=NONE NULL_IF=('\\\\N') EMPTY_FIELD_AS_NULL=FALSE COMPRESSION=GZIP)";

  private static final String NULL_MARKER = "\\N";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SnowflakeStatements() {}

  static String name(String identifier) {
    if (!IDENTIFIER.matcher(identifier).matches()) {
      throw new IllegalArgumentException("Snowflake names must be plain (letters, digits, _), not '" + identifier + "'");
    }
    return identifier.toUpperCase(Locale.ROOT);
  }

  /** The session-local table a batch of {@code table} is staged in. */
  static String stageName(WarehouseTable table) {
    return "SOUK_STAGE_" + name(table.name());
  }

  static String createTable(String qualifiedName, WarehouseTable table) {
    String columns = table.schema().getFields().stream()
        .map(f -> name(f.getName()) + " " + ColumnTypes.SNOWFLAKE.of(f) + (f.getType().getNullable() ? "" : " NOT NULL"))
        .collect(Collectors.joining(", "));
    return "CREATE TABLE IF NOT EXISTS " + qualifiedName + " (" + columns
        + ", PRIMARY KEY (" + columns(table.primaryKey()) + "))";
  }

  /** A fresh temporary stage table: DDL, so it runs before the upsert's transaction. */
  static String createStage(WarehouseTable table) {
    return "CREATE OR REPLACE TEMPORARY TABLE " + stageName(table) + " ("
        + table.schema().getFieldNames().stream().map(c -> name(c) + " VARCHAR").collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * The stage table of a bucket load ({@link SnowflakeBucketLoad}): SnowflakeIO copies into it on
   * its own connections, so it cannot be temporary; transient (no fail-safe copy) and emptied by
   * each load.
   */
  static String createBucketStage(String qualifiedStage, WarehouseTable table) {
    return "CREATE TRANSIENT TABLE IF NOT EXISTS " + qualifiedStage + " ("
        + table.schema().getFieldNames().stream().map(c -> name(c) + " VARCHAR").collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * A row as one CSV line the way SnowflakeIO writes its staged files and its COPY reads them
   * ({@code FIELD_OPTIONALLY_ENCLOSED_BY='0x27'}): each value's {@link #text} in single quotes, a
   * quote inside doubled; a null as an empty unquoted field, which Snowflake loads as NULL, while
   * {@code ''} stays an empty string.
   */
  static String snowflakeIoLine(Schema schema, Row row) {
    StringBuilder line = new StringBuilder();
    List<@Nullable String> texts = texts(schema, row);
    for (int i = 0; i < texts.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      String text = texts.get(i);
      if (text != null) {
        line.append('\'').append(text.replace("'", "''")).append('\'');
      }
    }
    return line.toString();
  }

  static String insertIntoStage(WarehouseTable table) {
    List<String> names = table.schema().getFieldNames();
    return "INSERT INTO " + stageName(table) + " (" + columns(names) + ") VALUES ("
        + names.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
  }

  /** Uploads a local gzip CSV file to the stage table's own stage ({@code @%TABLE}). */
  static String put(String localFile, WarehouseTable table) {
    return "PUT 'file://" + localFile.replace("'", "\\'") + "' @%" + stageName(table)
        + " AUTO_COMPRESS=FALSE SOURCE_COMPRESSION=GZIP OVERWRITE=TRUE";
  }

  /** Loads one staged file into the stage table; {@code from} is {@code @%STAGE} or a quoted location. */
  static String copy(WarehouseTable table, String from, String fileName) {
    return "COPY INTO " + stageName(table) + " FROM " + from + " FILES=('" + fileName.replace("'", "''") + "') "
        + FILE_FORMAT + " PURGE=TRUE";
  }

  /** The table's own stage, where {@link #put} uploads. */
  static String tableStage(WarehouseTable table) {
    return "@%" + stageName(table);
  }

  /**
   * Upserts the staged rows into the target by primary key: matched rows are replaced column by
   * column, new ones inserted. The stage holds one row per key (the upsert keeps each key's last row): Snowflake
   * refuses (or picks arbitrarily among) several source rows for one target row.
   */
  static String merge(String qualifiedName, WarehouseTable table) {
    return merge(qualifiedName, table, stageName(table));
  }

  static String merge(String qualifiedName, WarehouseTable table, String stage) {
    Schema schema = table.schema();
    String typed = schema.getFields().stream()
        .map(f -> cast(f) + " AS " + name(f.getName()))
        .collect(Collectors.joining(", "));
    List<String> keys = table.primaryKey().stream().map(SnowflakeStatements::name).toList();
    List<String> all = schema.getFieldNames().stream().map(SnowflakeStatements::name).toList();
    List<String> rest = new ArrayList<>(all);
    rest.removeAll(keys);
    String on = keys.stream().map(k -> "T." + k + " = S." + k).collect(Collectors.joining(" AND "));
    String update = rest.isEmpty() ? "" : " WHEN MATCHED THEN UPDATE SET "
        + rest.stream().map(c -> "T." + c + " = S." + c).collect(Collectors.joining(", "));
    return "MERGE INTO " + qualifiedName + " T USING (SELECT " + typed + " FROM " + stage + ") S ON " + on
        + update + " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", all) + ") VALUES ("
        + all.stream().map(c -> "S." + c).collect(Collectors.joining(", ")) + ")";
  }

  /** The staged text of a column as its Snowflake type. */
  private static String cast(Schema.Field field) {
    String column = name(field.getName());
    String type = ColumnTypes.SNOWFLAKE.of(field);
    return type.equals(ColumnTypes.SNOWFLAKE.textArray())
        ? "CAST(PARSE_JSON(" + column + ") AS ARRAY)"
        : "CAST(" + column + " AS " + type + ")";
  }

  /**
   * A value as Snowflake reads it back into its column type: decimals with the column's scale,
   * instants in ISO-8601 UTC, dates as yyyy-mm-dd, lists of strings as a JSON array.
   */
  static @Nullable String text(Schema.Field field, @Nullable Object value) {
    if (value == null) {
      return null;
    }
    return switch (field.getType().getTypeName()) {
      case DECIMAL -> Decimals.fit((BigDecimal) value, ColumnTypes.DECIMAL_PRECISION, ColumnTypes.DECIMAL_SCALE,
          field.getName()).toPlainString();
      case DATETIME -> Instant.ofEpochMilli(((ReadableInstant) value).getMillis()).toString();
      case ARRAY, ITERABLE -> json((Collection<?>) value);
      case STRING, INT32, INT64, DOUBLE, BOOLEAN, LOGICAL_TYPE -> value.toString();
      default -> throw ColumnTypes.SNOWFLAKE.unsupported(field);
    };
  }

  /** The rows' texts in schema order. */
  static List<@Nullable String> texts(Schema schema, Row row) {
    List<@Nullable String> texts = new ArrayList<>(schema.getFieldCount());
    for (int i = 0; i < schema.getFieldCount(); i++) {
      texts.add(text(schema.getField(i), row.getValue(i)));
    }
    return texts;
  }

  /** The rows as the CSV {@link #FILE_FORMAT} reads: every value quoted, null as unquoted \N. */
  static String csv(Schema schema, Collection<Row> rows) {
    StringBuilder out = new StringBuilder();
    for (Row row : rows) {
      List<@Nullable String> texts = texts(schema, row);
      for (int i = 0; i < texts.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        String text = texts.get(i);
        out.append(text == null ? NULL_MARKER : '"' + text.replace("\"", "\"\"") + '"');
      }
      out.append('\n');
    }
    return out.toString();
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String json(Collection<?> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write a list as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String columns(List<String> names) {
    return names.stream().map(SnowflakeStatements::name).collect(Collectors.joining(", "));
  }
}
