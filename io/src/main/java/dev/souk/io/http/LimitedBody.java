package dev.souk.io.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a response body but gives up as soon as it (or its declared Content-Length) passes the
 * limit, so an oversized body is never buffered whole. The caller then aborts the exchange: a
 * plain close would read the rest of the body to keep the connection.
 */
final class LimitedBody {
  /** Signals {@code body_too_large}; an IOException because response handlers may throw only that. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(String message) {
      super(message);
    }
  }

  private LimitedBody() {}

  /** The whole of {@code in}; {@code declaredLength} is the Content-Length, or negative when unknown. */
  static byte[] read(InputStream in, long declaredLength, long limit) throws IOException {
    if (declaredLength > limit) {
      throw new BodyTooLargeException("Content-Length " + declaredLength + ", limit " + limit);
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[16 * 1024];
    long received = 0;
    for (int n; (n = in.read(chunk)) != -1; ) {
      received += n;
      if (received > limit) {
        throw new BodyTooLargeException("more than " + limit + " bytes received, limit " + limit);
      }
      buffer.write(chunk, 0, n);
    }
    return buffer.toByteArray();
  }
}
