package dev.souk.io.iceberg;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import dev.souk.model.PropertyListing;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import com.google.common.collect.Lists;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;
import org.joda.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.joda.time.Instant;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Writes the model's records to a Hadoop-catalog lake on the DirectRunner and reads them back. */
public class IcebergLakeTest {
  private static final String PAGES = "bronze.pages";
  private static final String LISTINGS = "silver.property_listings";
  private static final String FAILURES = "ops.failures";

  /** Arabic, a narrow no-break space (U+202F, as Avito writes "7 500 DH") and an accent. */
  private static final String ARABIC_TITLE = "شقة للبيع في الدار البيضاء";
  private static final String NNBSP_PRICE = "7\u202F500 DH · Prix à consulter";

  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();
  @Rule public final transient TestPipeline writePipeline = TestPipeline.create();
  @Rule public final transient TestPipeline readPipeline = TestPipeline.create();

  private IcebergLake lake;

  @Before
  public void createLake() throws Exception {
    lake = IcebergLake.of(LakeConfig.hadoop(folder.newFolder("lake").getPath()));
  }

  private static final Instant FETCHED = Instant.parse("2025-03-01T10:15:30.123Z");
  private static final Instant PUBLISHED = Instant.parse("2025-02-27T23:59:59.999Z");

  private static final FetchedPage PAGE =
      FetchedPage.builder()
          .setUrl("https://www.avito.ma/fr/casablanca/appartements/x_55001234.htm")
          .setFinalUrl("https://www.avito.ma/fr/maarif/appartements/x_55001234.htm")
          .setSite("avito")
          .setKind("DETAIL")
          .setOfferHint(null)
          .setStatus(200)
          .setFetchedAt(FETCHED)
          .setHeaders(Map.of("content-type", "text/html; charset=utf-8", "etag", "\"abc\""))
          .setBody("<h1>" + ARABIC_TITLE + "</h1><p>" + NNBSP_PRICE + "</p>")
          .build();

  private static final PropertyListing FULL =
      PropertyListing.builder()
          .setSource("avito")
          .setListingId("55001234")
          .setUrl("https://www.avito.ma/fr/maarif/appartements/x_55001234.htm")
          .setTitle(ARABIC_TITLE)
          .setDescription(NNBSP_PRICE)
          .setOffer("sale")
          .setPropertyType("apartment")
          .setPriceAmount(new BigDecimal("1250000.50"))
          .setPriceCurrency("MAD")
          .setSurfaceTotalM2(95.5)
          .setSurfaceLivingM2(88.0)
          .setRooms(4)
          .setBedrooms(2)
          .setBathrooms(1)
          .setFloor(0)
          .setCity("casablanca")
          .setNeighbourhood("maarif")
          .setSellerName("وكالة النور")
          .setSellerUrl("https://www.avito.ma/boutique/nour")
          .setSellerIsStore(true)
          .setPublishedAt(PUBLISHED)
          .setScrapedAt(FETCHED)
          .setEquipments(List.of("ascenseur", "parking"))
          .setImages(List.of("https://img.avito.ma/1.jpg"))
          .setLatitude(33.5883)
          .setLongitude(-7.6114)
          .setContentHash("9f2c")
          .build();

  /** Only the required fields; the price has no decimals and must come back as 950000.00. */
  private static final PropertyListing SPARSE =
      PropertyListing.builder()
          .setSource("mubawab")
          .setListingId("a-8812")
          .setUrl("https://www.mubawab.ma/fr/a/8812")
          .setPriceAmount(new BigDecimal("950000"))
          .setScrapedAt(FETCHED)
          .build();

  private static final FailureRecord FAILURE =
      FailureRecord.create(
          "fetch", null, null, "http_502", "Bad gateway: retry later", NNBSP_PRICE, FETCHED);

