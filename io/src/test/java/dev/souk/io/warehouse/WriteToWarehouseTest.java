package dev.souk.io.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import dev.souk.model.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Two star-schema tables written at once into one DuckDB file on the DirectRunner. */
public class WriteToWarehouseTest {
  private static final Schema SITE =
      Schema.builder().addStringField("siteCode").addStringField("country").build();
  private static final Schema PRICE =
      Schema.builder()
          .addStringField("source")
          .addStringField("listingId")
          .addDecimalField("priceAmount")
          .addDateTimeField("scrapedAt")
          .build();
  private static final WarehouseTable DIM_SITE = WarehouseTable.of("dim_site", SITE, List.of("siteCode"));
  private static final WarehouseTable FACT_PRICE =
      WarehouseTable.of("fact_price", PRICE, List.of("source", "listingId"));

  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void writesTwoTablesConcurrentlyIntoOneFile() throws Exception {
    WarehouseConfig config =
        WarehouseConfig.duckDb(folder.getRoot().toPath().resolve("star/souk.duckdb").toString());
    List<Row> sites =
        List.of(site("avito", "MA"), site("mubawab", "MA"), site("noon", "EG"), site("noon", "EG"));
    List<Row> prices =
        IntStream.range(0, 1_000)
            .mapToObj(i -> price(i % 2 == 0 ? "avito" : "mubawab", "id-" + i, i + ".5"))
            .collect(Collectors.toList());

    PAssert.thatSingleton(
            p.apply("Sites", Create.of(sites).withRowSchema(SITE))
                .apply("WriteSites", WriteToWarehouse.to(config, DIM_SITE)))
        .isEqualTo(4L);
    PAssert.thatSingleton(
            p.apply("Prices", Create.of(prices).withRowSchema(PRICE))
                .apply("WritePrices", WriteToWarehouse.to(config, FACT_PRICE).withBatchSize(100)))
        .isEqualTo(1_000L);
    p.run().waitUntilFinish();

    try (Warehouse warehouse = config.open()) {
      assertThat(warehouse.count("dim_site"), is(3L));
      assertThat(warehouse.count("fact_price"), is(1_000L));
      assertThat(
          warehouse.query(
              "SELECT count(*) AS n, sum(\"priceAmount\") AS total FROM fact_price WHERE source = 'avito'"),
          equalTo(List.of(Map.of("n", 500L, "total", new BigDecimal("249750.00")))));
    }
  }

  @Test
  public void rowsOfAnotherSchemaAreRejectedWhenThePipelineIsBuilt() {
    WarehouseConfig config = WarehouseConfig.duckDb(folder.getRoot().toPath().resolve("w.duckdb").toString());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                p.apply(Create.of(List.of(site("avito", "MA"))).withRowSchema(SITE))
                    .apply(WriteToWarehouse.to(config, FACT_PRICE)));

    assertThat(e.getMessage(), containsString("warehouse table fact_price must have its schema"));
    p.enableAbandonedNodeEnforcement(false);
  }

  private static Row site(String code, String country) {
    return Row.withSchema(SITE).addValues(code, country).build();
  }

  private static Row price(String source, String id, String amount) {
    return Row.withSchema(PRICE)
        .addValues(source, id, new BigDecimal(amount), Instant.parse("2025-03-01T10:00:00Z"))
        .build();
  }
}
