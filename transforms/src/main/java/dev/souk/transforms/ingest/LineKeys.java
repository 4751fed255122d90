package dev.souk.transforms.ingest;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The identity of a payload-file line, by content, not by file and line number: a copy of a file
 * under another name has the same lines. For a raw listing it is its payload as given; for a
 * failure, its step, reason and payload. Stored with the line in bronze and the dead letter
 * ({@code lineKey}), so a rerun recognises the lines already loaded by that column alone.
 */
public final class LineKeys {
  /** The lake column holding the key; null for records that did not come from a payload file. */
  public static final String COLUMN = "lineKey";

  private LineKeys() {}

  public static String raw(@Nullable String payload) {
    return sha256("raw", payload);
  }

  public static String failure(@Nullable String step, @Nullable String reason, @Nullable String payload) {
    return sha256("failure", step, reason, payload);
  }

  /** Length-prefixed parts, so no two different part lists share an input. */
  private static String sha256(@Nullable String... parts) {
    var hasher = Hashing.sha256().newHasher();
    for (String part : parts) {
      String p = part == null ? "" : part;
      hasher.putInt(p.length()).putString(p, StandardCharsets.UTF_8);
    }
    return hasher.hash().toString();
  }
}
