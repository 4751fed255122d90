package dev.souk.io.http;

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

  @Override
  void close();
}
