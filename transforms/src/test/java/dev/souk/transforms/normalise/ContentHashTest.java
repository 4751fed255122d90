package dev.souk.transforms.normalise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.ListingVersion;
import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.transforms.SilverFields;
import dev.souk.transforms.SilverSamples;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class ContentHashTest {

  @Test
  void everyPropertyFieldIsHashedOrExcludedWithAReason() {
    for (PropertyListing base : List.of(SilverSamples.fullProperty(), SilverSamples.minimalProperty())) {
      assertClassifiedTotally(PropertyListing.class, base, ContentHash::of, ContentHash.PROPERTY_NOT_HASHED);
    }
  }

  @Test
  void everyPhoneFieldIsHashedOrExcludedWithAReason() {
    for (PhoneListing base : List.of(SilverSamples.fullPhone(), SilverSamples.minimalPhone())) {
      assertClassifiedTotally(PhoneListing.class, base, ContentHash::of, ContentHash.PHONE_NOT_HASHED);
    }
  }

  /**
   * Each field of the silver schema is either in the documented exclusion list (and changing it
   * leaves the hash alone) or hashed (and changing it changes the hash); a failure names the
   * field.
   */
  private static <T extends ListingVersion> void assertClassifiedTotally(
      Class<T> type, T base, Function<T, String> hash, Map<String, String> notHashed) {
    String where = type.getSimpleName();
    for (String excluded : notHashed.keySet()) {
      assertTrue(SilverFields.schema(type).hasField(excluded),
          where + "." + excluded + " is excluded from the content hash but is not a field");
      assertTrue(!notHashed.get(excluded).isBlank(), where + "." + excluded + " is excluded without a reason");
    }
    List<String> hashed = ContentHash.hashedFields(type);
    String before = hash.apply(base);
    for (String field : SilverFields.names(type)) {
      String after = hash.apply(SilverFields.withChanged(type, base, field));
      if (notHashed.containsKey(field)) {
        assertEquals(before, after, where + "." + field + " is excluded from the content hash but changes it");
        assertTrue(!hashed.contains(field), where + "." + field + " is both excluded and hashed");
      } else {
        assertTrue(hashed.contains(field), where + "." + field + " is neither hashed nor excluded");
        assertNotEquals(before, after, where + "." + field
            + " is not in the exclusion list, so changing it must make a new version");
      }
    }
  }

  /** A page links the seller and knows the crawl mode, a payload does not: still one version. */
  @Test
  void theSameAdFromTwoProducersIsOneVersion() {
    PropertyListing fromPage = SilverSamples.fullProperty().toBuilder()
        .setSellerUrl("https://www.avito.ma/fr/boutique?id=123").setOfferMatchesCrawl(true).build();
    PropertyListing fromPayload = fromPage.toBuilder().setSellerUrl(null).setOfferMatchesCrawl(null).build();
    assertEquals(ContentHash.of(fromPage), ContentHash.of(fromPayload));
    assertNotEquals(ContentHash.of(fromPage), ContentHash.of(fromPage.toBuilder()
        .setPriceAmount(fromPage.getPriceAmount().add(BigDecimal.ONE)).build()), "a price change still is a version");
    PhoneListing phonePage = SilverSamples.fullPhone().toBuilder().setSellerUrl("https://mobilemasr.com/seller/7").build();
    assertEquals(ContentHash.of(phonePage), ContentHash.of(phonePage.toBuilder().setSellerUrl(null).build()));
  }

  @Test
  void hashedFieldsAreEveryFieldButTheExclusionsByName() {
    List<String> expected = new ArrayList<>(SilverFields.names(PropertyListing.class));
    expected.removeAll(ContentHash.PROPERTY_NOT_HASHED.keySet());
    assertEquals(expected, ContentHash.hashedFields(PropertyListing.class));
    expected = new ArrayList<>(SilverFields.names(PhoneListing.class));
    expected.removeAll(ContentHash.PHONE_NOT_HASHED.keySet());
    assertEquals(expected, ContentHash.hashedFields(PhoneListing.class));
  }

  @Test
  void aListingHashesLikeItsRow() {
    PropertyListing l = SilverSamples.fullProperty();
    assertEquals(ContentHash.of(l),
        ContentHash.of(SilverFields.toRow(PropertyListing.class, l), ContentHash.PROPERTY_NOT_HASHED.keySet()));
    assertEquals(64, ContentHash.of(l).length());
    assertEquals(ContentHash.of(l), ContentHash.of(SilverSamples.fullProperty()), "stable");
  }

  /** A column added to the silver schema, without touching ContentHash, is hashed. */
  @Test
  void aFieldAddedToTheSilverSchemaIsHashedWithoutTouchingContentHash() {
    PropertyListing l = SilverSamples.fullProperty();
    Row row = SilverFields.toRow(PropertyListing.class, l);
    Schema wider = Schema.builder()
        .addNullableField("addedLaterText", FieldType.STRING) // first: it must not shift the others
        .addFields(row.getSchema().getFields())
        .addField("addedLaterCount", FieldType.INT32)
        .build();
    Set<String> excluded = ContentHash.PROPERTY_NOT_HASHED.keySet();
    Function<Map<String, Object>, String> hashWith = extra -> {
      Map<String, Object> values = valuesOf(row);
      values.put("addedLaterCount", 0);
      values.putAll(extra);
      return ContentHash.of(Row.withSchema(wider).withFieldValues(values).build(), excluded);
    };

    String without = hashWith.apply(Map.of());
    String with = hashWith.apply(Map.of("addedLaterText", "yes"));
    assertNotEquals(without, with, "the new column is hashed");
    assertNotEquals(with, hashWith.apply(Map.of("addedLaterText", "no")));
    assertNotEquals(without, hashWith.apply(Map.of("addedLaterCount", 12)), "a non-null new column too");
    assertNotEquals(ContentHash.of(l), without,
        "a non-null new column changes every hash once (addedLaterCount = 0 here)");

    Schema nullableOnly = Schema.builder().addFields(row.getSchema().getFields())
        .addNullableField("addedLaterText", FieldType.STRING).build();
    Row withNull = Row.withSchema(nullableOnly).addValues(row.getValues()).addValue(null).build();
    assertEquals(ContentHash.of(l), ContentHash.of(withNull, excluded),
        "a new column that is null leaves the existing hashes as they were");
  }

  private static Map<String, Object> valuesOf(Row row) {
    Map<String, Object> values = new HashMap<>();
    for (Schema.Field f : row.getSchema().getFields()) {
      values.put(f.getName(), row.getValue(f.getName()));
    }
    return values;
  }

  @Test
  void theSchemaOrderDoesNotMatter() {
    Row row = SilverFields.toRow(PropertyListing.class, SilverSamples.fullProperty());
    List<Schema.Field> reversed = new ArrayList<>(row.getSchema().getFields());
    Collections.reverse(reversed);
    Schema schema = Schema.builder().addFields(reversed).build();
    Row sameValues = Row.withSchema(schema).withFieldValues(valuesOf(row)).build();
    Set<String> excluded = ContentHash.PROPERTY_NOT_HASHED.keySet();
    assertEquals(ContentHash.of(row, excluded), ContentHash.of(sameValues, excluded));
  }

  @Test
  void valuesAreEncodedUnambiguously() {
    Schema two = Schema.builder()
        .addNullableField("a", FieldType.STRING)
        .addNullableField("b", FieldType.STRING)
        .addField("tags", FieldType.array(FieldType.STRING))
        .addNullableField("n", FieldType.INT32)
        .addNullableField("price", FieldType.DECIMAL)
        .build();
    Set<String> none = Set.of();
    Set<String> hashes = new HashSet<>();
    List<Row> rows = List.of(
        Row.withSchema(two).addValues("ab", "c", List.of(), null, null).build(),
        Row.withSchema(two).addValues("a", "bc", List.of(), null, null).build(),
        Row.withSchema(two).addValues(null, "abc", List.of(), null, null).build(),
        Row.withSchema(two).addValues("", "abc", List.of(), null, null).build(),
        Row.withSchema(two).addValues("abc", null, List.of(), null, null).build(),
        Row.withSchema(two).addValues(null, null, List.of("a,b"), null, null).build(),
        Row.withSchema(two).addValues(null, null, List.of("a", "b"), null, null).build(),
        Row.withSchema(two).addValues(null, null, List.of(""), null, null).build(),
        Row.withSchema(two).addValues(null, null, List.of(), 1, null).build(),
        Row.withSchema(two).addValues("1", null, List.of(), null, null).build(),
        Row.withSchema(two).addValues(null, null, List.of(), null, BigDecimal.ONE).build());
    rows.forEach(r -> assertTrue(hashes.add(ContentHash.of(r, none)), "a collision for " + r));

    Row price = Row.withSchema(two).addValues(null, null, List.of(), null, new BigDecimal("6500")).build();
    Row samePrice = Row.withSchema(two).addValues(null, null, List.of(), null, new BigDecimal("6500.00")).build();
    assertEquals(ContentHash.of(price, none), ContentHash.of(samePrice, none), "6500 and 6500.00 are one price");
  }

  @Test
  void theEncodingIsPinned() throws Exception {
    // Changing this value re-versions every stored listing once: do it on purpose only.
    Schema schema = Schema.builder()
        .addStringField("text")
        .addBooleanField("flag")
        .addInt32Field("count")
        .addDoubleField("surface")
        .addDecimalField("price")
        .addDateTimeField("at")
        .addArrayField("items", FieldType.STRING)
        .addNullableField("missing", FieldType.STRING)
        .build();
    Row row = Row.withSchema(schema)
        .addValues("Appartement", true, 3, 92.5, new BigDecimal("6500.00"),
            Instant.parse("2025-03-14T09:30:00Z"), List.of("ascenseur", "parking"), null)
        .build();
    assertEquals(PINNED, ContentHash.of(row, Set.of()));

    // The documented encoding, written out by hand: fields by name, the null one left out.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    text(out, "at");
    out.writeByte('T');
    out.writeLong(Instant.parse("2025-03-14T09:30:00Z").getMillis());
    text(out, "count");
    out.writeByte('I');
    out.writeLong(3);
    text(out, "flag");
    out.writeByte('B');
    out.writeBoolean(true);
    text(out, "items");
    out.writeByte('L');
    out.writeInt(2);
    out.writeByte('S');
    text(out, "ascenseur");
    out.writeByte('S');
    text(out, "parking");
    text(out, "price");
    out.writeByte('N');
    text(out, "6500");
    text(out, "surface");
    out.writeByte('F');
    out.writeLong(Double.doubleToLongBits(92.5));
    text(out, "text");
    out.writeByte('S');
    text(out, "Appartement");
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray())),
        PINNED);
  }

  private static void text(DataOutputStream out, String s) throws Exception {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static final String PINNED = "675e1bc433cd004380936b4b0260ab5ba96f6f2c169dc104a25f1cb6d18788e0";

  @Test
  void aStaleOrUnencodableFieldFailsNamingIt() {
    Row row = Row.withSchema(Schema.builder().addStringField("a").build()).addValue("x").build();
    IllegalArgumentException stale = assertThrows(IllegalArgumentException.class,
        () -> ContentHash.of(row, Set.of("gone")));
    assertTrue(stale.getMessage().contains("'gone'"), stale.getMessage());

    Row map = Row.withSchema(Schema.builder()
            .addMapField("attributes", FieldType.STRING, FieldType.STRING).build())
        .addValue(Map.of("k", "v")).build();
    IllegalArgumentException unencodable = assertThrows(IllegalArgumentException.class,
        () -> ContentHash.of(map, Set.of()));
    assertTrue(unencodable.getMessage().contains("'attributes'"), unencodable.getMessage());
    assertEquals(64, ContentHash.of(map, Set.of("attributes")).length(), "an excluded map is fine");
  }
}
