package dev.souk.transforms.ingest;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The identity of a payload-file line, by content, not by file and line number: a copy of a file
 * under another name has the same lines. A line's key is the SHA-256 of its bytes (without its
 * terminator and a byte-order mark); bronze and the dead letter store it with what the line became
 * ({@link #COLUMN}), so a rerun knows the lines already loaded from that column alone and skips
 * them before reading them ({@link ReadOriginalPayloads#skipping}).
 *
 * <p>Rows written before the column existed are known by their content as {@link SkipLoadedLines}
 * computes it: {@link #raw} of a raw listing's payload, {@link #failure} of a failure's step,
 * reason and payload.
 */
public final class LineKeys {
  /** The lake column holding the key; null for records that did not come from a payload file. */
  public static final String COLUMN = "lineKey";

  private LineKeys() {}

  /** The key of a line of these bytes. */
  public static String ofBytes(byte[] bytes, int offset, int length) {
    return of(hasher().putBytes(bytes, offset, length));
  }

  /** A hasher to feed a line's bytes to, for lines streamed in parts; {@link #of} gives the key. */
  static Hasher hasher() {
    return Hashing.sha256().newHasher();
  }

  static String of(Hasher fed) {
    return fed.hash().toString();
  }

  /** A raw listing's identity in rows from before {@link #COLUMN}: its payload as given. */
  public static String raw(@Nullable String payload) {
    return sha256("raw", payload);
  }

  /** A failure's identity in rows from before {@link #COLUMN}: its step, reason and payload. */
  public static String failure(@Nullable String step, @Nullable String reason, @Nullable String payload) {
    return sha256("failure", step, reason, payload);
  }

  /** Length-prefixed parts, so no two different part lists share an input. */
  private static String sha256(@Nullable String... parts) {
    Hasher hasher = hasher();
    for (String part : parts) {
      String p = part == null ? "" : part;
      hasher.putInt(p.length()).putString(p, StandardCharsets.UTF_8);
    }
    return of(hasher);
  }
}
