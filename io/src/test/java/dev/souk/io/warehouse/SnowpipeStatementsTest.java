package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.souk.io.warehouse.SnowflakeConfig.StageLoad;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Snowpipe design's statements, text for text (not wired into the job; nothing here runs them). */
class SnowpipeStatementsTest {
  @Test
  void aPipeCopiesIntoTheStageAndATaskMergesItsStreamOneRowPerKey() {
    SnowflakeConfig config = SnowflakeConfig.withPassword("jdbc:snowflake://acme.snowflakecomputing.com/", "analytics",
        "souk", null, null, "loader", "x", StageLoad.COPY);
    List<String> statements = SnowpipeStatements.forTable(config, SnowflakeStatementsTest.TABLE, "s3://lake/souk/",
        "souk_s3", "souk_pipe", "loading");
    String merge = SnowflakeStatements.merge("ANALYTICS.SOUK.FACT_PRICE", SnowflakeStatementsTest.TABLE,
        "ANALYTICS.SOUK.SOUK_STAGE_FACT_PRICE_STREAM QUALIFY ROW_NUMBER() OVER (PARTITION BY LISTING_KEY, SOURCE"
            + " ORDER BY LISTING_KEY, SOURCE) = 1");
    assertThat(statements, equalTo(List.of(
        "CREATE STAGE IF NOT EXISTS ANALYTICS.SOUK.SOUK_BUCKET URL='s3://lake/souk/' STORAGE_INTEGRATION=SOUK_S3",
        SnowflakeStatements.createBucketStage("ANALYTICS.SOUK.SOUK_STAGE_FACT_PRICE", SnowflakeStatementsTest.TABLE),
        "CREATE PIPE IF NOT EXISTS ANALYTICS.SOUK.SOUK_PIPE_FACT_PRICE AS COPY INTO ANALYTICS.SOUK.SOUK_STAGE_FACT_PRICE"
            + " FROM @ANALYTICS.SOUK.SOUK_BUCKET/fact_price/ FILE_FORMAT=(TYPE=CSV FIELD_OPTIONALLY_ENCLOSED_BY='0x27'"
            + " COMPRESSION=GZIP)",
        "CREATE STREAM IF NOT EXISTS ANALYTICS.SOUK.SOUK_STAGE_FACT_PRICE_STREAM ON TABLE"
            + " ANALYTICS.SOUK.SOUK_STAGE_FACT_PRICE APPEND_ONLY=TRUE",
        "CREATE TASK IF NOT EXISTS ANALYTICS.SOUK.SOUK_MERGE_FACT_PRICE WAREHOUSE=LOADING SCHEDULE='1 MINUTE'"
            + " WHEN SYSTEM$STREAM_HAS_DATA('ANALYTICS.SOUK.SOUK_STAGE_FACT_PRICE_STREAM') AS " + merge,
        "ALTER TASK ANALYTICS.SOUK.SOUK_MERGE_FACT_PRICE RESUME")));
  }
}
