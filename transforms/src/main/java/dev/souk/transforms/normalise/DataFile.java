package dev.souk.transforms.normalise;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule data files beside the normalisers (vocabularies, the phone catalogue, the gazetteer,
 * plausibility windows): UTF-8 text, one entry per line, {@code #} comments and blank lines
 * ignored. Each reader parses its own columns; a missing or unreadable file fails class loading,
 * naming the file, rather than a run.
 */
final class DataFile {
  /** A line that holds an entry, with its 1-based number for error messages. */
  record Line(int number, String text) {}

  private DataFile() {}

  /** @param resource relative to {@code anchor}'s package, or absolute ({@code /dev/souk/...}) */
  static List<Line> lines(Class<?> anchor, String resource) {
    List<Line> lines = new ArrayList<>();
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Data file " + resource + " is missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(new Line(n, line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Data file " + resource + " is unreadable", e);
    }
    return lines;
  }
}
