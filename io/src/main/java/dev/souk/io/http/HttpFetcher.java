package dev.souk.io.http;

import java.time.Duration;

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
  FetchResponse fetch(String url) throws FetchException;

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
