package dev.souk.transforms.model;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Deterministic surrogate keys: the first 63 bits of SHA-256 over the dimension's name and its
 * natural key. The same natural key gives the same key on every runner, worker and re-run, so
 * facts and dimensions can be written independently and upserted idempotently — no sequence, no
 * lookup.
 */
public final class SurrogateKey {
  private SurrogateKey() {}

  public static long of(String dimension, @Nullable String... naturalKey) {
    Hasher hasher = Hashing.sha256().newHasher().putString(dimension, StandardCharsets.UTF_8);
    for (String part : naturalKey) {
      // A separator that cannot occur in text, and a distinct marker for null, so that
      // ("a", "bc") ≠ ("ab", "c") and null ≠ "".
      hasher.putByte((byte) 0x1f);
      if (part == null) {
        hasher.putByte((byte) 0);
      } else {
        hasher.putByte((byte) 1).putString(part, StandardCharsets.UTF_8);
      }
    }
    return hasher.hash().asLong() & Long.MAX_VALUE;
  }
}
