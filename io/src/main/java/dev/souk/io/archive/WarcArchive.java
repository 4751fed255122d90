package dev.souk.io.archive;

import com.google.common.io.ByteStreams;
import dev.souk.io.Urls;
import dev.souk.io.http.FetcherConfig;
import dev.souk.io.http.PageCharset;
import dev.souk.model.FetchedPage;
import dev.souk.model.PageKind;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.netpreserve.jwarc.HttpRequest;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

/**
 * Fetched pages as WARC (ISO 28500) records, so a crawl can be kept and replayed through any
 * later parser version, and read by standard tools (pywb, warcio, jwarc).
 *
 * <p>Each page is written as a {@code request} record and a {@code response} record (WARC/1.1,
 * whose WARC-Date keeps the fetch time to the millisecond), gzip-compressed one record per gzip
 * member ({@code .warc.gz}). The response block is an HTTP/1.1 message: the page's status, the
 * headers the crawl kept, and the body re-encoded in the charset the page declared (its
 * Content-Type, else its {@code <meta charset>}, else UTF-8), or in UTF-8 when that charset cannot
 * hold the decoded text (a body decoded with replacement characters, say). The block's
 * Content-Type states the charset actually used, so standard tools decode the body right.
 *
 * <p>What HTTP cannot say travels in extension fields of the response record (ISO 28500 allows
 * fields beyond the standard ones; readers ignore those they do not know):
 *
 * <ul>
 *   <li>{@value #SITE}: the Souk site code; its presence marks a record Souk wrote.
 *   <li>{@value #KIND}: {@code LIST} or {@code DETAIL}.
 *   <li>{@value #OFFER_HINT}: the crawl mode ({@code sale}/{@code rent}); absent when none.
 *   <li>{@value #FINAL_URL}: the URL after redirects. WARC-Target-URI is the URL that was
 *       requested, in its public form, because that is the page's identity in Souk.
 *   <li>{@value #CHARSET}: the charset of the body bytes, which a page without a Content-Type
 *       header has no other place to state.
 *   <li>{@value #ORIGINAL_CONTENT_TYPE}: the page's own Content-Type, when stating the charset
 *       changed it, so the page reads back with exactly the headers it was fetched with.
 * </ul>
 */
public final class WarcArchive {
  public static final String SITE = "WARC-Souk-Site";
  public static final String KIND = "WARC-Souk-Kind";
  public static final String OFFER_HINT = "WARC-Souk-Offer-Hint";
  public static final String FINAL_URL = "WARC-Souk-Final-URL";
  public static final String CHARSET = "WARC-Souk-Charset";
  public static final String ORIGINAL_CONTENT_TYPE = "WARC-Souk-Original-Content-Type";

  /**
   * The headers taken from another crawler's response: the same ones Souk's fetcher keeps, so a
   * page reads the same whoever archived it.
   */
  static final List<String> FOREIGN_HEADERS = List.of("content-type", "etag", "last-modified", "retry-after", "location");

  private WarcArchive() {}

  /**
   * A writer appending gzip-compressed records to {@code channel}; it starts with a
   * {@code warcinfo} record naming {@code filename} and Souk as the software. Closing the writer
   * closes the channel.
   */
  public static Writer writer(WritableByteChannel channel, String filename) throws IOException {
    return new Writer(channel, filename);
  }

  /** Appends pages to one WARC file. Not thread-safe; one per file. */
  public static final class Writer implements Closeable {
    private final WarcWriter warc;

    private Writer(WritableByteChannel channel, String filename) throws IOException {
      warc = new WarcWriter(channel, WarcCompression.GZIP);
      Map<String, List<String>> fields = new LinkedHashMap<>();
      fields.put("software", List.of("Souk (dev.souk.io.archive.WarcArchive) with jwarc"));
      fields.put("format", List.of("WARC File Format 1.1"));
      fields.put("conformsTo", List.of("https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"));
      fields.put("description", List.of("Fetched pages; Souk's own fields are the WARC-Souk-* fields of each response"));
      warc.write(new Warcinfo.Builder().version(MessageVersion.WARC_1_1).filename(filename).fields(fields).build());
    }

    /** Writes the page as a request record followed by its response record. */
    public void write(FetchedPage page) throws IOException {
      Instant date = Instant.ofEpochMilli(page.getFetchedAt().getMillis());
      String body = page.getBody();
      Charset charset = PageCharset.declared(page.getHeaders().get("content-type"), body);
      byte[] bytes = body.getBytes(charset);
      if (!new String(bytes, charset).equals(body)) {
        charset = StandardCharsets.UTF_8;
        bytes = body.getBytes(charset);
      }

      HttpResponse.Builder http = new HttpResponse.Builder(page.getStatus(), reasonPhrase(page.getStatus()));
      String originalContentType = null;
      for (Map.Entry<String, String> header : page.getHeaders().entrySet()) {
        String value = header.getValue();
        if (header.getKey().equalsIgnoreCase("content-type")) {
          String stated = PageCharset.stating(value, charset);
          if (!stated.equals(value)) {
            originalContentType = value;
            value = stated;
          }
        }
        http.addHeader(header.getKey(), value);
      }
      // No media type here: the page's own Content-Type (set above) is the one to keep.
      http.body(null, bytes);

      UUID responseId = UUID.randomUUID();
      WarcResponse.Builder response = new WarcResponse.Builder(page.getUrl())
          .version(MessageVersion.WARC_1_1)
          .recordId(responseId)
          .date(date)
          .body(http.build())
          .addHeader(SITE, page.getSite())
          .addHeader(KIND, page.getKind())
          .addHeader(FINAL_URL, page.getFinalUrl())
          .addHeader(CHARSET, charset.name());
      if (page.getOfferHint() != null) {
        response.addHeader(OFFER_HINT, page.getOfferHint());
      }
      if (originalContentType != null) {
        response.addHeader(ORIGINAL_CONTENT_TYPE, originalContentType);
      }

      HttpRequest request = new HttpRequest.Builder("GET", Urls.requestTarget(page.getUrl()))
          .addHeader("Host", Urls.authority(page.getUrl())).build();
      warc.write(new WarcRequest.Builder(page.getUrl())
          .version(MessageVersion.WARC_1_1)
          .date(date)
          .concurrentTo(URI.create("urn:uuid:" + responseId))
          .body(request)
          .build());
      warc.write(response.build());
    }

