package dev.souk.transforms.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A line's key is its content: the same wherever the line is, whatever ends it. */
class LineKeysTest {
  private static List<JsonLinesReader.Line> read(byte[] file, int maxLineBytes) throws IOException {
    List<JsonLinesReader.Line> lines = new ArrayList<>();
    try (JsonLinesReader reader = new JsonLinesReader(new ByteArrayInputStream(file), maxLineBytes)) {
      for (JsonLinesReader.Line line = reader.next(); line != null; line = reader.next()) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void sameContentSameKeyWhateverTheTerminatorOrBom() throws IOException {
    String json = "{\"url\": \"https://www.avito.ma/fr/x/1.htm\", \"price\": \"5 500 DH\"}";
    byte[] file = ("\uFEFF" + json + "\r\n" + json + "\n  \n" + json.replace("5 500", "5 000") + "\n" + json)
        .getBytes(StandardCharsets.UTF_8);
    List<JsonLinesReader.Line> lines = read(file, 1 << 20);

    assertEquals(LineKeys.ofBytes(json.getBytes(StandardCharsets.UTF_8), 0, json.length()), lines.get(0).key());
    assertEquals(lines.get(0).key(), lines.get(1).key());
    assertNull(lines.get(2).key(), "a blank line has no key");
    assertNotEquals(lines.get(0).key(), lines.get(3).key());
    assertEquals(lines.get(0).key(), lines.get(4).key(), "a last line without LF");
  }

  @Test
  void undecodableAndTooLongLinesHaveKeysOfTheirBytes() throws IOException {
    byte[] arabic = "{\"title\": \"شقة\"}".getBytes(java.nio.charset.Charset.forName("windows-1256"));
    String longA = "x".repeat(5000);
    String longB = "x".repeat(4999) + "y";
    byte[] file = (new String(arabic, StandardCharsets.ISO_8859_1) + "\n" + longA + "\n" + longB + "\r\n" + longA + "\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    List<JsonLinesReader.Line> lines = read(file, 64);

    assertEquals(JsonLinesReader.Kind.UNDECODABLE, lines.get(0).kind());
    assertEquals(LineKeys.ofBytes(arabic, 0, arabic.length), lines.get(0).key());
    assertEquals(JsonLinesReader.Kind.TOO_LONG, lines.get(1).kind());
    assertEquals(LineKeys.ofBytes(longA.getBytes(StandardCharsets.US_ASCII), 0, 5000), lines.get(1).key());
    assertNotEquals(lines.get(1).key(), lines.get(2).key(), "too-long lines differing in their last byte");
    assertEquals(lines.get(1).key(), lines.get(3).key());
  }

  @Test
  void knownLinesComeBackUndecodedWithTheirKeys() throws IOException {
    String a = "{\"a\": 1}";
    String b = "{\"b\": 2}";
    String keyOfA = LineKeys.ofBytes(a.getBytes(StandardCharsets.UTF_8), 0, a.length());
    byte[] file = (a + "\n \n" + b + "\n" + "z".repeat(100) + "\n").getBytes(StandardCharsets.UTF_8);
    List<JsonLinesReader.Line> lines = new ArrayList<>();
    String longKey = read(file, 64).get(3).key();
    try (JsonLinesReader reader = new JsonLinesReader(new ByteArrayInputStream(file), 64)
        .skipping(k -> k.equals(keyOfA) || k.equals(longKey))) {
      for (JsonLinesReader.Line line = reader.next(); line != null; line = reader.next()) {
        lines.add(line);
      }
    }

    assertEquals(List.of(JsonLinesReader.Kind.KNOWN, JsonLinesReader.Kind.BLANK, JsonLinesReader.Kind.TEXT,
        JsonLinesReader.Kind.KNOWN), lines.stream().map(JsonLinesReader.Line::kind).toList());
    assertNull(lines.get(0).text());
    assertEquals(keyOfA, lines.get(0).key());
    assertEquals(b, lines.get(2).text());
    assertEquals(List.of(1L, 2L, 3L, 4L), lines.stream().map(JsonLinesReader.Line::number).toList());
  }
}
