package dev.souk.transforms.normalise;

import dev.souk.model.ListingVersion;
import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.ReadableInstant;

/**
 * Hex SHA-256 over a listing's content: equal hashes mean nothing a user sees has changed, so
 * a re-scrape of an unchanged ad is not a new version.
 *
 * <p>What is hashed is derived from the silver type's Beam schema: <b>every field makes a new
 * version unless it is in the type's documented exclusion list</b> ({@link #PROPERTY_NOT_HASHED},
 * {@link #PHONE_NOT_HASHED}). A field added to a silver type is therefore hashed without touching
 * this class; leaving it out of versioning is a deliberate entry in the list, with its reason.
 *
 * <p>Encoding, so that no two different listings share an input and no field can shift another:
 *
 * <ul>
 *   <li>Fields in canonical order, by name (not the schema's order, which follows reflection and
 *       is not stable), each written as its name then its value.
 *   <li>A null field is left out altogether, so adding a nullable field changes no existing hash
 *       until a listing has a value for it (a non-null field, e.g. a list, changes every hash
 *       once). Renaming a field changes every hash.
 *   <li>Each value carries a type tag: text and decimals as length-prefixed UTF-8, decimals
 *       without trailing zeros (6500 and 6500.00 are one price); integers of any width as one
 *       64-bit integer; floating point as its IEEE bits (-0.0 as 0.0); booleans as one byte;
 *       instants as epoch milliseconds; lists as their size then their items (a null item with a
 *       null tag); nested rows as their count of non-null fields then those fields by name;
 *       logical types as their base value. A field of a type not listed here (a map, say) fails
 *       when the hasher is built, naming the field.
 * </ul>
 *
 * <p>Changing the encoding or the exclusions changes every hash once: the next run stores each
 * re-normalised listing as one new version.
 */
public final class ContentHash {
  private ContentHash() {}

  /**
   * Fields of {@link PropertyListing} that do not make a new version, with the reason. Every
   * other field does.
   */
  public static final Map<String, String> PROPERTY_NOT_HASHED = sorted(Map.of(
      "scrapedAt", "when we looked is not content",
      "publishedAt", "sites often show it only relative to when we looked (\"il y a 5 heures\"),"
          + " so it drifts between two scrapes of an unchanged ad",
      "sellerUrl", "producer-dependent: a page links the seller, most payloads do not, so the same"
          + " unchanged ad from two producers would be two versions",
      "offerMatchesCrawl", "producer-dependent: a crawl knows the mode it walked, a payload does not;"
          + " it says how we found the ad, not what the ad says",
      "contentHash", "the hash itself",
      "qualityFlags", "derived doubts about the row (and how its scrape time was known), not content"));

  /**
   * Fields of {@link PhoneListing} that do not make a new version, with the reason. Every other
   * field does.
   */
  public static final Map<String, String> PHONE_NOT_HASHED = sorted(Map.of(
      "scrapedAt", "when we looked is not content",
      "publishedAt", "shown relative to when we looked on some sites, so it drifts between two"
          + " scrapes of an unchanged ad",
      "sellerUrl", "producer-dependent: a page links the seller, a search export does not, so the"
          + " same unchanged ad from two producers would be two versions",
      "contentHash", "the hash itself",
      "qualityFlags", "derived doubts about the row (and how its scrape time was known), not content"));

  private static final Hasher<PropertyListing> PROPERTY =
      Hasher.of(PropertyListing.class, PROPERTY_NOT_HASHED.keySet());
  private static final Hasher<PhoneListing> PHONE =
      Hasher.of(PhoneListing.class, PHONE_NOT_HASHED.keySet());

  public static String of(PropertyListing l) {
    return PROPERTY.hash(l);
  }

  public static String of(PhoneListing l) {
    return PHONE.hash(l);
  }

  /**
   * The hash of any row: every field of its schema except {@code notHashed}, encoded as for the
   * silver types (a listing and its row hash alike).
   *
   * @throws IllegalArgumentException naming the field, when a name in {@code notHashed} is not a
   *     field of the schema or a hashed field has a type that cannot be encoded
   */
  public static String of(Row row, Set<String> notHashed) {
    return new Encoder(row.getSchema(), notHashed).hash(row);
  }

  /** The fields of {@code type} that make a new version, in the order they are hashed. */
  public static List<String> hashedFields(Class<? extends ListingVersion> type) {
    if (type == PropertyListing.class) {
      return PROPERTY.encoder.names;
    }
    if (type == PhoneListing.class) {
      return PHONE.encoder.names;
    }
    throw new IllegalArgumentException("No content hash for " + type.getName());
  }

  private static Map<String, String> sorted(Map<String, String> m) {
    return Collections.unmodifiableMap(new TreeMap<>(m));
  }

  /** A silver type's conversion to its schema's rows and the encoder of those rows. */
  private static final class Hasher<T> {
    private final SerializableFunction<T, Row> toRow;
    private final Encoder encoder;

    private Hasher(SerializableFunction<T, Row> toRow, Encoder encoder) {
      this.toRow = toRow;
      this.encoder = encoder;
    }

    static <T> Hasher<T> of(Class<T> type, Set<String> notHashed) {
      SchemaRegistry registry = SchemaRegistry.createDefault();
      try {
        return new Hasher<>(registry.getToRowFunction(type),
            new Encoder(registry.getSchema(type), notHashed));
      } catch (NoSuchSchemaException e) {
        throw new IllegalStateException(type.getName() + " has no Beam schema", e);
      }
    }

    String hash(T listing) {
      return encoder.hash(toRow.apply(listing));
    }
  }