    /** Bytes written so far (compressed), for rolling over to a new file. */
    public long position() {
      return warc.position();
    }

    @Override
    public void close() throws IOException {
      warc.close();
    }
  }

  /** A response body larger than the replay's limit, before or after undoing its encoding. */
  public static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(String message) {
      super(message);
    }
  }

  /** {@link #read(WarcRecord, long)} with the crawler's default body limit. */
  public static Optional<ArchivedPage> read(WarcRecord record) throws IOException {
    return read(record, FetcherConfig.DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * The page in a response record, or empty for the records that hold no page (warcinfo,
   * request, metadata, revisit, ...). Bodies are held to {@code maxBodyBytes} like the crawler's
   * (FetcherConfig.maxBodyBytes): the record's size is checked before anything is read and the
   * decoded body is read no further than the limit, so a few KB of gzip that would inflate to
   * gigabytes fail here instead of filling the heap.
   *
   * @throws BodyTooLargeException if the record or its decoded body exceeds {@code maxBodyBytes}
   * @throws IOException if the record is a response but not a readable HTTP response, or a Souk
   *     record with missing or invalid Souk fields
   */
  public static Optional<ArchivedPage> read(WarcRecord record, long maxBodyBytes) throws IOException {
    if (!(record instanceof WarcResponse response)) {
      return Optional.empty();
    }
    // The block holds the HTTP headers too; a few KB over the limit is still far from a heap's worth.
    if (response.body().size() > maxBodyBytes + 64 * 1024) {
      throw new BodyTooLargeException("Response record of " + response.target() + " holds " + response.body().size()
          + " bytes, more than maxBodyBytes=" + maxBodyBytes);
    }
    HttpResponse http = response.http();
    String url = response.target();
    Instant fetchedAt = response.date();
    Optional<String> site = response.headers().sole(SITE);
    if (site.isEmpty()) {
      Map<String, String> headers = new LinkedHashMap<>();
      for (String name : FOREIGN_HEADERS) {
        http.headers().first(name).ifPresent(v -> headers.put(name, v));
      }
      // Other crawlers archive the bytes as sent: chunked, gzipped, in the page's own charset.
      byte[] bytes = readLimited(http.bodyDecoded().stream(), maxBodyBytes, url);
      return Optional.of(new ArchivedPage(
          url, url, null, null, null, http.status(), fetchedAt, Map.copyOf(headers), PageCharset.decode(bytes, headers.get("content-type"))));
    }

    String kind = required(response, KIND);
    try {
      PageKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw new IOException(KIND + " is '" + kind + "', not one of LIST, DETAIL");
    }
    Charset charset;
    try {
      charset = Charset.forName(required(response, CHARSET));
    } catch (IllegalArgumentException e) {
      throw new IOException(CHARSET + " names no charset this JVM knows: " + e.getMessage());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    http.headers().map().forEach((name, values) -> {
      // Content-Length frames the archived (re-encoded) block; it is not one of the page's headers.
      if (!name.equalsIgnoreCase("content-length")) {
        headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
      }
    });
    response.headers().sole(ORIGINAL_CONTENT_TYPE).ifPresent(v -> headers.put("content-type", v));
    String body = new String(readLimited(http.body().stream(), maxBodyBytes, url), charset);
    return Optional.of(new ArchivedPage(
        url, required(response, FINAL_URL), site.get(), kind, response.headers().sole(OFFER_HINT).orElse(null),
        http.status(), fetchedAt, Map.copyOf(headers), body));
  }

  private static byte[] readLimited(InputStream body, long maxBodyBytes, String url) throws IOException {
    byte[] bytes = ByteStreams.limit(body, maxBodyBytes + 1).readAllBytes();
    if (bytes.length > maxBodyBytes) {
      throw new BodyTooLargeException("Decoded body of " + url + " exceeds maxBodyBytes=" + maxBodyBytes
          + "; raise the replay's body limit if such pages are expected");
    }
    return bytes;
  }

  private static String required(WarcRecord record, String field) throws IOException {
    return record.headers().sole(field)
        .orElseThrow(() -> new IOException("Souk record " + record.id() + " has no single " + field + " field"));
  }

  /** Reason phrases are not kept by the crawl; the standard ones make the status line readable. */
  private static String reasonPhrase(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 410 -> "Gone";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Status " + status;
    };
  }
}
