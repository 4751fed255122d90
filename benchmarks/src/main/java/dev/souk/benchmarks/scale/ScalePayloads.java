package dev.souk.benchmarks.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synthetic listings shaped like the real ones: N lines of the original producers' payloads
 * (testdata/records), deterministic for a seed, streamed to JSON-lines files.
 *
 * <p>Each listing copies one real record (a template: an Avito raw-table row with its Kafka payload
 * string, an AMRES Avito row or an AMRES Mubawab row, in their own formats) and changes what makes
 * listings differ: a fresh id (in the id, url and, for Mubawab, the own image paths), a city and
 * neighbourhood drawn from the records of the same site (breadcrumbs, location text, coordinates,
 * and where the title or description names the old place), the surface and the price (log-normal
 * around the template's, the price following the surface, rounded and written with the template's
 * thousands separator), small changes of the room counts, and the published and scrape times within
 * a date window. A share of lines are later scrapes of a listing written earlier in the same set,
 * most with a changed price (a new silver version), the rest unchanged (an exact duplicate).
 *
 * <p>Listing number k (0, 1, ...) always becomes the same listing for a seed, whatever file it is
 * written to; its id is 60 000 000 + k (Avito) or 9 000 000 + k (Mubawab), above the real ids of
 * the records. "1 % new listings" on top of a set of N lines is therefore {@code --count N/100
 * --offset N --repeat-share 0}: numbers N, N+1, ... were never used by the first set, which holds
 * at most N listings.
 *
 * <pre>
 * java -cp benchmarks.jar dev.souk.benchmarks.scale.ScalePayloads --count=1000 --out=DIR
 *     [--seed=42] [--offset=0] [--parts=1] [--prefix=base] [--repeat-share=0.10]
 *     [--changed-share=0.7] [--from=2025-10-01] [--days=60] [--records=testdata/records]
 * </pre>
 *
 * Writes {@code DIR/<prefix>-0000.jsonl} ... (consecutive ranges of the lines) and {@code
 * DIR/<prefix>.meta.json} with the counts the job should report.
 */
public final class ScalePayloads {
  /** The record files the templates come from (testdata/records/ORIGIN.md). */
  static final List<String> RECORD_FILES = List.of(
      "avito_raw_2025-11-03.jsonl",
      "bjibjihamza_AMRES_raw_avito_locations_2025-11-24.jsonl",
      "bjibjihamza_AMRES_raw_mubawab_locations_2025-11-24.jsonl");

  static final long AVITO_ID_BASE = 60_000_000L;
  static final long MUBAWAB_ID_BASE = 9_000_000L;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
  private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter ROW_TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter ISO_MILLIS_Z = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
  private static final Pattern AVITO_IMAGE = Pattern.compile("(content\\.avito\\.ma/classifieds/images/)(\\d+)");
  private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");
  private static final Set<String> AVITO_SURFACES = Set.of("Surface totale", "Surface habitable");
  private static final Set<String> AVITO_COUNTS = Set.of("Chambres", "Salle de bain", "Salons", "Nombre de pièces");
  /** Neighbourhood names of Avito that are not places (never substituted into text). */
  private static final Set<String> NOT_PLACES = Set.of("Autre secteur", "Toute la ville");

  /** The three producers' shapes among the records. */
  enum Kind {
    /** {"id","ingest_ts","payload": "<avito-kafka-v1 JSON string>"}. */
    AVITO_KAFKA_ROW,
    /** AMRES flat row, source_site avito: attributes and breadcrumbs_list packed in strings. */
    AMRES_AVITO,
    /** AMRES flat row, source_site mubawab: attributes, lists as JSON values. */
    AMRES_MUBAWAB;

    boolean avito() {
      return this != AMRES_MUBAWAB;
    }
  }

  /** A city and neighbourhood (null: the city only) seen in the records, with coordinates if any. */
  record Place(String city, String neighbourhood, double[] latLon) {}

