package dev.souk.benchmarks.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * The scale benchmark's baseline: what loading the same JSON lines costs without Beam, the lake's
 * bookkeeping or the normalisers. One thread reads the lines with Jackson, takes the fields a silver
 * property row has by a plain reading of each producer's format (id, site, url, title, offer, type,
 * price and currency, surfaces, rooms, city and neighbourhood, seller, dates, coordinates,
 * description, equipments, images), writes one row per line to a Parquet file with Iceberg's
 * generic Parquet writer (the writer the lake's data files come from), then loads that file into a
 * DuckDB table.
 *
 * <p>Deliberately plain: no versioning of repeated scrapes, no quality rules, no star schema, no
 * dead letter. It is the floor a job with that work on top is compared with, not a competitor.
 *
 * <pre>
 * java -cp souk-pipelines-bundled.jar:benchmarks.jar dev.souk.benchmarks.scale.BaselineLoad
 *     --input='DIR/base-*.jsonl' --outputDir=OUT
 * </pre>
 *
 * Runs on the bundled job jar's class path (Iceberg, Parquet, Hadoop and DuckDB are not in
 * benchmarks.jar), so both use the same library versions. Writes {@code OUT/baseline.parquet},
 * {@code OUT/baseline.duckdb} and {@code OUT/baseline-report.json}.
 */
