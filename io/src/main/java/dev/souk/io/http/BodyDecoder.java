package dev.souk.io.http;

import dev.souk.io.http.FetchException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/** Turns response bytes into text: undoes Content-Encoding, then finds the charset. */
public final class BodyDecoder {
  private static final Pattern HEADER_CHARSET =
      Pattern.compile("(?i)charset\\s*=\\s*[\"']?([^\\s;\"']+)");
  // Matches both <meta charset="x"> and <meta http-equiv="Content-Type" content="...; charset=x">.
  private static final Pattern META_CHARSET =
      Pattern.compile("(?i)<meta[^>]*?charset\\s*=\\s*[\"']?\\s*([a-z0-9_:.\\-]+)");
  /** How far into the document a meta charset is looked for (HTML says 1024; be generous). */
  private static final int META_SNIFF_BYTES = 4096;

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

  /** Decodes with the first charset found in: BOM, Content-Type, meta tag; else UTF-8. */
  public static String decode(byte[] body, String contentType) {
    if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
      return new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
    }
    if (startsWith(body, 0xFE, 0xFF)) {
      return new String(body, 2, body.length - 2, StandardCharsets.UTF_16BE);
    }
    if (startsWith(body, 0xFF, 0xFE)) {
      return new String(body, 2, body.length - 2, StandardCharsets.UTF_16LE);
    }
    Charset charset = contentType == null ? null : charsetFrom(HEADER_CHARSET.matcher(contentType));
    if (charset == null) {
      String head = new String(body, 0, Math.min(body.length, META_SNIFF_BYTES), StandardCharsets.ISO_8859_1);
      charset = charsetFrom(META_CHARSET.matcher(head));
      // A document that could be read as ASCII to find this tag is not UTF-16 (HTML spec).
      if (charset != null && charset.name().startsWith("UTF-16")) {
        charset = StandardCharsets.UTF_8;
      }
    }
    return new String(body, charset == null ? StandardCharsets.UTF_8 : charset);
  }

  private static Charset charsetFrom(Matcher m) {
    return m.find() ? charsetForLabel(m.group(1)) : null;
  }

  /** The charset a label names, as browsers read it; null for an unknown label. */
  public static Charset charsetForLabel(String declared) {
    String label = declared.toLowerCase(Locale.ROOT);
    // Browsers read these labels as windows-1252 (WHATWG Encoding), which sites rely on for 0x80-0x9F.
    if (label.equals("iso-8859-1") || label.equals("latin1") || label.equals("us-ascii")) {
      label = "windows-1252";
    }
    try {
      return Charset.forName(label);
    } catch (IllegalArgumentException unknownOrIllegal) {
      return null;
    }
  }

  private static boolean startsWith(byte[] body, int... prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