  @Test
  public void modelRecordsRoundTripThroughIcebergIoAndGenerics() throws Exception {
    lake.ensureTable(PAGES, schemaOf(FetchedPage.class), List.of("fetchedAt"));
    lake.ensureTable(LISTINGS, schemaOf(PropertyListing.class), List.of("scrapedAt"));
    lake.ensureTable(FAILURES, schemaOf(FailureRecord.class), List.of());

    writePipeline
        .apply("Pages", Create.of(PAGE))
        .apply("PagesToRows", Convert.toRows())
        .apply("AppendPages", lake.append(PAGES));
    writePipeline
        .apply("Listings", Create.of(FULL, SPARSE))
        .apply("ListingsToRows", Convert.toRows())
        .apply("AppendListings", lake.append(LISTINGS));
    writePipeline
        .apply("Failures", Create.of(FAILURE))
        .apply("FailuresToRows", Convert.toRows())
        .apply("AppendFailures", lake.append(FAILURES));
    writePipeline.run().waitUntilFinish();

    PCollection<PropertyListing> listings =
        readPipeline
            .apply("ReadListings", lake.read(LISTINGS, schemaOf(PropertyListing.class)))
            .apply("RowsToListings", Convert.fromRows(PropertyListing.class));
    PAssert.that(listings)
        .containsInAnyOrder(
            FULL, SPARSE.toBuilder().setPriceAmount(new BigDecimal("950000.00")).build());
    PAssert.that(
            readPipeline
                .apply("ReadPages", lake.read(PAGES, schemaOf(FetchedPage.class)))
                .apply("RowsToPages", Convert.fromRows(FetchedPage.class)))
        .containsInAnyOrder(PAGE);
    PAssert.that(
            readPipeline
                .apply("ReadFailures", lake.read(FAILURES, schemaOf(FailureRecord.class)))
                .apply("RowsToFailures", Convert.fromRows(FailureRecord.class)))
        .containsInAnyOrder(FAILURE);
    readPipeline.run().waitUntilFinish();

    assertThat(lake.count(LISTINGS), is(2L));
    assertThat(lake.count(PAGES), is(1L));
    assertThat(lake.count(FAILURES), is(1L));

    List<Record> rows =
        lake.scan(LISTINGS).stream()
            .sorted(Comparator.comparing(r -> (String) r.getField("listingId")))
            .collect(Collectors.toList());
    Record full = rows.get(0);
    assertThat(full.getField("priceAmount"), equalTo(new BigDecimal("1250000.50")));
    assertThat(full.getField("title"), equalTo(ARABIC_TITLE));
    assertThat(full.getField("description"), equalTo(NNBSP_PRICE));
    assertThat(full.getField("sellerName"), equalTo("وكالة النور"));
    assertThat(full.getField("priceOnRequest"), equalTo(false));
    assertThat(full.getField("surfaceTotalM2"), equalTo(95.5));
    assertThat(full.getField("rooms"), equalTo(4));
    assertThat(full.getField("floor"), equalTo(0));
    assertThat(full.getField("sellerIsStore"), equalTo(true));
    assertThat(full.getField("scrapedAt"), equalTo(utc("2025-03-01T10:15:30.123Z")));
    assertThat(full.getField("publishedAt"), equalTo(utc("2025-02-27T23:59:59.999Z")));
    assertThat(full.getField("equipments"), equalTo(List.of("ascenseur", "parking")));
    Record sparse = rows.get(1);
    assertThat(sparse.getField("priceAmount"), equalTo(new BigDecimal("950000.00")));
    assertThat(sparse.getField("title"), nullValue());
    assertThat(sparse.getField("rooms"), nullValue());
    assertThat(sparse.getField("publishedAt"), nullValue());
    assertThat((List<?>) sparse.getField("images"), empty());

    Record page = lake.scan(PAGES).get(0);
    assertThat(page.getField("headers"), equalTo(PAGE.getHeaders()));
    assertThat(page.getField("offerHint"), nullValue());
    assertThat(page.getField("body"), equalTo(PAGE.getBody()));
    assertThat(page.getField("fetchedAt"), equalTo(utc("2025-03-01T10:15:30.123Z")));

    Record failure = lake.scan(FAILURES).get(0);
    assertThat(failure.getField("site"), nullValue());
    assertThat(failure.getField("payload"), equalTo(NNBSP_PRICE));
  }