public final class BaselineLoad {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "source", Types.StringType.get()),
      Types.NestedField.required(2, "listing_id", Types.StringType.get()),
      Types.NestedField.required(3, "url", Types.StringType.get()),
      Types.NestedField.optional(4, "title", Types.StringType.get()),
      Types.NestedField.optional(5, "offer", Types.StringType.get()),
      Types.NestedField.optional(6, "property_type", Types.StringType.get()),
      Types.NestedField.optional(7, "price_amount", Types.DecimalType.of(18, 2)),
      Types.NestedField.optional(8, "price_currency", Types.StringType.get()),
      Types.NestedField.optional(9, "surface_total_m2", Types.DoubleType.get()),
      Types.NestedField.optional(10, "surface_living_m2", Types.DoubleType.get()),
      Types.NestedField.optional(11, "rooms", Types.IntegerType.get()),
      Types.NestedField.optional(12, "bedrooms", Types.IntegerType.get()),
      Types.NestedField.optional(13, "bathrooms", Types.IntegerType.get()),
      Types.NestedField.optional(14, "city", Types.StringType.get()),
      Types.NestedField.optional(15, "neighbourhood", Types.StringType.get()),
      Types.NestedField.optional(16, "seller_name", Types.StringType.get()),
      Types.NestedField.optional(17, "published_at", Types.TimestampType.withZone()),
      Types.NestedField.optional(18, "scraped_at", Types.TimestampType.withZone()),
      Types.NestedField.optional(19, "latitude", Types.DoubleType.get()),
      Types.NestedField.optional(20, "longitude", Types.DoubleType.get()),
      Types.NestedField.optional(21, "description", Types.StringType.get()),
      Types.NestedField.optional(22, "equipments", Types.ListType.ofRequired(23, Types.StringType.get())),
      Types.NestedField.optional(24, "images", Types.ListType.ofRequired(25, Types.StringType.get())));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
  private static final Pattern LEADING_NUMBER = Pattern.compile("(\\d+(?:[.,]\\d+)?)");
  private static final Pattern BEDROOMS_KEY = Pattern.compile("\\d+ Chambres?");

  private BaselineLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = Args.parse(args);
    List<Path> inputs = matching(Args.required(o, "input"));
    Path out = Path.of(Args.required(o, "outputDir"));
    Files.createDirectories(out);
    Path parquet = out.resolve("baseline.parquet");
    Path duckdb = out.resolve("baseline.duckdb");
    Files.deleteIfExists(parquet);
    Files.deleteIfExists(duckdb);
    Files.deleteIfExists(out.resolve("baseline.duckdb.wal"));

    long started = System.nanoTime();
    long lines = 0;
    long rows = 0;
    long skipped = 0;
    try (FileAppender<Record> writer = Parquet.write(org.apache.iceberg.Files.localOutput(parquet.toFile()))
        .schema(SCHEMA).createWriterFunc(GenericParquetWriter::buildWriter).overwrite().build()) {
      GenericRecord template = GenericRecord.create(SCHEMA);
      for (Path input : inputs) {
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
              continue;
            }
            lines++;
            Record r = row(template, line);
            if (r == null) {
              skipped++;
            } else {
              writer.add(r);
              rows++;
            }
          }
        }
      }
    }
    long parquetDone = System.nanoTime();
    long tableRows;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdb.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE property_listings AS SELECT * FROM read_parquet('"
          + parquet.toAbsolutePath().toString().replace("'", "''") + "')");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM property_listings")) {
        rs.next();
        tableRows = rs.getLong(1);
      }
      s.execute("CHECKPOINT");
    }
    long finished = System.nanoTime();

    ObjectNode report = JSON.createObjectNode();
    report.put("lines", lines);
    report.put("rows", rows);
    report.put("skipped", skipped);
    report.put("duckdb_rows", tableRows);
    report.put("parquet_bytes", Files.size(parquet));
    report.put("duckdb_bytes", Files.size(duckdb));
    report.put("parse_and_parquet_seconds", (parquetDone - started) / 1e9);
    report.put("duckdb_seconds", (finished - parquetDone) / 1e9);
    JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("baseline-report.json").toFile(), report);
    System.out.printf(Locale.ROOT, "baseline: %d lines -> %d rows (%d skipped), parquet %.1f s, duckdb %.1f s%n",
        lines, rows, skipped, (parquetDone - started) / 1e9, (finished - parquetDone) / 1e9);
    if (tableRows != rows) {
      throw new SQLException("DuckDB holds " + tableRows + " rows, the Parquet file " + rows);
    }
  }

  /** The files a glob names ({@code dir/base-*.jsonl}), in name order; a plain path is itself. */
  static List<Path> matching(String pattern) throws IOException {
    Path p = Path.of(pattern);
    Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
    PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + p.getFileName());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> out = files.filter(f -> m.matches(f.getFileName()) && Files.isRegularFile(f)).sorted().toList();
      if (out.isEmpty()) {
        throw new IllegalArgumentException("No file matches " + pattern);
      }
      return out;
    }
  }

  /** One line → one row, or null for a line of no listing (an error-only payload, no id or url). */
  static Record row(GenericRecord template, String line) throws IOException {
    JsonNode node = JSON.readTree(line);
    JsonNode payload = node.get("payload");
    JsonNode p = payload == null ? node : payload.isTextual() ? JSON.readTree(payload.textValue()) : payload;
    if (!p.path("error").asText("").isBlank() || p.path("id").asText("").isBlank() || p.path("url").asText("").isBlank()) {
      return null;
    }
    boolean amres = p.has("source_site") || p.has("scraping_time");
    String url = p.get("url").asText();
    boolean mubawab = "mubawab".equals(p.path("source_site").asText()) || url.contains("mubawab.ma");
    Map<String, String> a = attributes(p.get("attributes"));

    Record r = template.copy();
    r.setField("source", mubawab ? "mubawab" : "avito");
    r.setField("listing_id", p.get("id").asText());
    r.setField("url", url);
    r.setField("title", text(p, "title"));
    String category = text(p, amres ? "category_label" : "category");
    String offer = text(p, "offre");
    if (offer == null && category != null) {
      offer = category.contains("louer") ? "location" : category.contains("vendre") ? "vente" : null;
    }
    r.setField("offer", offer == null ? null : offer.startsWith("loc") ? "rent" : "sale");
    r.setField("property_type", category == null ? null : category.split(",")[0].strip());
    String priceText = text(p, "price_text");
    String digits = priceText == null ? "" : priceText.replaceAll("[^0-9]", "");
    if (!digits.isEmpty()) {
      r.setField("price_amount", new BigDecimal(digits).setScale(2));
      r.setField("price_currency", priceText.contains("€") || priceText.contains("EUR") ? "EUR" : "MAD");
    }
    if (mubawab) {
      r.setField("surface_living_m2", number(a.get("Surface")));
      Double rooms = number(a.get("Pièces"));
      r.setField("rooms", rooms == null ? null : rooms.intValue());
      Double bedrooms = number(a.get("Chambres"));
      for (String k : a.keySet()) {
        if (bedrooms == null && BEDROOMS_KEY.matcher(k).matches()) {
          bedrooms = number(k);
        }
      }
      r.setField("bedrooms", bedrooms == null ? null : bedrooms.intValue());
      String location = text(p, "location");
      if (location != null) {
        String[] parts = location.split(" à ");
        r.setField("city", parts[parts.length - 1].strip());
        r.setField("neighbourhood", parts.length > 1 ? parts[0].strip() : null);
      }
      r.setField("latitude", number(a.get("Latitude")));
      r.setField("longitude", number(a.get("Longitude")));
    } else {
      r.setField("surface_total_m2", number(a.get("Surface totale")));
      r.setField("surface_living_m2", number(a.get("Surface habitable")));
      Double rooms = number(a.get("Nombre de pièces"));
      r.setField("rooms", rooms == null ? null : rooms.intValue());
      Double bedrooms = number(a.get("Chambres"));
      r.setField("bedrooms", bedrooms == null ? null : bedrooms.intValue());
      List<String> crumbs = Arrays.asList(p.path("breadcrumbs").asText("").split(" > "));
      int i = crumbs.indexOf("Tout le Maroc");
      if (i >= 0 && i + 1 < crumbs.size()) {
        r.setField("city", crumbs.get(i + 1));
        r.setField("neighbourhood", i + 2 < crumbs.size() ? crumbs.get(i + 2) : null);
      }
    }
    Double bathrooms = number(a.get("Salle de bain"));
    r.setField("bathrooms", bathrooms == null ? null : bathrooms.intValue());
    r.setField("seller_name", text(p, "seller_name"));
    if (!mubawab) {
      r.setField("published_at", time(text(p, "published_date"), amres ? ZoneOffset.UTC : CASABLANCA));
    }
    OffsetDateTime scraped = time(text(p, "scraping_time"), ZoneOffset.UTC);
    r.setField("scraped_at", scraped != null ? scraped : time(node.path("ingest_ts").asText(null), ZoneOffset.UTC));
    r.setField("description", text(p, "description"));
    List<String> equipments = list(p.get("equipments"), "; ");
    if (!amres) {
      // The original Avito producer put the attribute values first.
      List<String> values = new ArrayList<>(a.values());
      if (equipments.size() >= values.size() && equipments.subList(0, values.size()).equals(values)) {
        equipments = new ArrayList<>(equipments.subList(values.size(), equipments.size()));
      }
    }
    r.setField("equipments", equipments);
    r.setField("images", list(p.has("image_urls") ? p.get("image_urls") : p.get("images"), p.has("image_urls") ? " | " : ", "));
    return r;
  }

  private static String text(JsonNode p, String field) {
    JsonNode v = p.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    String s = v.asText().strip();
    return s.isEmpty() ? null : s;
  }

  private static Map<String, String> attributes(JsonNode a) throws IOException {
    if (a != null && a.isTextual()) {
      a = a.textValue().isBlank() ? null : JSON.readTree(a.textValue());
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (a != null && a.isObject()) {
      a.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  private static List<String> list(JsonNode v, String separator) {
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isArray()) {
      v.forEach(item -> out.add(item.asText()));
    } else {
      for (String s : v.asText().split(Pattern.quote(separator))) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  private static Double number(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = LEADING_NUMBER.matcher(text);
    return m.find() ? Double.valueOf(m.group(1).replace(',', '.')) : null;
  }

  /** An ISO instant ({@code ...Z}), or a wall time (ISO or {@code yyyy-MM-dd HH:mm:ss[.ffffff]}) in {@code zone}. */
  private static OffsetDateTime time(String text, ZoneId zone) {
    if (text == null) {
      return null;
    }
    try {
      if (text.endsWith("Z")) {
        return OffsetDateTime.parse(text);
      }
      String wall = text.replace(' ', 'T');
      return LocalDateTime.parse(wall).atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