  /**
   * A real record to copy: its payload, its place and the values that are varied.
   *
   * @param price the amount of price_text, null when the record has none
   * @param separator the thousands separator of its price_text (space, U+202F, U+00A0)
   * @param surface the first surface attribute's value, null without one
   */
  record Template(Kind kind, ObjectNode payload, String id, Place place, Long price, String separator, Long surface) {}

  /** Listing number k drawn: everything a line of it needs, before the per-line scrape changes. */
  record Listing(long number, Template template, String id, Place place, Long price, double surfaceFactor,
      int roomShift, Instant published, Instant scraped, long seed) {}

  /** Counts of a generated set, as {@code <prefix>.meta.json} records them. */
  record Summary(long lines, long newListings, long rescrapesChanged, long rescrapesUnchanged, long avitoLines,
      long mubawabLines, long bytes, List<Path> files) {}

  private final List<Template> avito;
  private final List<Template> mubawab;
  private final List<Template> all;
  private final List<Place> avitoPlaces;
  private final List<Place> mubawabPlaces;
  private final long seed;

  ScalePayloads(Path records, long seed) throws IOException {
    this.seed = seed;
    Map<String, Template> templates = new LinkedHashMap<>();
    Set<Place> aPlaces = new LinkedHashSet<>();
    Map<String, Place> mPlaces = new LinkedHashMap<>();
    for (String name : RECORD_FILES) {
      try (BufferedReader in = Files.newBufferedReader(records.resolve(name), StandardCharsets.UTF_8)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.isBlank()) {
            continue;
          }
          Template t = template((ObjectNode) JSON.readTree(line));
          if (t == null) {
            continue;
          }
          templates.putIfAbsent(t.kind().avito() + "/" + t.id(), t);
          if (t.kind().avito()) {
            aPlaces.add(t.place());
          } else {
            mPlaces.putIfAbsent(t.place().city() + "/" + t.place().neighbourhood(), t.place());
          }
        }
      }
    }
    all = List.copyOf(templates.values());
    avito = all.stream().filter(t -> t.kind().avito()).toList();
    mubawab = all.stream().filter(t -> !t.kind().avito()).toList();
    avitoPlaces = List.copyOf(aPlaces);
    mubawabPlaces = List.copyOf(mPlaces.values());
    if (avito.isEmpty() || mubawab.isEmpty()) {
      throw new IllegalStateException("No usable records of both sites under " + records);
    }
  }

  /** A record as a template; null for one the job would fail (an error-only payload, no title). */
  private static Template template(ObjectNode row) throws IOException {
    Kind kind;
    ObjectNode p;
    if (row.has("payload") && row.get("payload").isTextual()) {
      kind = Kind.AVITO_KAFKA_ROW;
      p = (ObjectNode) JSON.readTree(row.get("payload").textValue());
    } else {
      p = row;
      kind = "mubawab".equals(p.path("source_site").asText()) ? Kind.AMRES_MUBAWAB : Kind.AMRES_AVITO;
    }
    JsonNode error = p.get("error");
    if (error != null && !error.isNull() && !error.asText().isBlank() || p.path("title").asText("").isBlank()
        || p.path("id").asText("").isBlank() || p.path("url").asText("").isBlank()) {
      return null;
    }
    List<String> crumbs = crumbs(p.path("breadcrumbs").asText(""));
    Place place;
    if (kind.avito()) {
      int i = crumbs.indexOf("Tout le Maroc");
      if (i < 0 || i + 2 >= crumbs.size()) {
        return null;
      }
      place = new Place(crumbs.get(i + 1), crumbs.get(i + 2), null);
    } else {
      if (crumbs.size() < 2 || !crumbs.get(1).startsWith("Immobilier ")) {
        return null;
      }
      JsonNode a = p.path("attributes");
      double[] latLon = a.has("Latitude") && a.has("Longitude")
          ? new double[] {a.get("Latitude").asDouble(), a.get("Longitude").asDouble()} : null;
      place = new Place(crumbs.get(1).substring("Immobilier ".length()), crumbs.size() > 3 ? crumbs.get(3) : null, latLon);
    }
    String priceText = p.path("price_text").asText(null);
    Long price = null;
    String separator = " ";
    if (priceText != null) {
      String digits = priceText.replaceAll("[^0-9]", "");
      price = digits.isEmpty() ? null : Long.parseLong(digits);
      Matcher m = Pattern.compile("\\d([^0-9])\\d{3}").matcher(priceText);
      if (m.find()) {
        separator = m.group(1);
      }
    }
    Long surface = null;
    for (Map.Entry<String, String> e : attributes(kind, p).entrySet()) {
      if (surface == null && (AVITO_SURFACES.contains(e.getKey()) || e.getKey().equals("Surface"))) {
        Matcher m = LEADING_NUMBER.matcher(e.getValue().strip());
        if (m.find()) {
          surface = Long.parseLong(m.group(1));
        }
      }
    }
    return new Template(kind, p, p.get("id").asText(), place, price, separator, surface);
  }

  private static List<String> crumbs(String joined) {
    List<String> out = new ArrayList<>();
    for (String c : joined.split(" > ")) {
      out.add(c.strip());
    }
    return out;
  }

  /** The attributes as a map, whether the producer packed them in a string or not. */
  private static Map<String, String> attributes(Kind kind, ObjectNode p) throws IOException {
    JsonNode a = p.get("attributes");
    if (a != null && a.isTextual()) {
      a = a.textValue().isBlank() ? null : JSON.readTree(a.textValue());
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (a != null && a.isObject()) {
      a.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  // ------------------------------------------------------------------ drawing

  /** A generator of its own for one purpose and number: the same numbers give the same draws. */
  private SplittableRandom random(long salt, long number) {
    return new SplittableRandom(mix(mix(seed ^ salt) + number));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static final long LISTING_SALT = 0x4c495354L;
  private static final long LINE_SALT = 0x4c494e45L;

  /** Listing number {@code k}, the same for a seed in whatever set it is written. */
  Listing listing(long k, Instant from, int days) {
    SplittableRandom r = random(LISTING_SALT, k);
    // Each site about as often as in the records (Avito has more of them).
    Template t = all.get(r.nextInt(all.size()));
    Place place = t.kind().avito() ? avitoPlaces.get(r.nextInt(avitoPlaces.size()))
        : mubawabPlaces.get(r.nextInt(mubawabPlaces.size()));
    double surfaceFactor = clamp(Math.exp(0.25 * gaussian(r)), 0.4, 2.5);
    Long price = t.price() == null ? null : rounded(t.price() * surfaceFactor * Math.exp(0.2 * gaussian(r)));
    int roomShift = r.nextInt(10) < 7 ? 0 : r.nextBoolean() ? 1 : -1;
    Instant published = from.plusSeconds(r.nextLong(days * 86_400L));
    Instant scraped = published.plusSeconds(60 + r.nextLong(72 * 3600L));
    long id = (t.kind().avito() ? AVITO_ID_BASE : MUBAWAB_ID_BASE) + k;
    return new Listing(k, t, Long.toString(id), place, price, surfaceFactor, roomShift, published, scraped, r.nextLong());
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** A price as sellers write them: to the 1 000 above 100 000, to the 100 above 1 000, else the 10. */
  static long rounded(double price) {
    long unit = price >= 100_000 ? 1000 : price >= 1000 ? 100 : 10;
    return Math.max(unit, Math.round(price / unit) * unit);
  }

  // ------------------------------------------------------------------ rendering

  /**
   * One JSON line of a listing as scraped at {@code scraped} with {@code price} (a re-scrape passes
   * its own time and price; everything else is the listing's).
   */
  String line(Listing l, Instant scraped, Long price) throws IOException {
    Template t = l.template();
    ObjectNode p = t.payload().deepCopy();
    String title = places(t.payload().get("title").asText(), t.place(), l.place());
    Long surface = t.surface() == null ? null : Math.max(8, Math.round(t.surface() * l.surfaceFactor()));
    if (t.surface() != null) {
      title = title.replace(t.surface() + " m²", surface + " m²").replace(t.surface() + "m²", surface + "m²");
    }
    p.put("id", l.id());
    p.put("title", title);
    if (p.hasNonNull("description")) {
      p.put("description", places(p.get("description").asText(), t.place(), l.place()));
    }
    if (price != null) {
      p.put("price_text", priceText(price, t.separator()));
    }
    List<String> crumbs = crumbs(p.path("breadcrumbs").asText(""));
    if (t.kind().avito()) {
      avito(p, l, t, crumbs, title, surface, scraped);
    } else {
      mubawab(p, l, t, crumbs, title, surface, scraped);
    }
    if (t.kind() == Kind.AVITO_KAFKA_ROW) {
      ObjectNode row = JSON.createObjectNode();
      row.put("id", l.id());
      row.put("ingest_ts", ROW_TS.format(scraped.atOffset(ZoneOffset.UTC)));
      row.put("payload", JSON.writeValueAsString(p));
      return JSON.writeValueAsString(row);
    }
    return JSON.writeValueAsString(p);
  }

  private void avito(ObjectNode p, Listing l, Template t, List<String> crumbs, String title, Long surface,
      Instant scraped) throws IOException {
    int i = crumbs.indexOf("Tout le Maroc");
    crumbs.set(i + 1, l.place().city());
    crumbs.set(i + 2, l.place().neighbourhood());
    crumbs.set(crumbs.size() - 1, title);
    p.put("breadcrumbs", String.join(" > ", crumbs));
    // https://www.avito.ma/fr/<neighbourhood>/<category>/<Title>_<id>.htm
    String[] parts = t.payload().get("url").asText().split("/");
    String category = parts.length > 5 ? parts[5] : "immobilier";
    p.put("url", "https://www.avito.ma/fr/" + avitoSlug(l.place().neighbourhood()).toLowerCase(Locale.ROOT) + "/"
        + category + "/" + avitoSlug(title) + "_" + l.id() + ".htm");
    // Attributes: surfaces scaled, counts moved by the listing's shift.
    Map<String, String> before = attributes(t.kind(), t.payload());
    Map<String, String> after = new LinkedHashMap<>();
    before.forEach((k, v) -> {
      String value = v;
      if (AVITO_SURFACES.contains(k) && surface != null && v.matches("\\d+")) {
        value = Long.toString(Math.max(8, Math.round(Long.parseLong(v) * l.surfaceFactor())));
      } else if (AVITO_COUNTS.contains(k) && v.matches("\\d+")) {
        value = Integer.toString(Math.max(1, Integer.parseInt(v) + l.roomShift()));
      }
      after.put(k, value);
    });
    p.put("attributes", JSON.writeValueAsString(after));
    // The original producer's equipments begin with the attribute values (docs/sites.md §9.9): keep that.
    if (t.kind() == Kind.AVITO_KAFKA_ROW && p.hasNonNull("equipments")) {
      List<String> equipments = new ArrayList<>(Arrays.asList(p.get("equipments").asText().split("; ", -1)));
      List<String> values = new ArrayList<>(before.values());
      if (equipments.size() >= values.size() && equipments.subList(0, values.size()).equals(values)) {
        equipments.subList(0, values.size()).clear();
        equipments.addAll(0, after.values());
        p.put("equipments", String.join("; ", equipments));
      }
    }
    String imagesField = t.kind() == Kind.AVITO_KAFKA_ROW ? "image_urls" : "images";
    if (p.hasNonNull(imagesField)) {
      p.put(imagesField, avitoImages(p.get(imagesField).asText(), l.number()));
    }
    if (t.kind() == Kind.AVITO_KAFKA_ROW) {
      p.put("published_date", WALL.format(l.published().atZone(CASABLANCA)));
    } else {
      p.put("breadcrumbs_list", JSON.writeValueAsString(crumbs));
      p.put("published_date", ISO_MILLIS_Z.format(l.published().atOffset(ZoneOffset.UTC)));
      p.put("scraping_time", ISO_MICROS.format(scraped.atOffset(ZoneOffset.UTC)));
      p.put("ingest_ts", ISO_MICROS.format(scraped.plusMillis(70_000 + (l.seed() & 0xffff)).atOffset(ZoneOffset.UTC)));
    }
  }

  private void mubawab(ObjectNode p, Listing l, Template t, List<String> crumbs, String title, Long surface,
      Instant scraped) {
    Place to = l.place();
    List<String> out = new ArrayList<>(crumbs.subList(0, Math.min(3, crumbs.size())));
    out.set(1, "Immobilier " + to.city());
    if (out.size() > 2) {
      out.set(2, out.get(2).replace(t.place().city(), to.city()));
    }
    if (to.neighbourhood() != null) {
      out.add(to.neighbourhood());
    }
    p.put("breadcrumbs", String.join(" > ", out));
    ArrayNode list = p.putArray("breadcrumbs_list");
    out.forEach(list::add);
    p.put("location", to.neighbourhood() == null ? to.city() : to.neighbourhood() + " à\n\t\t\t\t\t\t\t" + to.city());
    p.put("url", "https://www.mubawab.ma/fr/a/" + l.id() + "/" + mubawabSlug(title));
    if (p.get("attributes") instanceof ObjectNode a) {
      if (a.has("Surface") && surface != null) {
        a.put("Surface", LEADING_NUMBER.matcher(a.get("Surface").asText()).replaceFirst(Long.toString(surface)));
      }
      double[] latLon = to.latLon() != null ? to.latLon() : t.place().latLon();
      if (latLon != null && a.has("Latitude")) {
        SplittableRandom r = new SplittableRandom(l.seed());
        a.put("Latitude", Double.toString(latLon[0] + (r.nextDouble() - 0.5) * 0.02));
        a.put("Longitude", Double.toString(latLon[1] + (r.nextDouble() - 0.5) * 0.02));
      }
    }
    // Own photos spell the ad id in thousands (OwnImages.MUBAWAB); the similar ads' stay others'.
    if (p.get("images") instanceof ArrayNode images) {
      String own = "/ad/" + grouped(t.id()) + "F/";
      String mine = "/ad/" + grouped(l.id()) + "F/";
      for (int i = 0; i < images.size(); i++) {
        images.set(i, new TextNode(images.get(i).asText().replace(own, mine)));
      }
    }
    // This producer's published_date is its scrape time (docs/sites.md §2.5).
    p.put("published_date", WALL.format(scraped.atOffset(ZoneOffset.UTC)));
    p.put("scraping_time", ISO_MICROS.format(scraped.atOffset(ZoneOffset.UTC)));
    p.put("ingest_ts", ISO_MICROS.format(scraped.plusMillis(70_000 + (l.seed() & 0xffff)).atOffset(ZoneOffset.UTC)));
  }

  /** 8257884 → 8/257/884, as Mubawab's image paths spell an id. */
  static String grouped(String id) {
    StringBuilder out = new StringBuilder();
    int head = id.length() % 3 == 0 ? 3 : id.length() % 3;
    out.append(id, 0, head);
    for (int i = head; i < id.length(); i += 3) {
      out.append('/').append(id, i, i + 3);
    }
    return out.toString();
  }

  /** The template's place names in a text replaced by the listing's (cities and real neighbourhoods only). */
  private static String places(String text, Place from, Place to) {
    String out = text;
    String n = from.neighbourhood();
    if (n != null && n.length() >= 3 && !NOT_PLACES.contains(n) && out.contains(n)) {
      String with = to.neighbourhood() != null && !NOT_PLACES.contains(to.neighbourhood()) ? to.neighbourhood() : to.city();
      out = out.replace(n, "\u0000N");
      out = out.replace(from.city(), "\u0000C").replace("\u0000N", with);
    } else {
      out = out.replace(from.city(), "\u0000C");
    }
    return out.replace("\u0000C", to.city());
  }

  private static String priceText(long price, String separator) {
    String digits = Long.toString(price);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        out.append(separator);
      }
      out.append(digits.charAt(i));
    }
    return out.append(" DH").toString();
  }

  /** Avito's URL spelling of a title or place: accents and ² kept, other non-letters as '_'. */
  private static String avitoSlug(String text) {
    String s = text.replaceAll("[^\\p{L}\\p{N}².]+", "_").replaceAll("^_+|_+$", "");
    return s.length() > 80 ? s.substring(0, 80) : s;
  }

  /** Mubawab's: lower case, words joined by '-', cut at 50 characters, percent-encoded. */
  private static String mubawabSlug(String title) {
    String s = Normalizer.normalize(title.toLowerCase(Locale.ROOT), Normalizer.Form.NFC)
        .replaceAll("[^\\p{L}\\p{N}²]+", "-").replaceAll("^-+|-+$", "");
    s = s.length() > 50 ? s.substring(0, 50) : s;
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2D", "-");
  }

  private static String avitoImages(String joined, long number) {
    Matcher m = AVITO_IMAGE.matcher(joined);
    StringBuilder out = new StringBuilder();
    long base = 20_000_000_000L + number * 64;
    int i = 0;
    while (m.find()) {
      m.appendReplacement(out, "$1" + (base + i++));
    }
    m.appendTail(out);
    return out.toString();
  }

  // ------------------------------------------------------------------ writing

  /** Options of one generated set. */
  record Spec(long count, long offset, int parts, String prefix, double repeatShare, double changedShare,
      LocalDate from, int days) {}

  /**
   * Writes {@code spec.count()} lines to {@code spec.parts()} files in {@code dir}, streaming, and
   * their {@code <prefix>.meta.json}.
   */
  Summary write(Path dir, Spec spec) throws IOException {
    Files.createDirectories(dir);
    Instant from = spec.from().atStartOfDay(ZoneOffset.UTC).toInstant();
    long emitted = 0;
    long changed = 0;
    long unchanged = 0;
    long avitoLines = 0;
    long bytes = 0;
    List<Path> files = new ArrayList<>();
    Writer out = null;
    int part = -1;
    try {
      for (long i = 0; i < spec.count(); i++) {
        int p = (int) (i * spec.parts() / spec.count());
        if (p != part) {
          if (out != null) {
            out.close();
          }
          part = p;
          Path file = dir.resolve(String.format(Locale.ROOT, "%s-%04d.jsonl", spec.prefix(), part));
          files.add(file);
          out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
        }
        SplittableRandom r = random(LINE_SALT, spec.offset() + i);
        String line;
        Listing l;
        if (emitted > 0 && r.nextDouble() < spec.repeatShare()) {
          // A later scrape of a listing of this set: usually a new price, else the same content.
          l = listing(spec.offset() + r.nextLong(emitted), from, spec.days());
          Instant later = l.scraped().plusSeconds(3600 + r.nextLong(14 * 86_400L));
          Long price = l.price();
          if (r.nextDouble() < spec.changedShare() && price != null) {
            double[] moves = {0.90, 0.95, 0.97, 1.05};
            long moved = rounded(price * moves[r.nextInt(moves.length)]);
            price = moved != price ? moved : price + (price >= 100_000 ? 1000 : 100);
            changed++;
          } else {
            unchanged++;
          }
          line = line(l, later, price);
        } else {
          l = listing(spec.offset() + emitted, from, spec.days());
          emitted++;
          line = line(l, l.scraped(), l.price());
        }
        if (l.template().kind().avito()) {
          avitoLines++;
        }
        out.write(line);
        out.write('\n');
        bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
      }
    } finally {
      if (out != null) {
        out.close();
      }
    }
    Summary s = new Summary(spec.count(), emitted, changed, unchanged, avitoLines, spec.count() - avitoLines, bytes, files);
    ObjectNode meta = JSON.createObjectNode();
    meta.put("lines", s.lines());
    meta.put("new_listings", s.newListings());
    meta.put("rescrapes_changed_price", s.rescrapesChanged());
    meta.put("rescrapes_unchanged", s.rescrapesUnchanged());
    meta.put("avito_lines", s.avitoLines());
    meta.put("mubawab_lines", s.mubawabLines());
    meta.put("bytes", s.bytes());
    meta.put("seed", seed);
    meta.put("offset", spec.offset());
    meta.put("first_listing_number", spec.offset());
    meta.put("last_listing_number", spec.offset() + emitted - 1);
    meta.put("repeat_share", spec.repeatShare());
    meta.put("changed_share", spec.changedShare());
    meta.put("from", spec.from().toString());
    meta.put("days", spec.days());
    ArrayNode names = meta.putArray("files");
    files.forEach(f -> names.add(f.getFileName().toString()));
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(spec.prefix() + ".meta.json").toFile(), meta);
    return s;
  }

  /** A set's summary from its meta file, or null if the set is missing or incomplete. */
  static Summary readSummary(Path dir, String prefix) {
    Path meta = dir.resolve(prefix + ".meta.json");
    if (!Files.isRegularFile(meta)) {
      return null;
    }
    try {
      JsonNode m = JSON.readTree(meta.toFile());
      List<Path> files = new ArrayList<>();
      long size = 0;
      for (JsonNode f : m.get("files")) {
        Path file = dir.resolve(f.asText());
        if (!Files.isRegularFile(file)) {
          return null;
        }
        files.add(file);
        size += Files.size(file);
      }
      if (size != m.get("bytes").asLong()) {
        return null;
      }
      return new Summary(m.get("lines").asLong(), m.get("new_listings").asLong(), m.get("rescrapes_changed_price").asLong(),
          m.get("rescrapes_unchanged").asLong(), m.get("avito_lines").asLong(), m.get("mubawab_lines").asLong(),
          m.get("bytes").asLong(), files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> o = Args.parse(args);
    long count = Long.parseLong(Args.required(o, "count"));
    Path out = Path.of(Args.required(o, "out"));
    long seed = Long.parseLong(o.getOrDefault("seed", "42"));
    Spec spec = new Spec(count, Long.parseLong(o.getOrDefault("offset", "0")),
        Integer.parseInt(o.getOrDefault("parts", "1")), o.getOrDefault("prefix", "base"),
        Double.parseDouble(o.getOrDefault("repeat-share", "0.10")),
        Double.parseDouble(o.getOrDefault("changed-share", "0.7")),
        LocalDate.parse(o.getOrDefault("from", "2025-10-01")), Integer.parseInt(o.getOrDefault("days", "60")));
    long started = System.nanoTime();
    ScalePayloads generator = new ScalePayloads(Path.of(o.getOrDefault("records", "testdata/records")), seed);
    Summary s = generator.write(out, spec);
    System.out.printf(Locale.ROOT, "%d lines (%d listings, %d re-scrapes with a new price, %d unchanged), %.1f MB in %d file(s) under %s, %.1f s%n",
        s.lines(), s.newListings(), s.rescrapesChanged(), s.rescrapesUnchanged(), s.bytes() / 1e6, s.files().size(), out,
        (System.nanoTime() - started) / 1e9);
  }
}
