package dev.souk.transforms.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.io.Urls;
import dev.souk.model.RawListing;
import dev.souk.model.Site;
import dev.souk.transforms.normalise.NormalisationException;
import dev.souk.transforms.normalise.OriginalPayloads;
import dev.souk.transforms.normalise.Timestamps;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.ZoneOffset;
import java.util.Base64;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * What one physical line of an original producers' JSON-lines file becomes: a bronze raw listing,
 * a failure with a precise reason, or a blank line. Plain Java, no Beam; stateless and thread-safe.
 *
 * <p>A line holds exactly one JSON value, read strictly: nothing may follow it (a second object,
 * trailing garbage), a key may appear only once, and numbers are never rounded. The value is one
 * of:
 *
 * <ul>
 *   <li>a raw-table row {@code {"id", "ingest_ts", "payload": "<the Kafka JSON as a string>"}};
 *   <li>a wrapper whose {@code payload} is the JSON object itself;
 *   <li>the payload object alone.
 * </ul>
 *
 * Bronze keeps the payload exactly as the file gave it: the line itself, the wrapper's payload
 * object as the characters of the line, or the row's payload string. So {@code 1e400} stays
 * {@code 1e400} and a long decimal keeps every digit.
 *
 * <p>A line that is not UTF-8 becomes an {@link #INVALID_UTF8} failure whose payload is {@code
 * base64:} and the line's bytes, since the dead letter's payload is text and U+FFFD would lose them.
 */
public final class PayloadLines {
  /** The failure step of everything this class rejects. */
  public static final String STEP = "ingest";

  /** The line is not JSON at all (garbage, a NUL byte outside a string, an unquoted word). */
  public static final String NOT_JSON = "not_json";
  /** The line ends inside a JSON value: cut off while written or copied. */
  public static final String TRUNCATED_JSON = "truncated_json";
  /** Something follows the line's JSON value: a second value or garbage. */
  public static final String TRAILING_CONTENT = "trailing_content";
  /** An object names a key twice; which value the producer meant is unknown. */
  public static final String DUPLICATE_KEY = "duplicate_key";
  /** The line's bytes are not UTF-8 (e.g. Windows-1256 Arabic). */
  public static final String INVALID_UTF8 = "invalid_utf8";
  /** The line is longer than the reader's per-line limit. */
  public static final String LINE_TOO_LONG = "line_too_long";
  public static final String UNKNOWN_SITE = "unknown_site";
  public static final String BAD_URL = "bad_url";

  private static final ObjectMapper JSON = OriginalPayloads.strictJson();
  private static final ObjectReader LENIENT_TAIL = JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PayloadLines() {}

  /** What a line became. */
  public sealed interface Fate permits Listing, Failure, Blank {}

  public record Listing(RawListing listing) implements Fate {}

  /** A dead-letter entry's content; {@code site} is null when the line never named one. */
  public record Failure(@Nullable String site, String reason, String message, String payload) implements Fate {}

  public record Blank() implements Fate {}

  /** Where a line came from, as bronze and the dead letter name it: {@code file:<file>#<line>}. */
  public static String provenance(String file, long lineNumber) {
    return "file:" + file + "#" + lineNumber;
  }

  /**
   * @param file the file's name as the provenance should show it
   * @param maxLineBytes the reader's limit, for the message of a too-long line
   * @param now the ingest time; also the observed time of a line whose payload has no scrape time
   *     and whose row has no readable {@code ingest_ts} (the row is then flagged {@code
   *     scraped_at_from_clock}, see {@link OriginalPayloads#toRawListing})
   */
  public static Fate read(JsonLinesReader.Line line, String file, int maxLineBytes, Instant now) {
    String provenance = provenance(file, line.number());
    return switch (line.kind()) {
      case BLANK -> new Blank();
      case TOO_LONG -> new Failure(null, LINE_TOO_LONG, "Line " + line.number() + " of " + file + " is "
          + line.byteLength() + " bytes, over the per-line limit of " + maxLineBytes
          + " bytes; raise the limit if such payloads are real", "");
      case UNDECODABLE -> new Failure(null, INVALID_UTF8, "Line " + line.number() + " of " + file
          + " is not UTF-8 (byte " + (line.badByteOffset() + 1) + " of " + line.byteLength()
          + "; Windows-1256 text?); the payload holds its bytes in base64: re-encode the file as UTF-8",
          "base64:" + Base64.getEncoder().encodeToString(line.bytes()));
      case TEXT -> text(line.text(), provenance, now);
      case KNOWN -> throw new IllegalArgumentException(
          "Line " + line.number() + " of " + file + " was skipped as known, unread; callers drop such lines");
    };
  }