  @Test
  public void ensureTableCreatesAPartitionedVersion2TableWithARealDecimalOnce() throws Exception {
    Schema schema = schemaOf(PropertyListing.class);
    lake.ensureTable(LISTINGS, schema, List.of("scrapedAt"));
    lake.ensureTable(LISTINGS, schema, List.of("scrapedAt"));

    Table table = lake.catalogConfig().catalog().loadTable(TableIdentifier.parse(LISTINGS));
    assertThat(((BaseTable) table).operations().current().formatVersion(), is(2));
    assertThat(table.spec().fields().get(0).transform().toString(), is("day"));
    assertThat(table.schema().findType("priceAmount"), equalTo(Types.DecimalType.of(18, 2)));
    assertThat(table.schema().findType("scrapedAt"), equalTo(Types.TimestampType.withZone()));
    assertThat(table.schema().findField("title").isOptional(), is(true));
    assertThat(table.schema().findField("listingId").isRequired(), is(true));
    Types.ListType equipments = table.schema().findType("equipments").asListType();
    assertThat(equipments.elementType(), equalTo(Types.StringType.get()));
    assertThat(equipments.isElementRequired(), is(true));

    lake.ensureTable(PAGES, schemaOf(FetchedPage.class), List.of("fetchedAt"));
    Types.MapType headers =
        lake.catalogConfig()
            .catalog()
            .loadTable(TableIdentifier.parse(PAGES))
            .schema()
            .findType("headers")
            .asMapType();
    assertThat(headers.keyType(), equalTo(Types.StringType.get()));
    assertThat(headers.valueType(), equalTo(Types.StringType.get()));
    assertThat(headers.isValueRequired(), is(true));
    assertThat(lake.tableExists(LISTINGS), is(true));
    assertThat(lake.location(LISTINGS), containsString("silver/property_listings"));
    assertThat(lake.count(LISTINGS), is(0L));
  }

