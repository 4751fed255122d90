package dev.souk.io.archive;

import java.time.Instant;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One HTTP response read back from a WARC file. {@code site}, {@code kind} and {@code offerHint}
 * are set only for records Souk wrote ({@link #isSouk()}); a response archived by another crawler
 * carries what HTTP alone says, and the caller decides which site and page kind it is.
 *
 * @param url the WARC-Target-URI
 * @param finalUrl where the body came from after redirects ({@code url} for other crawlers)
 * @param headers lower-case names; for Souk records exactly the headers the crawl kept
 * @param body the body decoded with the charset the record states
 */
public record ArchivedPage(
    String url,
    String finalUrl,
    @Nullable String site,
    @Nullable String kind,
    @Nullable String offerHint,
    int status,
    Instant fetchedAt,
    Map<String, String> headers,
    String body) {

  /** Whether Souk wrote the record, so site and kind are known rather than to be guessed. */
  public boolean isSouk() {
    return site != null;
  }
}
