package dev.souk.io.http;

import java.time.Duration;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Fetches one public URL politely and safely. Implementations are thread-safe: one instance is
 * shared by the threads of a worker JVM, so per-host delays and robots.txt caches are shared too.
 */
public interface HttpFetcher extends AutoCloseable {
  /**
   * Fetches {@code url} (following redirects and retrying transient failures). Any HTTP status
   * that remains after retries is returned, not thrown; the caller decides what a 404 means.
   *
   * @throws FetchException when no response could be obtained or the URL may not be fetched
   */
  default FetchResponse fetch(String url) throws FetchException {
    return fetch(url, null, null);
  }

  /**
   * A conditional fetch: sends {@code If-None-Match: etag} and {@code If-Modified-Since:
   * lastModified} for whichever is given (values as the server sent them in {@code ETag} and
   * {@code Last-Modified}). A 304 answer is a normal response with status 304 and an empty body:
   * the copy the validators came from is still current.
   *
   * @throws FetchException when no response could be obtained or the URL may not be fetched
   */
  FetchResponse fetch(String url, @Nullable String etag, @Nullable String lastModified) throws FetchException;

  /**
   * The minimum gap to keep between two requests to {@code url}'s host: the configured per-host
   * delay, raised by the host's robots.txt {@code Crawl-delay} (robots.txt is read first if it is
   * not cached yet). Callers that space requests across workers use it as their lower bound.
   *
   * @throws FetchException when {@code url} is not a valid URL
   */
  Duration politeDelay(String url) throws FetchException;

  @Override
  void close();
}
