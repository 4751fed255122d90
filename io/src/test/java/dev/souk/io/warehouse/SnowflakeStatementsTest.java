package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.souk.model.warehouse.WarehouseTable;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Every statement and staged file of a Snowflake upsert, text for text (the emulator cannot PUT). */
class SnowflakeStatementsTest {
  static final Schema SCHEMA = Schema.builder()
      .addField("listing_key", WarehouseTable.SURROGATE_KEY)
      .addStringField("source")
      .addInt32Field("rooms")
      .addInt64Field("views")
      .addDoubleField("surface")
      .addBooleanField("is_store")
      .addNullableField("price_amount", FieldType.DECIMAL)
      .addNullableField("scraped_at", FieldType.DATETIME)
      .addNullableField("scraped_date", FieldType.logicalType(SqlTypes.DATE))
      .addNullableField("quality_flags", FieldType.array(FieldType.STRING))
      .build();
  static final WarehouseTable TABLE = WarehouseTable.of("fact_price", SCHEMA, List.of("listing_key", "source"));

  @Test
  void theTableIsCreatedWithSnowflakeTypesAndItsPrimaryKeyUnquotedAndUpperCase() {
    assertThat(SnowflakeStatements.createTable("SOUK.STAR.FACT_PRICE", TABLE), equalTo(
        "CREATE TABLE IF NOT EXISTS SOUK.STAR.FACT_PRICE (LISTING_KEY VARCHAR(32) NOT NULL, SOURCE VARCHAR NOT NULL,"
            + " ROOMS INTEGER NOT NULL, VIEWS BIGINT NOT NULL, SURFACE FLOAT NOT NULL, IS_STORE BOOLEAN NOT NULL,"
            + " PRICE_AMOUNT NUMBER(18,2), SCRAPED_AT TIMESTAMP_TZ, SCRAPED_DATE DATE, QUALITY_FLAGS ARRAY,"
            + " PRIMARY KEY (LISTING_KEY, SOURCE))"));
  }

  @Test
  void theStageIsATemporaryTextTableLoadedByFileOrByBoundInserts() {
    assertThat(SnowflakeStatements.createStage(TABLE), equalTo(
        "CREATE OR REPLACE TEMPORARY TABLE SOUK_STAGE_FACT_PRICE (LISTING_KEY VARCHAR, SOURCE VARCHAR, ROOMS VARCHAR,"
            + " VIEWS VARCHAR, SURFACE VARCHAR, IS_STORE VARCHAR, PRICE_AMOUNT VARCHAR, SCRAPED_AT VARCHAR,"
            + " SCRAPED_DATE VARCHAR, QUALITY_FLAGS VARCHAR)"));
    assertThat(SnowflakeStatements.insertIntoStage(TABLE), equalTo(
        "INSERT INTO SOUK_STAGE_FACT_PRICE (LISTING_KEY, SOURCE, ROOMS, VIEWS, SURFACE, IS_STORE, PRICE_AMOUNT,"
            + " SCRAPED_AT, SCRAPED_DATE, QUALITY_FLAGS) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    assertThat(SnowflakeStatements.put("/tmp/souk-snowflake1/soukstage.csv.gz", TABLE), equalTo(
        "PUT 'file:///tmp/souk-snowflake1/soukstage.csv.gz' @%SOUK_STAGE_FACT_PRICE AUTO_COMPRESS=FALSE"
            + " SOURCE_COMPRESSION=GZIP OVERWRITE=TRUE"));
    assertThat(SnowflakeStatements.copy(TABLE, SnowflakeStatements.tableStage(TABLE), "soukstage.csv.gz"), equalTo(
        "COPY INTO SOUK_STAGE_FACT_PRICE FROM @%SOUK_STAGE_FACT_PRICE FILES=('soukstage.csv.gz')"
            + " FILE_FORMAT=(TYPE=CSV FIELD_OPTIONALLY_ENCLOSED_BY='\"' ESCAPE_UNENCLOSED_FIELD=NONE NULL_IF=('\\\\N')"
            + " EMPTY_FIELD_AS_NULL=FALSE COMPRESSION=GZIP) PURGE=TRUE"));
  }

