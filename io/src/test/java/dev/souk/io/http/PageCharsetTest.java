package dev.souk.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which charset a page is read in: BOM, header, meta, then a confident guess, else UTF-8. */
class PageCharsetTest {
  private static final Charset CP1256 = Charset.forName("windows-1256");
  private static final Charset CP1252 = Charset.forName("windows-1252");
  private static final String ARABIC = "<p>شقة للبيع في الدار البيضاء</p>";
  private static final String FRENCH = "<p>Très belle villa à vendre</p>";

  @Test
  void bomThenHeaderThenMeta() {
    String meta1256 = "<meta charset=\"windows-1256\">" + ARABIC;
    byte[] utf8Bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, meta1256.getBytes(StandardCharsets.UTF_8));
    assertEquals(meta1256, PageCharset.decode(utf8Bom, "text/html; charset=windows-1256"));
    assertEquals(ARABIC, PageCharset.decode(ARABIC.getBytes(CP1256), "text/html; charset=\"windows-1256\""));
    assertEquals(meta1256, PageCharset.decode(meta1256.getBytes(CP1256), "text/html"));
    assertEquals(meta1256, PageCharset.decode(meta1256.getBytes(CP1256), "text/html; charset=no-such-charset"));
    String utf16Meta = "<meta charset=utf-16>" + FRENCH;
    assertEquals(utf16Meta, PageCharset.decode(utf16Meta.getBytes(StandardCharsets.UTF_8), null), "meta UTF-16 reads as UTF-8");
  }

  @Test
  void undeclaredLegacyBodiesAreRecognised() {
    assertEquals(ARABIC, PageCharset.decode(ARABIC.getBytes(CP1256), "text/html"));
    assertEquals(FRENCH, PageCharset.decode(FRENCH.getBytes(StandardCharsets.ISO_8859_1), null));
    assertEquals(CP1256, PageCharset.sniff(ARABIC.getBytes(CP1256)));
  }

  @Test
  void undeclaredUtf8StaysUtf8EvenWithAStrayByte() {
    String page = "<p>" + FRENCH + " — " + ARABIC + " — Prix : 900 €</p>";
    assertEquals(page, PageCharset.decode(page.getBytes(StandardCharsets.UTF_8), "text/html"));
    byte[] stray = concat(page.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF});
    assertEquals(page + "\uFFFD", PageCharset.decode(stray, null));
    byte[] noise = new byte[64 * 1024];
    new Random(7).nextBytes(noise);
    assertEquals(new String(noise, StandardCharsets.UTF_8), PageCharset.decode(noise, null), "no confident guess: UTF-8");
  }

  @Test
  void labelsReadAsBrowsersReadThem() {
    assertEquals(CP1252, PageCharset.forLabel("ISO-8859-1"));
    assertEquals(CP1252, PageCharset.forLabel("us-ascii"));
    assertEquals(CP1256, PageCharset.forLabel("Windows-1256"));
    assertNull(PageCharset.forLabel("no-such-charset"));
    assertNull(PageCharset.fromContentType("text/html"));
    assertNull(PageCharset.fromContentType(null));
  }

  @Test
  void declaredReadsTextAlreadyDecoded() {
    assertEquals(CP1256, PageCharset.declared(null, "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">"));
    assertEquals(CP1252, PageCharset.declared("text/html; charset=iso-8859-1", "<meta charset=utf-8>"));
    assertEquals(StandardCharsets.UTF_8, PageCharset.declared("text/html", FRENCH));
  }

  @Test
  void statingSetsTheCharsetParameter() {
    assertEquals("text/html; charset=UTF-8", PageCharset.stating("text/html; charset=iso-8859-1", StandardCharsets.UTF_8));
    assertEquals("text/html; charset=UTF-8", PageCharset.stating("text/html;", StandardCharsets.UTF_8));
    assertEquals("text/html; charset=windows-1256", PageCharset.stating("text/html; charset=windows-1256", CP1256));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
