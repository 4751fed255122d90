package dev.souk.transforms.sites;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The record CSVs (RFC 4180, header row, quoted fields with commas and newlines) as JSON rows. */
public final class Csv {
  private static final CsvMapper MAPPER = new CsvMapper();

  private Csv() {}

  public static List<JsonNode> rows(String text) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    try (MappingIterator<JsonNode> it =
        MAPPER.readerFor(JsonNode.class).with(CsvSchema.emptySchema().withHeader()).readValues(body)) {
      return it.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
