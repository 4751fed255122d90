package dev.souk.transforms.ingest;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.hash.Hasher;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The physical lines of a JSON-lines file, each with its number, so every line of the file can be
 * accounted for: text, blank, undecodable or too long. Plain Java, no Beam.
 *
 * <p>Choices, made so that line numbers match what {@code sed -n Np} and {@code wc -l} show:
 *
 * <ul>
 *   <li>Only LF ends a line; a CR right before it (CRLF) is dropped. A lone CR is content, not a
 *       line break: JSON Lines allows only LF/CRLF, and splitting on CR (as {@link
 *       java.io.BufferedReader#readLine} does) would shift every later line number.
 *   <li>A final line without LF is a line; a file ending in LF has no extra empty line.
 *   <li>A UTF-8 byte-order mark at the start of a line (the file's first, or a file concatenated
 *       into another) is dropped and noted; anywhere else it is content.
 *   <li>Bytes that are not UTF-8 (e.g. Windows-1256 Arabic) are never replaced by U+FFFD: the
 *       line is {@link Kind#UNDECODABLE} and keeps its bytes, so it can be dead-lettered as given.
 *   <li>A line over {@code maxLineBytes} is {@link Kind#TOO_LONG}: it is skipped to its end
 *       without being held in memory, and only its length is kept.
 *   <li>Blank means empty or only JSON whitespace (space, tab, CR).
 * </ul>
 */
public final class JsonLinesReader implements Closeable {
  /** Default longest line: well over a real producer's payload (a few hundred kB), far under a worker's heap. */
  public static final int DEFAULT_MAX_LINE_BYTES = 64 << 20;

  /** The largest limit a line buffer (a Java array) can hold. */
  public static final int MAX_LINE_BYTES_CEILING = Integer.MAX_VALUE - 16;

  /** What a physical line holds. */
  public enum Kind {
    TEXT,
    BLANK,
    UNDECODABLE,
    TOO_LONG,
    /** A non-blank line whose key the {@link #skipping} test knows: not decoded, no text. */
    KNOWN
  }

  /**
   * One physical line.
   *
   * @param text the decoded line without its terminator and BOM; null when UNDECODABLE or TOO_LONG
   * @param bytes the line's bytes without terminator, kept only for UNDECODABLE lines
   * @param byteLength the line's length in bytes without its terminator
   * @param badByteOffset for UNDECODABLE lines, the offset of the first byte that is not UTF-8
   * @param key the line's identity by content ({@link LineKeys#ofBytes}: its bytes without terminator
   *     and BOM, a too-long line's every byte), the same wherever the line is; null when BLANK
   */
  public record Line(long number, Kind kind, @Nullable String text, byte @Nullable [] bytes, long byteLength,
      boolean bomDropped, int badByteOffset, @Nullable String key) {}

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private boolean eof;
  private long number;
  private byte[] line = new byte[1 << 12];
  private @Nullable Hasher tooLong;
  private @Nullable Predicate<String> known;

  public JsonLinesReader(InputStream in, int maxLineBytes) {
    checkArgument(maxLineBytes > 0 && maxLineBytes <= MAX_LINE_BYTES_CEILING,
        "maxLineBytes must be between 1 and %s (a Java array's size), got %s", MAX_LINE_BYTES_CEILING, maxLineBytes);
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  public JsonLinesReader(InputStream in) {
    this(in, DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * Lines whose key {@code isKnown} accepts come back as {@link Kind#KNOWN}, not decoded: a rerun
   * skips the lines a lake holds without paying for their text, and {@code key -> true} reads
   * keys alone.
   */
  public JsonLinesReader skipping(Predicate<String> isKnown) {
    this.known = isKnown;
    return this;
  }

  /** The next physical line, or null at the end of the file. */
  public @Nullable Line next() throws IOException {
    int length = 0;
    long total = 0;
    tooLong = null;
    boolean sawAny = false;
    boolean endedByLf = false;
    while (!endedByLf) {
      if (position == limit && !fill()) {
        break;
      }
      sawAny = true;
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      if (position < limit) {
        position++; // the LF
        endedByLf = true;
      }
      total += chunk;
      if (total <= maxLineBytes + 1L) { // +1: a CRLF line of exactly the limit still fits
        ensureCapacity(length + chunk);
        System.arraycopy(buffer, start, line, length, chunk);
        length += chunk;
      } else {
        // Too long to hold: its key is hashed as its bytes stream past.
        if (tooLong == null) {
          tooLong = LineKeys.hasher();
          tooLong.putBytes(line, 0, length);
        }
        tooLong.putBytes(buffer, start, chunk);
      }
    }
    if (!sawAny) {
      return null;
    }
    number++;
    boolean crlf = endedByLf && total > 0 && total <= maxLineBytes + 1L && line[length - 1] == '\r';
    if (crlf) {
      length--;
      total--;
    }
    if (total > maxLineBytes) {
      if (tooLong == null) { // the CR of its CRLF brought it back under the buffer's limit
        tooLong = LineKeys.hasher();
        tooLong.putBytes(line, 0, length);
      }
      String key = LineKeys.of(tooLong);
      tooLong = null;
      return new Line(number, isKnown(key) ? Kind.KNOWN : Kind.TOO_LONG, null, null, total, false, -1, key);
    }
    int from = 0;
    boolean bom = length >= 3 && Arrays.equals(line, 0, 3, BOM, 0, 3);
    if (bom) {
      from = 3;
    }
    if (known != null && !isBlank(line, from, length)) {
      String key = LineKeys.ofBytes(line, from, length - from);
      if (known.test(key)) {
        return new Line(number, Kind.KNOWN, null, null, length, bom, -1, key);
      }
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.wrap(line, from, length - from);
    CharBuffer chars = CharBuffer.allocate(length - from);
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      return new Line(number, Kind.UNDECODABLE, null, Arrays.copyOf(line, length), length, bom, bytes.position(),
          LineKeys.ofBytes(line, from, length - from));
    }
    chars.flip();
    String text = chars.toString();
    boolean blank = isBlank(text);
    return new Line(number, blank ? Kind.BLANK : Kind.TEXT, text, null, length, bom, -1,
        blank ? null : LineKeys.ofBytes(line, from, length - from));
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n;
    do {
      n = in.read(buffer);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  private void ensureCapacity(int needed) {
    if (needed > line.length) {
      line = Arrays.copyOf(line, (int) Math.min(Math.max(needed, 2L * line.length), maxLineBytes + 1L));
    }
  }

  private boolean isKnown(String key) {
    return known != null && known.test(key);
  }

  /** As {@link #isBlank(String)}, on the bytes: the blank characters are all ASCII. */
  private static boolean isBlank(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