  @Test
  void theMergeCastsTheStagedTextAndReplacesOrInsertsByPrimaryKey() {
    assertThat(SnowflakeStatements.merge("SOUK.STAR.FACT_PRICE", TABLE), equalTo(
        "MERGE INTO SOUK.STAR.FACT_PRICE T USING (SELECT CAST(LISTING_KEY AS VARCHAR(32)) AS LISTING_KEY,"
            + " CAST(SOURCE AS VARCHAR) AS SOURCE, CAST(ROOMS AS INTEGER) AS ROOMS, CAST(VIEWS AS BIGINT) AS VIEWS,"
            + " CAST(SURFACE AS FLOAT) AS SURFACE, CAST(IS_STORE AS BOOLEAN) AS IS_STORE,"
            + " CAST(PRICE_AMOUNT AS NUMBER(18,2)) AS PRICE_AMOUNT, CAST(SCRAPED_AT AS TIMESTAMP_TZ) AS SCRAPED_AT,"
            + " CAST(SCRAPED_DATE AS DATE) AS SCRAPED_DATE, CAST(PARSE_JSON(QUALITY_FLAGS) AS ARRAY) AS QUALITY_FLAGS"
            + " FROM SOUK_STAGE_FACT_PRICE) S ON T.LISTING_KEY = S.LISTING_KEY AND T.SOURCE = S.SOURCE"
            + " WHEN MATCHED THEN UPDATE SET T.ROOMS = S.ROOMS, T.VIEWS = S.VIEWS, T.SURFACE = S.SURFACE,"
            + " T.IS_STORE = S.IS_STORE, T.PRICE_AMOUNT = S.PRICE_AMOUNT, T.SCRAPED_AT = S.SCRAPED_AT,"
            + " T.SCRAPED_DATE = S.SCRAPED_DATE, T.QUALITY_FLAGS = S.QUALITY_FLAGS"
            + " WHEN NOT MATCHED THEN INSERT (LISTING_KEY, SOURCE, ROOMS, VIEWS, SURFACE, IS_STORE, PRICE_AMOUNT,"
            + " SCRAPED_AT, SCRAPED_DATE, QUALITY_FLAGS) VALUES (S.LISTING_KEY, S.SOURCE, S.ROOMS, S.VIEWS, S.SURFACE,"
            + " S.IS_STORE, S.PRICE_AMOUNT, S.SCRAPED_AT, S.SCRAPED_DATE, S.QUALITY_FLAGS)"));
    // A table that is all key only inserts.
    WarehouseTable keys = WarehouseTable.of("dim_k", Schema.builder().addStringField("k").build(), List.of("k"));
    assertThat(SnowflakeStatements.merge("D.S.DIM_K", keys), equalTo("MERGE INTO D.S.DIM_K T USING (SELECT"
        + " CAST(K AS VARCHAR) AS K FROM SOUK_STAGE_DIM_K) S ON T.K = S.K WHEN NOT MATCHED THEN INSERT (K) VALUES (S.K)"));
  }

  @Test
  void theStagedCsvQuotesEveryValueAndMarksNullsSoEmptyStringsStay() throws Exception {
    Row full = Row.withSchema(SCHEMA).addValues("a9b14f06758a8dff4f5b57724cc2c7b7", "شقة \"2\",\nà vendre", 4,
        9_000_000_000L, 95.5, true, new BigDecimal("1250000.5"), Instant.parse("2025-03-01T23:30:00.123Z"),
        LocalDate.of(2025, 3, 1), List.of("price_outlier", "مصعد", "a,\"b\"", "back\\slash", "")).build();
    Row sparse = Row.withSchema(SCHEMA).addValues("k2", "", -1, 0L, 0.0, false, null, null, null, List.of()).build();
    Row nulls = Row.withSchema(SCHEMA).addValues("k3", "x", 0, 0L, 1e10, false, null, null, null, null).build();

    String csv = SnowflakeStatements.csv(SCHEMA, List.of(full, sparse, nulls));

    assertThat(csv, equalTo(
        "\"a9b14f06758a8dff4f5b57724cc2c7b7\",\"شقة \"\"2\"\",\nà vendre\",\"4\",\"9000000000\",\"95.5\",\"true\","
            + "\"1250000.50\",\"2025-03-01T23:30:00.123Z\",\"2025-03-01\","
            + "\"[\"\"price_outlier\"\",\"\"مصعد\"\",\"\"a,\\\"\"b\\\"\"\"\",\"\"back\\\\slash\"\",\"\"\"\"]\"\n"
            + "\"k2\",\"\",\"-1\",\"0\",\"0.0\",\"false\",\\N,\\N,\\N,\"[]\"\n"
            + "\"k3\",\"x\",\"0\",\"0\",\"1.0E10\",\"false\",\\N,\\N,\\N,\\N\n"));
    byte[] gzip = SnowflakeStatements.gzip(csv);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8), equalTo(csv));
    }
  }

  @Test
  void aDecimalBeyondItsScaleAndAQuotedNameAreRefused() {
    Row tooPrecise = Row.withSchema(SCHEMA).addValues("k", "x", 0, 0L, 0.0, false, new BigDecimal("0.001"), null,
        null, null).build();
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> SnowflakeStatements.csv(SCHEMA, List.of(tooPrecise))).getMessage(), containsString("price_amount"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> SnowflakeStatements.name("fact price")).getMessage(),
        equalTo("Snowflake names must be plain (letters, digits, _), not 'fact price'"));
  }
}
