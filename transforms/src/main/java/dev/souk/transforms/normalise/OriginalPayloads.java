package dev.souk.transforms.normalise;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.souk.model.Offer;
import dev.souk.model.RawListing;
import dev.souk.model.RawListingFields;
import dev.souk.model.Site;
import dev.souk.transforms.text.MubawabIcons;
import dev.souk.transforms.text.OwnImages;
import dev.souk.transforms.text.SellerKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The JSON payloads of the original Python scrapers and of their AMRES rewrite (docs/sites.md §6, §7;
 * {@code testdata/records/ORIGIN.md}) → {@link RawListingFields}, so those producers can feed
 * Souk unchanged and their history can be re-normalised next to Souk's own crawl.
 *
 * <p>Each payload shape has a format name ({@link #AVITO_KAFKA_V1}, ...) recognised by its keys.
 * The conversion undoes only the producers' packing (JSON maps inside strings, {@code "; "} and
 * {@code " | "} joined lists, Avito's attribute values at the head of the equipments, Mubawab icon
 * texts stored without a label) so that a payload and the page it was scraped from give the same
 * fields; every value stays as the producer wrote it, and cleaning is left to {@link
 * PropertyListingNormaliser}. Stateless and thread-safe.
 */
public final class OriginalPayloads {
  /**
   * The original Avito producer: id, url, error, [listing_type,] title, price_text, breadcrumbs
   * ({@code " > "}), category, description, attributes (a JSON map in a string), equipments
   * ({@code "; "}), seller_name, seller_type, published_date (Africa/Casablanca wall time or
   * relative text), image_urls ({@code " | "}). listing_type arrived on 2025-11-08.
   */
  public static final String AVITO_KAFKA_V1 = "avito-kafka-v1";
  /**
   * The first Mubawab producer: price_text, price_number, ad_details_text (the icon texts as a
   * JSON array), agency_logo, has_phone_box, has_map_block, and the fields of {@link
   * #MUBAWAB_KAFKA_V1}.
   */
  public static final String MUBAWAB_KAFKA_V0 = "mubawab-kafka-v0";
  /**
   * The final Mubawab producer: id, url, error, listing_type, title, price (integer or null),
   * location_text, features_main_json, features_amenities_json, description_text, gallery_urls
   * (JSON in strings), agency_name, agency_url.
   */
  public static final String MUBAWAB_KAFKA_V1 = "mubawab-kafka-v1";
  /**
   * The AMRES rewrite's raw rows, both sites: source_site, offre, scraping_time,
   * breadcrumbs_list, category_label, images, location, seller_is_store, seller_url, ...
   */
  public static final String AMRES_V1 = "amres-v1";

  /** Every format this class converts. */
  public static final Set<String> FORMATS = Set.of(AVITO_KAFKA_V1, MUBAWAB_KAFKA_V0, MUBAWAB_KAFKA_V1, AMRES_V1);

  /** The producer could not fetch the page and sent only its error (docs/sites.md §6). */
  public static final String UPSTREAM_ERROR = "upstream_error";
  public static final String NOT_A_JSON_OBJECT = "not_a_json_object";
  public static final String UNKNOWN_PAYLOAD_FORMAT = "unknown_payload_format";
  /** A known format with a field of the wrong type (price as an object, attributes as a number). */
  public static final String BAD_PAYLOAD = "bad_payload";
  /** The payload names another site than the record claims. */
  public static final String SITE_MISMATCH = "site_mismatch";
  /** Same code as {@code PageParseException.LAYOUT_CHANGED}: the producer read a page without a title. */
  public static final String LAYOUT_CHANGED = "layout_changed";

  /** Provenance prefix of a Kafka record: {@code kafka:<topic>/<partition>/<offset>}. */
  private static final String KAFKA_PROVENANCE = "kafka:";
  private static final ObjectMapper JSON = strictJson();
  private static final Pattern DETAIL_KEY = Pattern.compile("Detail_\\d+");

  private OriginalPayloads() {}

  /**
   * The JSON reading every payload gets: one value and nothing after it, each key once, decimals as
   * {@link java.math.BigDecimal} (so {@code 1e400} and long fractions are not bent through a
   * double), and no cap on a string's length (Jackson's default 20M chars would reject a valid
   * large payload; the file reader's per-line limit bounds it instead).
   */
  public static ObjectMapper strictJson() {
    JsonFactory factory = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
        .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }

  /**
   * The format of a payload, by its keys.
   *
   * @throws NormalisationException {@link #NOT_A_JSON_OBJECT}, {@link #UPSTREAM_ERROR} (with the
   *     producer's error text) or {@link #UNKNOWN_PAYLOAD_FORMAT}
   */
  public static String detectFormat(String payload) throws NormalisationException {
    return detect(object(payload));
  }

  /** {@link #detectFormat(String)} of a payload already read. */
  public static String detectFormat(ObjectNode payload) throws NormalisationException {
    return detect(payload);
  }

  /**
   * A payload of a known {@code format} → the fields an adapter would have read from the page.
   *
   * @throws NormalisationException {@link #NOT_A_JSON_OBJECT}, {@link #UPSTREAM_ERROR}, {@link
   *     #UNKNOWN_PAYLOAD_FORMAT} (not one of {@link #FORMATS}), {@link #BAD_PAYLOAD}, {@link
   *     #SITE_MISMATCH}, {@link #LAYOUT_CHANGED}
   */
  public static RawListingFields toFields(String site, String format, String payload) throws NormalisationException {
    ObjectNode p = object(payload);
    rejectUpstreamError(p);
    RawListingFields f = switch (format) {
      case AVITO_KAFKA_V1 -> avito(p);
      case MUBAWAB_KAFKA_V0 -> mubawabV0(p);
      case MUBAWAB_KAFKA_V1 -> mubawabV1(p);
      case AMRES_V1 -> amres(site, p);
      default -> throw new NormalisationException(UNKNOWN_PAYLOAD_FORMAT,
          "Payload format '" + format + "' is none of " + new TreeSet<>(FORMATS));
    };
    requireSite(site, format, p);
    if (f.title == null) {
      // The page-based path fails such a page with the same code (removed ad, changed layout).
      throw new NormalisationException(LAYOUT_CHANGED,
          site + " payload " + f.listingId + " (" + format + ") has no title: the producer read a removed or changed page");
    }
    return f;
  }

  /**
   * A record as the original producers wrote it to Kafka (key = listing id, value = the JSON
   * payload) → a bronze {@link RawListing} that keeps the payload as is. The listing id is {@code
   * payload.id}, falling back to the key, as the original raw sink did (docs/sites.md §7).
   *
   * @param timestamp the Kafka record's timestamp: when the producer observed the listing
   * @param ingestTime when Souk read the record
   * @throws NormalisationException as {@link #detectFormat}, or {@code site_mismatch}, {@code
   *     missing_listing_id}, {@code bad_url}
   */
  public static RawListing toRawListing(String site, @Nullable String key, String value, String topic,
      int partition, long offset, Instant timestamp, Instant ingestTime) throws NormalisationException {
    return toRawListing(site, key, value, KAFKA_PROVENANCE + topic + "/" + partition + "/" + offset, timestamp, ingestTime);
  }

  /**
   * A payload from any carrier (a Kafka record, a line of an exported file) → a bronze {@link
   * RawListing}; {@code provenance} says where it came from. The observation time is the
   * payload's own scrape time ({@link #scrapeTime}) when it has one, else the carrier's {@code
   * timestamp}; with neither it is {@code ingestTime}, the reader's clock, and the record then
   * says so by {@code observedAt == ingestTime} ({@link #observedByClock}).
   *
   * @param timestamp the carrier's time of the record (a Kafka timestamp, a raw table's
   *     ingest_ts); null when it has none
   */
  public static RawListing toRawListing(String site, @Nullable String key, String value, String provenance,
      @Nullable Instant timestamp, Instant ingestTime) throws NormalisationException {
    ObjectNode p = object(value);
    String format = detect(p);
    requireSite(site, format, p);
    String id = text(p, "id");
    if (id == null) {
      id = collapse(key);
    }
    if (id == null) {
      throw new NormalisationException("missing_listing_id", "Neither payload.id nor the key names the listing at " + provenance);
    }
    String url = text(p, "url");
    if (url == null) {
      throw new NormalisationException("bad_url", site + " payload " + id + " at " + provenance + " has no url");
    }
    Instant scraped = scrapeTime(p);
    Instant observed = scraped != null ? scraped : timestamp != null ? timestamp : ingestTime;
    return RawListing.create(site, id, url, value, format, provenance, observed, ingestTime);
  }

  /**
   * The producers' names for when they scraped the page: AMRES {@code scraping_time}, and the
   * {@code scraped_at} / {@code scrapedAt} / {@code scrape_time} other exports use. First readable
   * one wins.
   */
  static final List<String> SCRAPE_TIME_FIELDS = List.of("scraping_time", "scraped_at", "scrapedAt", "scrape_time");

  /**
   * When the producer scraped the page, from the payload's own field in any ISO-8601 form of
   * {@link Timestamps}; a time without an offset is UTC (AMRES scraping_time precedes its UTC
   * ingest_ts by one to two minutes in every record). Null when no such field is readable.
   */
  static @Nullable Instant scrapeTime(ObjectNode p) {
    for (String field : SCRAPE_TIME_FIELDS) {
      JsonNode v = p.get(field);
      if (v != null && v.isTextual()) {
        java.time.Instant t = Timestamps.parse(v.textValue(), java.time.ZoneOffset.UTC);
        if (t != null) {
          return new Instant(t.toEpochMilli());
        }
      }
    }
    return null;
  }

  /**
   * True when an original payload's record was observed at no known time and the reader's clock
   * stood in ({@link #toRawListing} with no timestamp): its row is flagged {@code
   * scraped_at_from_clock}. Only a payload of the producers' formats from a carrier without a time
   * of its own can be: Souk's pages carry their fetch time, and a Kafka record ({@code kafka:}
   * provenance) always has a timestamp, even one that equals its ingest time.
   */
  public static boolean observedByClock(RawListing raw) {
    return FORMATS.contains(raw.getPayloadFormat()) && !raw.getProvenance().startsWith(KAFKA_PROVENANCE)
        && raw.getObservedAt().equals(raw.getIngestTime());
  }

  /** {@link #toRawListing(String, String, String, String, int, long, Instant, Instant)}, ingested now. */
  public static RawListing toRawListing(String site, @Nullable String key, String value, String topic,
      int partition, long offset, Instant timestamp) throws NormalisationException {
    return toRawListing(site, key, value, topic, partition, offset, timestamp, Instant.now());
  }

  // ---------------------------------------------------------------- detection

  private static ObjectNode object(@Nullable String payload) throws NormalisationException {
    JsonNode node;
    try {
      node = payload == null ? null : JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new NormalisationException(NOT_A_JSON_OBJECT, "Payload is not JSON: " + e.getOriginalMessage());
    }
    if (node instanceof ObjectNode o) {
      return o;
    }
    throw new NormalisationException(NOT_A_JSON_OBJECT,
        "Payload is " + (node == null || node.isMissingNode() ? "empty" : "a JSON " + node.getNodeType().name().toLowerCase()) + ", not an object");
  }

  private static String detect(ObjectNode p) throws NormalisationException {
    rejectUpstreamError(p);
    if (p.has("source_site") || p.has("breadcrumbs_list") || p.has("scraping_time")) {
      return AMRES_V1;
    }
    if (p.has("ad_details_text") || p.has("price_number")) {
      return MUBAWAB_KAFKA_V0;
    }
    if (p.has("features_main_json") || p.has("location_text") || p.has("gallery_urls")) {
      return MUBAWAB_KAFKA_V1;
    }
    if (p.has("image_urls") || p.has("seller_type") || p.has("price_text") && p.has("breadcrumbs")) {
      return AVITO_KAFKA_V1;
    }
    List<String> keys = new ArrayList<>();
    p.fieldNames().forEachRemaining(keys::add);
    throw new NormalisationException(UNKNOWN_PAYLOAD_FORMAT,
        "Payload with keys " + keys + " is none of " + new TreeSet<>(FORMATS));
  }

  /** An error-only payload carries no listing: it becomes a failure with the producer's words. */
  private static void rejectUpstreamError(ObjectNode p) throws NormalisationException {
    JsonNode error = p.get("error");
    if (error != null && !error.isNull() && !error.asText().isBlank()) {
      throw new NormalisationException(UPSTREAM_ERROR,
          "Producer could not fetch " + p.path("url").asText("(no url)") + ": " + error.asText());
    }
  }

  private static void requireSite(String site, String format, ObjectNode p) throws NormalisationException {
    String payloadSite = switch (format) {
      case AVITO_KAFKA_V1 -> Site.AVITO.code();
      case MUBAWAB_KAFKA_V0, MUBAWAB_KAFKA_V1 -> Site.MUBAWAB.code();
      default -> text(p, "source_site");
    };
    if (payloadSite != null && !payloadSite.equals(site)) {
      throw new NormalisationException(SITE_MISMATCH,
          "A " + format + " payload of " + payloadSite + " arrived as a " + site + " record: " + p.path("url").asText(""));
    }
  }

  // ---------------------------------------------------------------- formats

  private static RawListingFields avito(ObjectNode p) throws NormalisationException {
    RawListingFields f = common(p);
    f.priceText = text(p, "price_text");
    f.description = text(p, "description");
    f.breadcrumbs = avitoCrumbs(split(text(p, "breadcrumbs"), " > "));
    f.category = text(p, "category");
    f.attributes = map(p, "attributes");
    f.equipments = withoutAttributeValues(split(text(p, "equipments"), "; "), f.attributes);
    f.sellerName = text(p, "seller_name");
    String sellerType = text(p, "seller_type");
    // This producer sent no seller URL: its flag (nearly always "Particulier") and the name decide.
    f.sellerIsStore = SellerKind.isStore(sellerType == null ? null : sellerType.equals("Boutique"), f.sellerName, null);
    f.publishedText = text(p, "published_date");
    f.images = OwnImages.AVITO.of(f.listingId, split(text(p, "image_urls"), " | "));
    f.crawlMode = offer(text(p, "listing_type"));
    return f;
  }

  private static RawListingFields mubawabV1(ObjectNode p) throws NormalisationException {
    RawListingFields f = mubawab(p);
    // The producer kept only the integer (no separators, no currency): the site's own currency applies.
    f.priceText = integer(p, "price");
    return f;
  }

  private static RawListingFields mubawabV0(ObjectNode p) throws NormalisationException {
    RawListingFields f = mubawab(p);
    f.priceText = text(p, "price_text");
    Map<String, String> attributes = new LinkedHashMap<>();
    // The icon row before the labelled features, keyed as the page adapter keys it.
    for (String icon : list(p, "ad_details_text")) {
      attributes.putIfAbsent(MubawabIcons.label(icon), icon);
    }
    f.attributes.forEach(attributes::putIfAbsent);
    f.attributes = attributes;
    return f;
  }

  private static RawListingFields mubawab(ObjectNode p) throws NormalisationException {
    RawListingFields f = common(p);
    f.locationText = text(p, "location_text");
    f.attributes = mubawabAttributes(map(p, "features_main_json"));
    f.equipments = list(p, "features_amenities_json");
    f.description = text(p, "description_text");
    f.images = OwnImages.MUBAWAB.of(f.listingId, list(p, "gallery_urls"));
    f.sellerName = text(p, "agency_name");
    f.sellerUrl = text(p, "agency_url");
    f.sellerIsStore = SellerKind.isStore(null, f.sellerName, f.sellerUrl);
    f.crawlMode = offer(text(p, "listing_type"));
    return f;
  }

  private static RawListingFields amres(String site, ObjectNode p) throws NormalisationException {
    RawListingFields f = common(p);
    f.priceText = text(p, "price_text");
    f.description = text(p, "description");
    f.category = text(p, "category_label");
    f.breadcrumbs = p.hasNonNull("breadcrumbs_list") ? list(p, "breadcrumbs_list") : split(text(p, "breadcrumbs"), " > ");
    f.sellerName = text(p, "seller_name");
    f.sellerUrl = text(p, "seller_url");
    f.crawlMode = offer(text(p, "offre"));
    if (Site.MUBAWAB.code().equals(text(p, "source_site")) || Site.MUBAWAB.code().equals(site)) {
      // The rewrite's own seller_is_store is left out: no Mubawab page element is known to carry it
      // (docs/sites.md §2.4); the business-page link and the name are what a page read also sees.
      f.sellerIsStore = SellerKind.isStore(null, f.sellerName, f.sellerUrl);
      f.locationText = text(p, "location");
      f.attributes = mubawabAttributes(map(p, "attributes"));
      f.equipments = list(p, "equipments");
      // This producer also sent the similar-ads thumbnails; their paths spell other ids.
      f.images = OwnImages.MUBAWAB.of(f.listingId, list(p, "images"));
      // published_date is the rewrite's scrape time: Mubawab shows no date (docs/sites.md §2.5).
    } else {
      f.sellerIsStore = SellerKind.isStore(bool(p, "seller_is_store"), f.sellerName, f.sellerUrl);
      f.attributes = map(p, "attributes");
      f.equipments = split(text(p, "equipments"), "; ");
      f.images = OwnImages.AVITO.of(f.listingId, split(text(p, "images"), ", "));
      f.publishedText = text(p, "published_date");
    }
    return f;
  }

  private static RawListingFields common(ObjectNode p) throws NormalisationException {
    RawListingFields f = new RawListingFields();
    f.listingId = text(p, "id");
    f.url = text(p, "url");
    f.title = text(p, "title");
    return f;
  }

  /** BeautifulSoup read the home crumb's svg title as text ("Home Icon Accueil"); a browser shows "Accueil". */
  private static List<String> avitoCrumbs(List<String> crumbs) {
    if (!crumbs.isEmpty() && crumbs.get(0).startsWith("Home Icon ")) {
      crumbs.set(0, crumbs.get(0).substring("Home Icon ".length()));
    }
    return crumbs;
  }

  /** The original's equipment selector caught every attribute value first, in order (docs/sites.md §9.9). */
  private static List<String> withoutAttributeValues(List<String> equipments, Map<String, String> attributes) {
    List<String> values = new ArrayList<>(attributes.values());
    boolean polluted = equipments.size() >= values.size() && equipments.subList(0, values.size()).equals(values);
    return polluted ? new ArrayList<>(equipments.subList(values.size(), equipments.size())) : equipments;
  }

  /** Icon texts the producers stored without a label ("Detail_1", docs/sites.md §9.12; AMRES "2 Chambres") get the adapter's. */
  private static Map<String, String> mubawabAttributes(Map<String, String> attributes) {
    Map<String, String> out = new LinkedHashMap<>();
    attributes.forEach((k, v) -> {
      boolean unlabelled = k.equals(v) || DETAIL_KEY.matcher(k).matches();
      out.putIfAbsent(unlabelled ? MubawabIcons.label(v) : k, v);
    });
    return out;
  }

  private static @Nullable String offer(@Nullable String listingType) {
    Offer o = Offers.fromText(listingType);
    return o == null ? listingType : o.code();
  }

  // ---------------------------------------------------------------- typed field access

  /** A scalar as text with layout whitespace collapsed as a page shows it; null if absent or blank. */
  private static @Nullable String text(ObjectNode p, String field) throws NormalisationException {
    JsonNode v = p.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw wrongType(p, field, v, "text");
    }
    return collapse(v.asText());
  }

  private static @Nullable String integer(ObjectNode p, String field) throws NormalisationException {
    JsonNode v = p.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0) {
      return v.bigIntegerValue().toString();
    }
    // The sign stays: a negative price is the normaliser's to refuse, not this mapping's to hide.
    if (v.isTextual() && v.asText().strip().matches("-?\\d+")) {
      return v.asText().strip();
    }
    throw wrongType(p, field, v, "an integer");
  }

  private static @Nullable Boolean bool(ObjectNode p, String field) throws NormalisationException {
    JsonNode v = p.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    throw wrongType(p, field, v, "a boolean");
  }

  /** A JSON object, or a string holding one (the original's packing); values must be scalars. */
  private static Map<String, String> map(ObjectNode p, String field) throws NormalisationException {
    JsonNode v = unpacked(p, field, "a JSON object");
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw wrongType(p, field, v, "a JSON object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode()) {
        throw wrongType(p, field + "." + e.getKey(), e.getValue(), "text");
      }
      String value = collapse(e.getValue().asText());
      if (value != null) {
        out.put(e.getKey(), value);
      }
    }
    return out;
  }

  /** A JSON array of scalars, or a string holding one. */
  private static List<String> list(ObjectNode p, String field) throws NormalisationException {
    JsonNode v = unpacked(p, field, "a JSON array");
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      throw wrongType(p, field, v, "a JSON array");
    }
    for (JsonNode item : v) {
      if (!item.isValueNode()) {
        throw wrongType(p, field + "[]", item, "text");
      }
      String t = collapse(item.asText());
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  private static @Nullable JsonNode unpacked(ObjectNode p, String field, String expected) throws NormalisationException {
    JsonNode v = p.get(field);
    if (v == null || v.isNull() || v.isTextual() && v.asText().isBlank()) {
      return null;
    }
    if (!v.isTextual()) {
      return v;
    }
    try {
      return JSON.readTree(v.asText());
    } catch (JsonProcessingException e) {
      throw new NormalisationException(BAD_PAYLOAD, "Field '" + field + "' of payload " + p.path("id").asText("")
          + " should hold " + expected + " but is unreadable: " + e.getOriginalMessage());
    }
  }

  private static NormalisationException wrongType(ObjectNode p, String field, JsonNode v, String expected) {
    return new NormalisationException(BAD_PAYLOAD, "Field '" + field + "' of payload " + p.path("id").asText("")
        + " is a JSON " + v.getNodeType().name().toLowerCase() + ", expected " + expected);
  }

  private static List<String> split(@Nullable String joined, String separator) {
    List<String> out = new ArrayList<>();
    if (joined != null) {
      Arrays.stream(joined.split(Pattern.quote(separator))).map(OriginalPayloads::collapse)
          .filter(s -> s != null).forEach(out::add);
    }
    return out;
  }

  private static @Nullable String collapse(@Nullable String s) {
    if (s == null) {
      return null;
    }
    String c = collapseLayout(s).trim();
    return c.isEmpty() ? null : c;
  }

  /**
   * Every run of layout whitespace (space, tab, newline, carriage return, form feed) as one space,
   * as the regex {@code [ \t\n\r\f]+} replaced by a space would; by hand because every text field
   * of every payload passes here and most need no change.
   */
  static String collapseLayout(String s) {
    int i = 0;
    for (char previous = 'x'; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isLayoutSpace(c) && (c != ' ' || previous == ' ')) {
        break;
      }
      previous = c;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    boolean inSpace = false;
    for (int j = 0; j < s.length(); j++) {
      char c = s.charAt(j);
      if (!isLayoutSpace(c)) {
        out.append(c);
        inSpace = false;
      } else if (!inSpace) {
        out.append(' ');
        inSpace = true;
      }
    }
    return out.toString();
  }

  private static boolean isLayoutSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }
}
