package dev.souk.transforms.archive;

import static org.junit.Assert.assertTrue;

import dev.souk.io.http.FetcherConfig;
import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

/**
 * Replay holds bodies to the crawler's limit: a gzip bomb or an oversized record is that record's
 * failure, and the records after it and the other files still replay.
 */
@RunWith(JUnit4.class)
public class WarcBodyLimitTest {
  private static final String DETAIL = "https://www.avito.ma/fr/maarif/appartements/Appartement_a_vendre_5512345%d.htm";

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aGzipBombAndAnOversizedRecordFailAndEverythingElseReplays() throws IOException {
    long limit = FetcherConfig.DEFAULT_MAX_BODY_BYTES;
    byte[] bomb = gzip(new byte[(int) limit + 1024 * 1024]);
    assertTrue("the bomb is small: " + bomb.length + " bytes", bomb.length < 16 * 1024);
    Path dir = tmp.newFolder("warc").toPath();
    Path first = dir.resolve("first.warc.gz");
    try (WarcWriter w = writer(first)) {
      write(w, 1, "identity", page(1));
      write(w, 2, "gzip", bomb);
      write(w, 3, "gzip", gzip(page(3)));
      write(w, 4, "identity", new byte[(int) limit + 128 * 1024]);
      write(w, 5, "identity", page(5));
    }
    try (WarcWriter w = writer(dir.resolve("second.warc.gz"))) {
      write(w, 6, "identity", page(6));
    }

    WithFailures.Result<PCollection<FetchedPage>, FailureRecord> read =
        pipeline.apply(ReadWarc.from(dir.resolve("*.warc.gz").toString()));
    PAssert.that(read.output().apply("Bodies", MapElements.into(TypeDescriptors.strings()).via(FetchedPage::getBody)))
        .containsInAnyOrder(text(1), text(3), text(5), text(6));
    PAssert.that(read.failures().apply("Reasons", MapElements.into(TypeDescriptors.strings())
            .via(f -> f.getReason() + " " + f.getMessage().contains("maxBodyBytes=" + limit))))
        .containsInAnyOrder("body_too_large true", "body_too_large true");
    pipeline.run().waitUntilFinish();
  }

  private static WarcWriter writer(Path file) throws IOException {
    return new WarcWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        WarcCompression.GZIP);
  }

  private static void write(WarcWriter w, int n, String encoding, byte[] body) throws IOException {
    w.write(new WarcResponse.Builder(String.format(DETAIL, n)).date(java.time.Instant.parse("2025-11-03T10:00:00Z"))
        .body(MediaType.HTTP_RESPONSE, new HttpResponse.Builder(200, "OK")
            .addHeader("Content-Type", "text/html; charset=utf-8")
            .addHeader("Content-Encoding", encoding)
            .body(null, body).build())
        .build());
  }

  private static String text(int n) {
    return "<p>page " + n + "</p>";
  }

  private static byte[] page(int n) {
    return text(n).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
