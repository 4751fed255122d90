package dev.souk.transforms.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** How a payload line is recognised as already loaded. */
class SkipLoadedLinesTest {
  @Test
  void aPayloadLineIsKnownByItsContentNotByItsFileOrLineNumber() {
    String payload = "{\"id\":\"1\",\"price\":\"5 500 DH\"}";
    assertEquals(SkipLoadedLines.rawKey("file:/a/dump.jsonl#3", payload),
        SkipLoadedLines.rawKey("file:/b/copy.jsonl#9", payload));
    assertNotEquals(SkipLoadedLines.rawKey("file:/a/dump.jsonl#3", payload),
        SkipLoadedLines.rawKey("file:/a/dump.jsonl#3", payload.replace("5 500", "5 000")));
  }

  @Test
  void pagesAndOtherOriginsAreNeverSkipped() {
    assertNull(SkipLoadedLines.rawKey("page:https://www.avito.ma/fr/x.htm", "{}"));
    assertNull(SkipLoadedLines.failureKey("https://www.avito.ma/fr/x.htm", "fetch", "http_500", ""));
    assertNull(SkipLoadedLines.failureKey(null, "ingest", "not_json", "x"));
  }

  @Test
  void aFailureIsKnownByItsStepReasonAndPayload() {
    String key = SkipLoadedLines.failureKey("file:/a.jsonl#2", "ingest", "not_json", "not json");
    assertEquals(key, SkipLoadedLines.failureKey("file:/copy.jsonl#7", "ingest", "not_json", "not json"));
    assertNotEquals(key, SkipLoadedLines.failureKey("file:/a.jsonl#2", "ingest", "not_a_json_object", "not json"));
    // Parts are length-prefixed: moving text from one part to the next is another key.
    assertNotEquals(SkipLoadedLines.failureKey("file:x#1", "ab", "c", ""), SkipLoadedLines.failureKey("file:x#1", "a", "bc", ""));
  }

  @Test
  void theFileOfAProvenance() {
    assertEquals("/data/dump#1.jsonl", SkipLoadedLines.fileOf("file:/data/dump#1.jsonl#42"));
  }
}