  @Test
  public void ensureTableRejectsATableWithOtherColumns() throws Exception {
    lake.ensureTable(FAILURES, schemaOf(FailureRecord.class), List.of());

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> lake.ensureTable(FAILURES, schemaOf(FetchedPage.class), List.of()));
    assertThat(e.getMessage(), containsString("Iceberg table " + FAILURES + " was written with other columns (it lacks"
        + " [body, fetchedAt, finalUrl, headers, kind, offerHint, status], has besides [failedAt, lineKey, message,"
        + " payload, reason, step]"));
  }

  @Test
  public void ensureTableAddsANewerNullableColumnAndSaysWhetherOlderRowsLackIt() throws Exception {
    Schema older = Schema.builder().addStringField("id").addStringField("note").build();
    Schema newer = Schema.builder().addStringField("id").addStringField("note").addNullableStringField("key").build();
    lake.ensureTable("ops.filled", older, List.of());
    writePipeline
        .apply(Create.of(Row.withSchema(older).addValues("a", "first").build()).withRowSchema(older))
        .apply(lake.append("ops.filled"));
    writePipeline.run().waitUntilFinish();
    lake.ensureTable("ops.empty", older, List.of());

    lake.ensureTable("ops.filled", newer, List.of());
    lake.ensureTable("ops.filled", newer, List.of()); // already evolved: nothing to do
    lake.ensureTable("ops.empty", newer, List.of());
    lake.ensureTable("ops.fresh", newer, List.of());

    assertThat(lake.hasRowsWithout("ops.filled", "key"), is(true));
    assertThat(lake.hasRowsWithout("ops.empty", "key"), is(false));
    assertThat(lake.hasRowsWithout("ops.fresh", "key"), is(false));
    assertThat(lake.hasRowsWithout("ops.filled", "note"), is(false));
    PCollection<Row> rows = readPipeline.apply(lake.read("ops.filled", newer));
    PAssert.that(rows).containsInAnyOrder(Row.withSchema(newer).addValues("a", "first", null).build());
    readPipeline.run().waitUntilFinish();
    // A column that is not nullable cannot be added: older rows would break it.
    Schema required = Schema.builder().addStringField("id").addStringField("note").addStringField("must").build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> lake.ensureTable("ops.empty", required, List.of()));
    assertThat(e.getMessage(), containsString("it lacks [must]"));
  }

  @Test
  public void readingATableNotYetWrittenGivesNoRowsWithTheCallersSchema() throws Exception {
    Schema schema = schemaOf(FailureRecord.class);

    PCollection<Row> rows = readPipeline.apply(lake.read("ops.not_yet", schema));
    PAssert.that(rows).empty();
    readPipeline.run().waitUntilFinish();

    assertThat(rows.getSchema(), equalTo(schema));
    assertThat(lake.tableExists("ops.not_yet"), is(false));
  }

  @Test
  public void readOnEachScansTheCurrentSnapshotOncePerElementWithTheAskedColumns() throws Exception {
    Schema full = Schema.builder().addStringField("id").addStringField("note").addInt64Field("n").build();
    Schema keys = Schema.builder().addStringField("id").addInt64Field("n").build();
    lake.ensureTable("ops.small", full, List.of());
    writePipeline
        .apply(Create.of(Row.withSchema(full).addValues("a", "first", 1L).build(),
            Row.withSchema(full).addValues("b", "second", 2L).build()).withRowSchema(full))
        .apply(lake.append("ops.small"));
    writePipeline.run().waitUntilFinish();

    PCollection<String> ticks = readPipeline.apply(Create.of("tick 1", "tick 2"));
    PCollection<Row> each = ticks.apply("ReadSmall", lake.<String>readOnEach("ops.small", keys));
    PCollection<Row> missing = ticks.apply("ReadMissing", lake.<String>readOnEach("ops.not_yet", keys));
    Row a = Row.withSchema(keys).addValues("a", 1L).build();
    Row b = Row.withSchema(keys).addValues("b", 2L).build();
    PAssert.that(each).containsInAnyOrder(a, b, a, b);
    PAssert.that(missing).empty();
    readPipeline.run().waitUntilFinish();
    assertThat(each.getSchema(), equalTo(keys));
  }

  private static final String ROUNDS = "ops.rounds";
  private static final Schema SIGHTING =
      Schema.builder()
          .addStringField("id")
          .addDateTimeField("seenAt")
          .addNullableField("amount", Schema.FieldType.DECIMAL)
          .build();
  private static final Instant ROUND_1 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant ROUND_2 = ROUND_1.plus(Duration.standardMinutes(1));
  private static final Instant ROUND_3 = ROUND_1.plus(Duration.standardMinutes(2));
  /** The rows each round produces: round 1 spans two days, round 2 has none. */
  private static final Map<Instant, List<Row>> ROWS_PER_ROUND =
      Map.of(
          ROUND_1,
          List.of(
              sighting("a", "2025-02-28T23:59:59.999Z", "12.5"),
              sighting("b", "2025-03-01T00:00:00Z", null),
              sighting("c", "2025-03-01T10:00:00Z", "7")),
          ROUND_3,
          List.of(sighting("d", "2025-03-02T08:30:00Z", "950000")));

  @Test
  public void appendPerRoundCommitsOnceForEachRoundMarkedWithItsTick() throws Exception {
    lake.ensureTable(ROUNDS, SIGHTING, List.of("seenAt"));
    lake.ensureTable("ops.other", SIGHTING, List.of());
    SerializableFunction<Instant, Boolean> stored = lake.roundStored(List.of(ROUNDS));
    assertThat(stored.apply(ROUND_1), is(false));

    PCollection<Instant> ticks =
        writePipeline.apply(
            "Ticks",
            TestStream.create(InstantCoder.of())
                .addElements(TimestampedValue.of(ROUND_1, ROUND_1))
                .advanceWatermarkTo(ROUND_1.plus(Duration.standardSeconds(30)))
                .addElements(TimestampedValue.of(ROUND_2, ROUND_2))
                .advanceWatermarkTo(ROUND_2.plus(Duration.standardSeconds(30)))
                .addElements(TimestampedValue.of(ROUND_3, ROUND_3))
                .advanceWatermarkToInfinity());
    PCollection<Instant> rounds =
        ticks.apply("WindowPerRound", Window.into(FixedWindows.of(Duration.standardSeconds(1))));
    PCollection<Instant> committed =
        rounds
            .apply("RowsOfRound", ParDo.of(new RowsOfRoundFn()))
            .setRowSchema(SIGHTING)
            .apply("AppendPerRound", lake.appendPerRound(ROUNDS, rounds));
    PAssert.that(committed).containsInAnyOrder(ROUND_1, ROUND_2, ROUND_3);
    PAssert.that(committed.apply("StoredWhenOutput", MapElements.into(TypeDescriptors.booleans()).via(stored)))
        .containsInAnyOrder(true, true, true);
    writePipeline.run().waitUntilFinish();

    Table table = lake.catalogConfig().catalog().loadTable(TableIdentifier.parse(ROUNDS));
    List<Snapshot> snapshots = Lists.newArrayList(SnapshotUtil.currentAncestors(table));
    assertThat("one commit per round, nothing else", snapshots.size(), is(3));
    assertThat(lake.storedRounds(ROUNDS), equalTo(List.of(ROUND_3, ROUND_2, ROUND_1)));
    Snapshot empty = snapshots.get(1);
    assertThat(empty.summary().get(IcebergLake.ROUND_PROPERTY), equalTo(Long.toString(ROUND_2.getMillis())));
    assertThat("the empty round commits a marker only",
        Lists.newArrayList(empty.addedDataFiles(table.io())), empty());
    assertThat(stored.apply(ROUND_1) && stored.apply(ROUND_2) && stored.apply(ROUND_3), is(true));
    assertThat(stored.apply(ROUND_3.plus(Duration.standardMinutes(1))), is(false));
    assertThat("every listed table must hold the round",
        lake.roundStored(List.of(ROUNDS, "ops.other")).apply(ROUND_1), is(false));

    // Rows per round and day partition (a round's shards may each write a file per partition).
    Map<String, Map<String, Long>> rowsPerRound = new TreeMap<>();
    for (Snapshot snapshot : snapshots) {
      for (DataFile file : snapshot.addedDataFiles(table.io())) {
        rowsPerRound
            .computeIfAbsent(snapshot.summary().get(IcebergLake.ROUND_PROPERTY), r -> new TreeMap<>())
            .merge(table.spec().partitionToPath(file.partition()), file.recordCount(), Long::sum);
      }
    }
    assertThat(rowsPerRound, equalTo(Map.of(
        Long.toString(ROUND_1.getMillis()), Map.of("seenAt_day=2025-02-28", 1L, "seenAt_day=2025-03-01", 2L),
        Long.toString(ROUND_3.getMillis()), Map.of("seenAt_day=2025-03-02", 1L))));

    // An independent reader (Iceberg's generic scan) sees exactly the rounds' rows.
    List<String> read = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record r : records) {
        read.add(r.getField("id") + " " + r.getField("seenAt") + " " + r.getField("amount"));
      }
    }
    Collections.sort(read);
    assertThat(read, equalTo(List.of(
        "a 2025-02-28T23:59:59.999Z 12.50",
        "b 2025-03-01T00:00Z null",
        "c 2025-03-01T10:00Z 7.00",
        "d 2025-03-02T08:30Z 950000.00")));
  }

  @Test
  public void aRoundAlreadyCommittedIsNotAppendedAgain() throws Exception {
    lake.ensureTable(ROUNDS, SIGHTING, List.of("seenAt"));
    for (TestPipeline attempt : List.of(writePipeline, readPipeline)) {
      // The same round twice, as a job restored from a checkpoint taken before its commit would.
      PCollection<Instant> round =
          attempt
              .apply("Tick", Create.timestamped(TimestampedValue.of(ROUND_1, ROUND_1)).withCoder(InstantCoder.of()))
              .apply("WindowPerRound", Window.into(FixedWindows.of(Duration.standardSeconds(1))));
      PCollection<Instant> committed =
          round
              .apply("RowsOfRound", ParDo.of(new RowsOfRoundFn()))
              .setRowSchema(SIGHTING)
              .apply("AppendPerRound", lake.appendPerRound(ROUNDS, round));
      PAssert.that(committed).containsInAnyOrder(ROUND_1);
      attempt.run().waitUntilFinish();
    }

    Table table = lake.catalogConfig().catalog().loadTable(TableIdentifier.parse(ROUNDS));
    assertThat(Lists.newArrayList(SnapshotUtil.currentAncestors(table)).size(), is(1));
    assertThat(lake.count(ROUNDS), is(3L));
  }

  /** The rows of {@link #ROWS_PER_ROUND} for each tick. */
  private static final class RowsOfRoundFn extends DoFn<Instant, Row> {
    @ProcessElement
    public void process(@Element Instant tick, OutputReceiver<Row> out) {
      ROWS_PER_ROUND.getOrDefault(tick, List.of()).forEach(out::output);
    }
  }

  private static Row sighting(String id, String seenAt, String amount) {
    return Row.withSchema(SIGHTING)
        .addValues(id, Instant.parse(seenAt), amount == null ? null : new BigDecimal(amount))
        .build();
  }

  @Test
  public void anAmountWithMoreThanTwoDecimalsIsRejectedNotRounded() {
    Row row =
        Row.withSchema(Schema.builder().addDecimalField("priceAmount").build())
            .addValue(new BigDecimal("10.005"))
            .build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LakeSchemas.toLakeRow(row));
    assertThat(e.getMessage(), containsString("priceAmount is decimal(18,2)"));
  }

  @Test
  public void aDecimalInsideAListIsRejectedBecauseIcebergIoCannotWriteIt() {
    Schema schema =
        Schema.builder().addArrayField("pastPrices", Schema.FieldType.DECIMAL).build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LakeSchemas.toIcebergSchema(schema));
    assertThat(e.getMessage(), containsString("Column pastPrices nests a DECIMAL"));
  }

  private static OffsetDateTime utc(String instant) {
    return OffsetDateTime.parse(instant).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static Schema schemaOf(Class<?> type) throws NoSuchSchemaException {
    return SchemaRegistry.createDefault().getSchema(type);
  }
}
