package dev.souk.io.http;

import dev.souk.io.http.FetchException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/** Undoes a response body's Content-Encoding; {@link PageCharset} then turns the bytes into text. */
public final class BodyDecoder {
  private BodyDecoder() {}

  /** Undoes gzip/deflate, failing with {@code body_too_large} once the output passes the limit. */
  static byte[] decompress(byte[] raw, String contentEncoding, long limit, String url) throws FetchException {
    String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    try {
      switch (encoding) {
        case "":
        case "identity":
          return raw;
        case "gzip":
        case "x-gzip":
          return readLimited(new GZIPInputStream(new ByteArrayInputStream(raw)), limit, url);
        case "deflate":
          try {
            return readLimited(new InflaterInputStream(new ByteArrayInputStream(raw)), limit, url);
          } catch (ZipException zlibHeaderMissing) {
            // Some servers send raw deflate without the zlib wrapper the RFC asks for.
            return readLimited(new InflaterInputStream(new ByteArrayInputStream(raw), new Inflater(true)), limit, url);
          }
        default:
          throw new FetchException(Reason.NETWORK_ERROR, url,
              "server answered with unsupported Content-Encoding '" + contentEncoding + "' (gzip and deflate were offered)");
      }
    } catch (IOException e) {
      throw new FetchException(Reason.NETWORK_ERROR, url, "corrupt " + encoding + " body: " + e.getMessage(), e);
    }
  }

  private static byte[] readLimited(InputStream in, long limit, String url) throws IOException, FetchException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[16 * 1024];
      long total = 0;
      for (int n; (n = in.read(chunk)) != -1; ) {
        total += n;
        if (total > limit) {
          throw new FetchException(Reason.BODY_TOO_LARGE, url,
              "decompressed body exceeds maxBodyBytes=" + limit + "; raise FetcherConfig.maxBodyBytes if such pages are expected");
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    }
  }
}
