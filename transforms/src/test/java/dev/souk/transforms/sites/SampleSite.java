package dev.souk.transforms.sites;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.souk.model.Site;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Test access to sample-site/ (manifest and pages) and to the real records the pages carry. */
final class SampleSite {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One manifest row. */
  record Entry(String url, String file, int status, String kind, String site, String expect, String recordFile, String recordId) {
    String html() {
      return read("sample-site/" + file);
    }
  }

  private static List<Entry> manifest;
  private static final Map<String, Map<String, JsonNode>> RECORDS = new HashMap<>();

  private SampleSite() {}

  static synchronized List<Entry> manifest() {
    if (manifest == null) {
      List<Entry> entries = new ArrayList<>();
      for (JsonNode e : readJson(read("sample-site/manifest.json"))) {
        JsonNode r = e.path("record");
        entries.add(new Entry(e.get("url").asText(), e.get("file").asText(), e.get("status").asInt(),
            e.get("kind").asText(), e.get("site").asText(), e.path("expect").asText(null),
            r.path("file").asText(null), r.path("id").asText(null)));
      }
      manifest = List.copyOf(entries);
    }
    return manifest;
  }

  static List<Entry> entries(String site, String kind) {
    return manifest().stream().filter(e -> e.site().equals(site) && e.kind().equals(kind)).collect(Collectors.toList());
  }

  static Entry byUrl(String url) {
    return manifest().stream().filter(e -> e.url().equals(url)).findFirst()
        .orElseThrow(() -> new AssertionError("URL not in manifest: " + url));
  }

  /**
   * The record an entry names. Where a file holds several payloads of an id (repeated scrapes),
   * the one ingested last; JSONL rows that wrap the payload are unwrapped.
   */
  static synchronized JsonNode record(Entry e) {
    return RECORDS.computeIfAbsent(e.recordFile(), SampleSite::loadRecords).get(e.recordId());
  }

  private static Map<String, JsonNode> loadRecords(String file) {
    Map<String, JsonNode> byId = new HashMap<>();
    Map<String, String> ingested = new HashMap<>();
    // Hand-written fixtures (Noon) live in the sample site itself; real records under records/.
    String text = read(file.startsWith("sample-site/") ? file : "records/" + file);
    List<JsonNode> rows = file.endsWith(".csv") ? Csv.rows(text) : jsonLines(text);
    for (JsonNode row : rows) {
      JsonNode payload = row.has("payload") ? row.get("payload") : row;
      if (payload.isTextual()) {
        payload = readJson(payload.asText());
      }
      String id = payload.has("id") ? payload.get("id").asText() : idOf(row);
      String ts = row.path("ingest_ts").asText("");
      if (!byId.containsKey(id) || ts.compareTo(ingested.get(id)) > 0) {
        byId.put(id, payload);
        ingested.put(id, ts);
      }
    }
    return byId;
  }

  /**
   * Rows without an id column: the Airflow log's {@code id_from_url}, or the id the site's adapter
   * reads from the row's URL (the phone search CSVs), which is then added to the row.
   */
  private static String idOf(JsonNode row) {
    if (row.has("id_from_url")) {
      return row.get("id_from_url").asText();
    }
    String url = row.path("url").asText();
    String host = url.replaceFirst("^https?://([^/]+).*$", "$1");
    String id = Site.forHost(host).flatMap(SiteAdapters::find).flatMap(a -> a.listingIdFromUrl(url))
        .orElseThrow(() -> new AssertionError("No listing id in record URL " + url));
    ((ObjectNode) row).put("id", id);
    return id;
  }

  private static List<JsonNode> jsonLines(String text) {
    return text.lines().filter(l -> !l.isBlank()).map(SampleSite::readJson).collect(Collectors.toList());
  }

  static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(String resource) {
    URL url = SampleSite.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new AssertionError("Missing test resource " + resource + " (run tools/sample-site/generate.py)");
    }
    try {
      return Files.readString(Path.of(url.toURI()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
