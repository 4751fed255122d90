package dev.souk.transforms.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.startsWith;

import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.transforms.normalise.OriginalPayloads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Every physical line of a hostile payload file has one fate, found by its line number. */
public class PayloadLinesTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** A limit the test can cross cheaply; the 30 MB line stays under it, the 33 MB one does not. */
  static final int LIMIT = 32 << 20;
  static final Instant NOW = new Instant(1_700_000_000_000L);

  static String avito(String id, String extra) {
    return "{\"id\": \"" + id + "\", \"url\": \"https://www.avito.ma/fr/casablanca/appartements/a_" + id
        + ".htm\", \"title\": \"Appartement " + id + "\", \"price_text\": \"4 500 DH\", \"breadcrumbs\": \"Accueil > Immobilier\""
        + ", \"image_urls\": \"\"" + extra + "}";
  }

  static String mubawab(String id, String price) {
    return "{\"id\": \"" + id + "\", \"url\": \"https://www.mubawab.ma/fr/a/" + id + "/appartement\", \"title\": \"Appartement\""
        + ", \"price\": " + price + ", \"location_text\": \"Maarif, Casablanca\"}";
  }

  /** The expected fate of a line: "listing", "blank", or a failure reason. */
  record Expect(String fate, String line) {}

  /**
   * The file: each entry is one physical line (its bytes, without the line break unless it ends in CRLF),
   * and what it must become. Byte arrays for lines that are not UTF-8.
   */
  static Map<Integer, Object[]> hostileFile() {
    return hostileFile(30 << 20, 33 << 20);
  }

  /** As {@link #hostileFile()}, line 18's description {@code bigChars} long and line 19's {@code overChars}. */
  static Map<Integer, Object[]> hostileFile(int bigChars, int overChars) {
    Map<Integer, Object[]> lines = new LinkedHashMap<>();
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    int n = 0;
    lines.put(++n, new Object[] {"listing", concat(bom, utf8(avito("1", "")))}); // BOM at file start
    lines.put(++n, new Object[] {"blank", utf8("")});
    lines.put(++n, new Object[] {"blank", utf8("  \t  ")});
    lines.put(++n, new Object[] {"listing", utf8(avito("2", "") + "\r")}); // CRLF
    // A lone CR between tokens is JSON whitespace and, here, no line break: later numbers stay put.
    lines.put(++n, new Object[] {"listing", utf8(avito("3", ",\r \"seller_type\": \"Particulier\""))});
    lines.put(++n, new Object[] {"listing", concat(bom, utf8(mubawab("4", "5000")))}); // BOM mid-file
    lines.put(++n, new Object[] {PayloadLines.TRAILING_CONTENT, utf8(avito("5", "") + avito("6", ""))});
    lines.put(++n, new Object[] {PayloadLines.TRAILING_CONTENT, utf8(avito("7", "") + " ;garbage")});
    lines.put(++n, new Object[] {PayloadLines.TRUNCATED_JSON, utf8("{\"id\": \"8\", \"url\": \"https://www.avito.ma/fr/x")});
    lines.put(++n, new Object[] {OriginalPayloads.NOT_A_JSON_OBJECT, utf8("[1, 2, 3]")});
    lines.put(++n, new Object[] {OriginalPayloads.NOT_A_JSON_OBJECT, utf8("42")});
    lines.put(++n, new Object[] {OriginalPayloads.NOT_A_JSON_OBJECT, utf8("\"a string\"")});
    lines.put(++n, new Object[] {PayloadLines.INVALID_UTF8,
        concat(utf8("{\"id\": \"13\", \"title\": \"caf"), new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\"}"))});
    lines.put(++n, new Object[] {PayloadLines.INVALID_UTF8,
        avito("14", ", \"description\": \"شقة للكراء\"").getBytes(Charset.forName("windows-1256"))});
    lines.put(++n, new Object[] {"listing", utf8(avito("15", ", \"surface\": 1e400"))});
    lines.put(++n, new Object[] {"listing", utf8(avito("16", ", \"ratio\": 0.1000000000000000055511151231257827"))});
    lines.put(++n, new Object[] {"listing", utf8(mubawab("17", "-1500"))});
    lines.put(++n, new Object[] {"listing", utf8(avito("18", ", \"description\": \"" + "x".repeat(bigChars) + "\""))});
    lines.put(++n, new Object[] {PayloadLines.LINE_TOO_LONG, utf8(avito("19", ", \"description\": \"" + "y".repeat(overChars) + "\""))});
    lines.put(++n, new Object[] {OriginalPayloads.UNKNOWN_PAYLOAD_FORMAT, utf8("{}")});
    lines.put(++n, new Object[] {OriginalPayloads.UPSTREAM_ERROR, utf8("{\"id\": \"21\", \"url\": \"https://www.avito.ma/fr/x/a_21.htm\", "
        + "\"error\": \"502 Server Error: Bad Gateway\", \"listing_type\": \"location\"}")});
    lines.put(++n, new Object[] {PayloadLines.NOT_JSON, utf8("{\"id\": \"22\",\u0000 \"url\": \"x\"}")});
    lines.put(++n, new Object[] {PayloadLines.DUPLICATE_KEY, utf8(avito("23", ", \"title\": \"Autre titre\""))});
    lines.put(++n, new Object[] {"listing", utf8("{\"id\": \"24\", \"ingest_ts\": \"2025-11-03 01:15:15.002000\", \"payload\": "
        + quote(avito("24", ", \"surface\": 1e400")) + "}")});
    lines.put(++n, new Object[] {"listing", utf8("{\"id\": \"25\", \"payload\":   " + avito("25", ", \"surface\": 2.50") + "  }")});
    lines.put(++n, new Object[] {PayloadLines.NOT_JSON, utf8("not json at all")});
    lines.put(++n, new Object[] {PayloadLines.UNKNOWN_SITE, utf8("{\"id\": \"27\", \"url\": \"https://example.com/a/27\", \"image_urls\": \"\"}")});
    // The same listing again, a newer version: both are raw listings.
    lines.put(++n, new Object[] {"listing", utf8(avito("1", ", \"seller_type\": \"Boutique\""))}); // last line, no LF
    return lines;
  }

  /** Writes the file, LF between lines and none after the last. */
  static Path write(Path file, Map<Integer, Object[]> lines) throws IOException {
    try (var out = Files.newOutputStream(file)) {
      int i = 0;
      for (Object[] line : lines.values()) {
        if (i++ > 0) {
          out.write('\n');
        }
        out.write((byte[]) line[1]);
      }
    }
    return file;
  }

  static Map<Long, PayloadLines.Fate> readAll(Path file, int limit) throws IOException {
    Map<Long, PayloadLines.Fate> fates = new TreeMap<>();
    try (InputStream in = Files.newInputStream(file); JsonLinesReader reader = new JsonLinesReader(in, limit)) {
      for (JsonLinesReader.Line line = reader.next(); line != null; line = reader.next()) {
        fates.put(line.number(), PayloadLines.read(line, "hostile.jsonl", limit, NOW));
      }
    }
    return fates;
  }

  static String fate(PayloadLines.Fate fate) {
    if (fate instanceof PayloadLines.Listing) {
      return "listing";
    }
    if (fate instanceof PayloadLines.Failure f) {
      return f.reason();
    }
    return "blank";
  }

  @Test
  public void everyPhysicalLineHasItsFateAndTheFileReconciles() throws Exception {
    Map<Integer, Object[]> lines = hostileFile();
    Map<Long, PayloadLines.Fate> fates = readAll(write(tmp.newFile("hostile.jsonl").toPath(), lines), LIMIT);

    Map<Long, String> expected = new TreeMap<>();
    lines.forEach((n, line) -> expected.put((long) n, (String) line[0]));
    Map<Long, String> actual = new TreeMap<>();
    fates.forEach((n, f) -> actual.put(n, fate(f)));
    assertThat(actual, equalTo(expected));

    long listings = actual.values().stream().filter("listing"::equals).count();
    long blanks = actual.values().stream().filter("blank"::equals).count();
    long failures = actual.size() - listings - blanks;
    assertThat("28 physical lines", (long) actual.size(), equalTo(28L));
    assertThat(List.of(listings, failures, blanks), equalTo(List.of(11L, 15L, 2L)));
  }

  @Test
  public void failuresSayWhatIsWrongAndKeepTheLine() throws Exception {
    Map<Long, PayloadLines.Fate> fates = readAll(write(tmp.newFile("hostile.jsonl").toPath(), hostileFile()), LIMIT);
    assertThat(failure(fates, 7).message(), containsString("second JSON value"));
    assertThat(failure(fates, 8).message(), containsString("garbage after its JSON value"));
    assertThat(failure(fates, 8).message(), containsString("';garbage'"));
    assertThat(failure(fates, 8).payload(), equalTo(avito("7", "") + " ;garbage"));
    assertThat(failure(fates, 10).message(), containsString("JSON array, not an object"));
    assertThat(failure(fates, 13).message(), containsString("not UTF-8 (byte 27 of 30"));
    byte[] cp1256 = avito("14", ", \"description\": \"شقة للكراء\"").getBytes(Charset.forName("windows-1256"));
    assertThat(failure(fates, 14).payload(), equalTo("base64:" + Base64.getEncoder().encodeToString(cp1256)));
    assertThat(failure(fates, 19).message(), containsString("is " + utf8(avito("19", ", \"description\": \"" + "y".repeat(33 << 20) + "\"")).length
        + " bytes, over the per-line limit of " + LIMIT + " bytes"));
    assertThat(failure(fates, 19).payload(), equalTo(""));
    assertThat(failure(fates, 22).message(), containsString("CTRL-CHAR, code 0"));
    assertThat(failure(fates, 23).message(), containsString("Duplicate field 'title'"));
    assertThat(failure(fates, 27).site(), equalTo(null));
    assertThat(failure(fates, 27).message(), containsString("hostile.jsonl#27"));
  }

  @Test
  public void bronzeKeepsEachPayloadAsTheFileGaveIt() throws Exception {
    Map<Integer, Object[]> lines = hostileFile();
    Map<Long, PayloadLines.Fate> fates = readAll(write(tmp.newFile("hostile.jsonl").toPath(), lines), LIMIT);
    // The payload alone: the line itself, BOM and CR line end aside, lone CR kept.
    assertThat(listing(fates, 1).getPayload(), equalTo(avito("1", "")));
    assertThat(listing(fates, 4).getPayload(), equalTo(avito("2", "")));
    assertThat(listing(fates, 5).getPayload(), equalTo(avito("3", ",\r \"seller_type\": \"Particulier\"")));
    assertThat(listing(fates, 6).getPayload(), equalTo(mubawab("4", "5000")));
    // Numbers are not bent through a double.
    assertThat(listing(fates, 15).getPayload(), containsString("\"surface\": 1e400}"));
    assertThat(listing(fates, 16).getPayload(), containsString("0.1000000000000000055511151231257827"));
    assertThat(listing(fates, 17).getPayload(), containsString("\"price\": -1500,"));
    assertThat(listing(fates, 18).getPayload().length(), equalTo(avito("18", ", \"description\": \"" + "x".repeat(30 << 20) + "\"").length()));
    // A raw-table row keeps its payload string; a wrapper keeps its payload object's characters.
    assertThat(listing(fates, 24).getPayload(), equalTo(avito("24", ", \"surface\": 1e400")));
    assertThat(listing(fates, 24).getObservedAt(), equalTo(Instant.parse("2025-11-03T01:15:15.002Z")));
    assertThat(listing(fates, 25).getPayload(), equalTo(avito("25", ", \"surface\": 2.50")));
    assertThat(listing(fates, 25).getProvenance(), equalTo("file:hostile.jsonl#25"));
    // Both versions of listing 1 are kept.
    assertThat(listing(fates, 28).getListingId(), equalTo("1"));
    assertThat(listing(fates, 28).getPayload(), equalTo(avito("1", ", \"seller_type\": \"Boutique\"")));
  }

  @Test
  public void aNegativePriceKeepsItsSignIntoTheFields() throws Exception {
    for (String price : List.of("-1500", "\"-1500\"", "-1500.0")) {
      RawListingFields f = OriginalPayloads.toFields("mubawab", OriginalPayloads.MUBAWAB_KAFKA_V1, mubawab("17", price));
      assertThat(price, f.priceText, equalTo("-1500"));
    }
  }

  @Test
  public void onlyLfAndCrlfEndALine() throws Exception {
    byte[] file = utf8("a\rb\r\n\r\nc\n\nd");
    List<String> texts = new ArrayList<>();
    try (JsonLinesReader reader = new JsonLinesReader(new java.io.ByteArrayInputStream(file), 16)) {
      for (JsonLinesReader.Line line = reader.next(); line != null; line = reader.next()) {
        texts.add(line.number() + ":" + line.kind() + ":" + line.text());
      }
    }
    assertThat(texts, equalTo(List.of("1:TEXT:a\rb", "2:BLANK:", "3:TEXT:c", "4:BLANK:", "5:TEXT:d")));
  }

  @Test
  public void aLineOfExactlyTheLimitFitsAndOneByteMoreDoesNot() throws Exception {
    byte[] file = utf8("1234\r\n12345\n123456\n");
    List<String> kinds = new ArrayList<>();
    try (JsonLinesReader reader = new JsonLinesReader(new java.io.ByteArrayInputStream(file), 5)) {
      for (JsonLinesReader.Line line = reader.next(); line != null; line = reader.next()) {
        kinds.add(line.kind() + ":" + line.byteLength());
      }
    }
    assertThat(kinds, equalTo(List.of("TEXT:4", "TEXT:5", "TOO_LONG:6")));
  }

  private static PayloadLines.Failure failure(Map<Long, PayloadLines.Fate> fates, long line) {
    assertThat("line " + line, fates.get(line), instanceOf(PayloadLines.Failure.class));
    return (PayloadLines.Failure) fates.get(line);
  }

  private static RawListing listing(Map<Long, PayloadLines.Fate> fates, long line) {
    assertThat("line " + line, fates.get(line), instanceOf(PayloadLines.Listing.class));
    RawListing r = ((PayloadLines.Listing) fates.get(line)).listing();
    assertThat(r.getProvenance(), startsWith("file:hostile.jsonl#" + line));
    return r;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