  /** The canonical encoding of one schema's rows. */
  private static final class Encoder {
    private static final byte NULL = 0;
    private static final byte TEXT = 'S';
    private static final byte BOOLEAN = 'B';
    private static final byte INTEGER = 'I';
    private static final byte FLOATING = 'F';
    private static final byte DECIMAL = 'N';
    private static final byte INSTANT = 'T';
    private static final byte BYTES = 'X';
    private static final byte LIST = 'L';
    private static final byte ROW = 'R';

    private final List<String> names;
    // Each name as text() writes it, encoded once: the names are the same in every row.
    private final byte[][] encodedNames;
    private final int[] indices;
    private final FieldType[] types;

    Encoder(Schema schema, Set<String> notHashed) {
      for (String name : notHashed) {
        if (!schema.hasField(name)) {
          throw new IllegalArgumentException("Excluded from the content hash but not a field: '"
              + name + "'; fields are " + schema.getFieldNames());
        }
      }
      List<Field> hashed = new ArrayList<>();
      for (Field f : schema.getFields()) {
        if (!notHashed.contains(f.getName())) {
          checkEncodable(f.getName(), f.getType());
          hashed.add(f);
        }
      }
      hashed.sort(Comparator.comparing(Field::getName));
      this.names = hashed.stream().map(Field::getName).toList();
      this.encodedNames = names.stream().map(Encoder::encodedText).toArray(byte[][]::new);
      this.indices = hashed.stream().mapToInt(f -> schema.indexOf(f.getName())).toArray();
      this.types = hashed.stream().map(Field::getType).toArray(FieldType[]::new);
    }

    String hash(Row row) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        for (int i = 0; i < indices.length; i++) {
          Object value = row.getValue(indices[i]);
          if (value != null) {
            out.write(encodedNames[i]);
            value(out, types[i], value);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("in-memory stream failed", e);
      }
      return HexFormat.of().formatHex(sha256().digest(bytes.toByteArray()));
    }

    private static void checkEncodable(String field, FieldType type) {
      switch (type.getTypeName()) {
        case STRING, BOOLEAN, BYTE, INT16, INT32, INT64, FLOAT, DOUBLE, DECIMAL, DATETIME, BYTES -> {}
        case ARRAY, ITERABLE -> checkEncodable(field, type.getCollectionElementType());
        case ROW -> type.getRowSchema().getFields()
            .forEach(f -> checkEncodable(field + "." + f.getName(), f.getType()));
        case LOGICAL_TYPE -> checkEncodable(field, type.getLogicalType().getBaseType());
        default -> throw new IllegalArgumentException("The content hash cannot encode field '"
            + field + "' of type " + type + "; add an encoding to ContentHash or exclude the field");
      }
    }

    @SuppressWarnings("unchecked")
    private static void value(DataOutputStream out, FieldType type, @Nullable Object value) throws IOException {
      if (value == null) {
        out.writeByte(NULL);
        return;
      }
      switch (type.getTypeName()) {
        case STRING -> {
          out.writeByte(TEXT);
          text(out, (String) value);
        }
        case BOOLEAN -> {
          out.writeByte(BOOLEAN);
          out.writeBoolean((Boolean) value);
        }
        case BYTE, INT16, INT32, INT64 -> {
          out.writeByte(INTEGER);
          out.writeLong(((Number) value).longValue());
        }
        case FLOAT, DOUBLE -> {
          double d = ((Number) value).doubleValue();
          out.writeByte(FLOATING);
          out.writeLong(Double.doubleToLongBits(d == 0.0 ? 0.0 : d));
        }
        case DECIMAL -> {
          out.writeByte(DECIMAL);
          text(out, ((BigDecimal) value).stripTrailingZeros().toPlainString());
        }
        case DATETIME -> {
          out.writeByte(INSTANT);
          out.writeLong(((ReadableInstant) value).getMillis());
        }
        case BYTES -> {
          byte[] b = (byte[]) value;
          out.writeByte(BYTES);
          out.writeInt(b.length);
          out.write(b);
        }
        case ARRAY, ITERABLE -> {
          List<Object> items = new ArrayList<>();
          ((Iterable<Object>) value).forEach(items::add);
          out.writeByte(LIST);
          out.writeInt(items.size());
          for (Object item : items) {
            value(out, type.getCollectionElementType(), item);
          }
        }
        case ROW -> {
          Row row = (Row) value;
          List<Field> present = new ArrayList<>();
          for (Field f : row.getSchema().getFields()) {
            if (row.getValue(f.getName()) != null) {
              present.add(f);
            }
          }
          present.sort(Comparator.comparing(Field::getName));
          out.writeByte(ROW);
          out.writeInt(present.size());
          for (Field f : present) {
            text(out, f.getName());
            value(out, f.getType(), row.getValue(f.getName()));
          }
        }
        case LOGICAL_TYPE -> {
          Schema.LogicalType<Object, Object> logical =
              (Schema.LogicalType<Object, Object>) type.getLogicalType();
          value(out, logical.getBaseType(), logical.toBaseType(value));
        }
        default -> throw new IllegalStateException("unencodable type " + type);
      }
    }

    /** What {@link #text} writes for {@code s}. */
    private static byte[] encodedText(String s) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        text(out, s);
      } catch (IOException e) {
        throw new UncheckedIOException("in-memory stream failed", e);
      }
      return bytes.toByteArray();
    }

    private static void text(DataOutputStream out, String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }
  }

  // Cloned per hash: cheaper than looking the algorithm up among the providers every time.
  private static final MessageDigest SHA_256 = newSha256();

  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM ships SHA-256", e);
    }
  }
}