  private static Fate text(String line, String provenance, Instant now) {
    String site = null;
    try {
      JsonNode node = parseOne(line, "Line", provenance);
      if (!node.isObject()) {
        throw new NormalisationException(OriginalPayloads.NOT_A_JSON_OBJECT,
            "Line is a JSON " + type(node) + ", not an object (" + provenance + ")");
      }
      JsonNode payload = node.has("payload") ? node.get("payload") : node;
      String value;
      JsonNode payloadObject;
      if (payload == node) {
        value = line;
        payloadObject = node;
      } else if (payload.isTextual()) {
        value = payload.textValue();
        payloadObject = parseOne(value, "The row's payload string", provenance);
      } else if (payload.isObject()) {
        value = objectText(line, "payload");
        payloadObject = payload;
      } else {
        throw new NormalisationException(OriginalPayloads.NOT_A_JSON_OBJECT,
            "The line's payload is a JSON " + type(payload) + ", not an object or a string holding one (" + provenance + ")");
      }
      if (!payloadObject.isObject()) {
        throw new NormalisationException(OriginalPayloads.NOT_A_JSON_OBJECT,
            "The row's payload string holds a JSON " + type(payloadObject) + ", not an object (" + provenance + ")");
      }
      // The format first: an object of no known shape is that, whatever its url says.
      OriginalPayloads.detectFormat((ObjectNode) payloadObject);
      site = site(payloadObject, provenance);
      Instant observed = ingestTs(node.path("ingest_ts").asText(null));
      return new Listing(OriginalPayloads.toRawListing(site, node.path("id").asText(null), value, provenance, observed, now));
    } catch (NormalisationException e) {
      return new Failure(site, e.reason(), e.getMessage(), line);
    } catch (Throwable e) {
      // One line's surprise (a mapping bug, a blown stack) is that line's failure; the file goes on.
      return new Failure(site, "ingest_error", dev.souk.transforms.Failures.describe(dev.souk.transforms.Failures.containable(e)), line);
    }
  }

  /** Exactly one JSON value in {@code text}, or a failure saying what is wrong and where. */
  private static JsonNode parseOne(String text, String what, String provenance) throws NormalisationException {
    try (JsonParser parser = JSON.createParser(text)) {
      // Trailing content is checked here, not by FAIL_ON_TRAILING_TOKENS, to tell garbage from a second value.
      JsonNode node = LENIENT_TAIL.readTree(parser);
      if (node == null) {
        throw new NormalisationException(NOT_JSON, what + " holds no JSON value (" + provenance + ")");
      }
      long end = parser.currentLocation().getCharOffset();
      JsonToken next;
      try {
        next = parser.nextToken();
      } catch (JsonProcessingException e) {
        throw new NormalisationException(TRAILING_CONTENT, what + " has garbage after its JSON value, from character "
            + (end + 1) + ": '" + snippet(text, end) + "' (" + provenance + ")");
      }
      if (next != null) {
        throw new NormalisationException(TRAILING_CONTENT, what + " holds a second JSON value from character "
            + (parser.currentTokenLocation().getCharOffset() + 1) + ": one value per line (" + provenance + ")");
      }
      return node;
    } catch (NormalisationException e) {
      throw e;
    } catch (JsonEOFException e) {
      throw new NormalisationException(TRUNCATED_JSON, what + " ends inside a JSON value (cut off?): "
          + e.getOriginalMessage() + " (" + provenance + ")");
    } catch (StreamConstraintsException e) {
      throw new NormalisationException(NOT_JSON, what + " exceeds a JSON reading limit: " + e.getOriginalMessage()
          + " (" + provenance + ")");
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      boolean duplicate = m != null && m.startsWith("Duplicate field");
      throw new NormalisationException(duplicate ? DUPLICATE_KEY : NOT_JSON,
          what + (duplicate ? " names a key twice: " : " is not JSON: ") + m + " at character "
              + (e.getLocation() == null ? "?" : e.getLocation().getCharOffset() + 1) + " (" + provenance + ")");
    } catch (IOException e) {
      throw new IllegalStateException("Reading a string cannot fail with I/O", e);
    }
  }

  /** The characters of {@code field}'s object value in a JSON object already known to be valid. */
  private static String objectText(String json, String field) {
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals(field) && value == JsonToken.START_OBJECT) {
          int start = (int) parser.currentTokenLocation().getCharOffset();
          parser.skipChildren();
          return json.substring(start, (int) parser.currentLocation().getCharOffset());
        }
        parser.skipChildren();
      }
    } catch (IOException e) {
      throw new IllegalStateException("The line parsed once and must parse again", e);
    }
    throw new IllegalStateException("No object field '" + field + "' in a line that has one");
  }

  private static String site(JsonNode payload, String provenance) throws NormalisationException {
    String named = payload.path("source_site").asText("");
    if (!named.isEmpty()) {
      try {
        return Site.fromCode(named).code();
      } catch (IllegalArgumentException e) {
        throw new NormalisationException(UNKNOWN_SITE, e.getMessage() + " (" + provenance + ")");
      }
    }
    String url = payload.path("url").asText("");
    try {
      return Site.forHost(Urls.parse(url).getHost())
          .orElseThrow(() -> new NormalisationException(UNKNOWN_SITE,
              "No known site serves '" + url + "' (" + provenance + ")"))
          .code();
    } catch (URISyntaxException e) {
      throw new NormalisationException(BAD_URL, "Payload URL '" + url + "' is not a URL (" + provenance + ")");
    }
  }

  /** The row's ingest_ts (UTC) in any ISO-8601 form; null when absent or unreadable. */
  private static @Nullable Instant ingestTs(@Nullable String text) {
    java.time.Instant t = Timestamps.parse(text, ZoneOffset.UTC);
    return t == null ? null : new Instant(t.toEpochMilli());
  }

  private static String type(JsonNode node) {
    return node.getNodeType().name().toLowerCase();
  }

  private static String snippet(String text, long from) {
    String rest = text.substring((int) Math.min(from, text.length())).strip();
    return rest.length() <= 40 ? rest : rest.substring(0, 40) + "…";
  }
}
