package dev.souk.transforms.ingest;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.souk.io.Urls;
import dev.souk.model.FailureRecord;
import dev.souk.model.RawListing;
import dev.souk.model.Site;
import dev.souk.transforms.Failures;
import dev.souk.transforms.normalise.NormalisationException;
import dev.souk.transforms.normalise.OriginalPayloads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Reads the original Python scrapers' JSON payloads from JSON-lines files, so existing producers'
 * output (a Kafka topic dump, an export of the original {@code rest.raw.<site>} tables) can feed
 * Souk unchanged. Each line is one of:
 *
 * <ul>
 *   <li>a raw-table row {@code {"id", "ingest_ts", "payload": "<the Kafka JSON as a string>"}};
 *   <li>a wrapper whose {@code payload} is the JSON object itself;
 *   <li>the payload object alone.
 * </ul>
 *
 * The site comes from the payload ({@code source_site}, else its URL's host). A line that is not
 * a usable payload (garbage, not an object, an error-only payload of a failed fetch) becomes a
 * failure record carrying the line.
 */
public final class ReadOriginalPayloads
    extends PTransform<PBegin, WithFailures.Result<PCollection<RawListing>, FailureRecord>> {

  private static final TupleTag<RawListing> LISTINGS = new TupleTag<RawListing>() {};

  private final String filePattern;

  private ReadOriginalPayloads(String filePattern) {
    this.filePattern = filePattern;
  }

  public static ReadOriginalPayloads from(String filePattern) {
    checkArgument(filePattern != null && !filePattern.isBlank(), "ReadOriginalPayloads.from needs a file pattern");
    return new ReadOriginalPayloads(filePattern);
  }

  @Override
  public WithFailures.Result<PCollection<RawListing>, FailureRecord> expand(PBegin begin) {
    PCollectionTuple out = begin
        .apply("MatchPayloadFiles", FileIO.match().filepattern(filePattern))
        .apply("OpenPayloadFiles", FileIO.readMatches())
        .apply("ReadPayloadLines",
            ParDo.of(new ReadLinesFn()).withOutputTags(LISTINGS, TupleTagList.of(Failures.TAG)));
    return WithFailures.Result.of(out.get(LISTINGS), out.get(Failures.TAG));
  }

  private static final class ReadLinesFn extends DoFn<FileIO.ReadableFile, RawListing> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The original raw sink's micro-batch time, e.g. {@code 2025-11-03 01:15:15.002000} (UTC). */
    private static final DateTimeFormatter INGEST_TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
      String name = file.getMetadata().resourceId().toString();
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(Channels.newInputStream(file.open()), StandardCharsets.UTF_8))) {
        String line;
        long number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          if (!line.isBlank()) {
            readLine(line, "file:" + name + "#" + number, out);
          }
        }
      }
    }

    private void readLine(String line, String provenance, MultiOutputReceiver out) {
      String site = null;
      try {
        JsonNode node = parse(line);
        JsonNode payload = node.has("payload") ? node.get("payload") : node;
        String value = payload.isTextual() ? payload.asText() : payload.toString();
        site = site(payload.isTextual() ? parse(value) : payload, provenance);
        Instant now = Instant.now();
        Instant observed = ingestTs(node.path("ingest_ts").asText(null), now);
        out.get(LISTINGS).output(OriginalPayloads.toRawListing(
            site, node.path("id").asText(null), value, provenance, observed, now));
        Failures.counter(site, "raw_listings").inc();
      } catch (NormalisationException e) {
        out.get(Failures.TAG).output(Failures.record("ingest", site, provenance, e.reason(), e.getMessage(), line));
      } catch (Throwable e) {
        // One line's surprise (a mapping bug, a blown stack) is that line's failure; the file goes on.
        out.get(Failures.TAG).output(Failures.record("ingest", site, provenance, "ingest_error",
            Failures.describe(Failures.containable(e)), line));
      }
    }

    private static JsonNode parse(String json) throws NormalisationException {
      try {
        JsonNode node = JSON.readTree(json);
        if (node == null || !node.isObject()) {
          throw new NormalisationException(OriginalPayloads.NOT_A_JSON_OBJECT, "The line is not a JSON object");
        }
        return node;
      } catch (IOException e) {
        throw new NormalisationException(OriginalPayloads.NOT_A_JSON_OBJECT, "The line is not JSON: " + e.getMessage());
      }
    }

    private static String site(JsonNode payload, String provenance) throws NormalisationException {
      String named = payload.path("source_site").asText("");
      if (!named.isEmpty()) {
        try {
          return Site.fromCode(named).code();
        } catch (IllegalArgumentException e) {
          throw new NormalisationException("unknown_site", e.getMessage() + " (" + provenance + ")");
        }
      }
      String url = payload.path("url").asText("");
      try {
        return Site.forHost(Urls.parse(url).getHost())
            .orElseThrow(() -> new NormalisationException("unknown_site",
                "No known site serves " + url + " (" + provenance + ")"))
            .code();
      } catch (URISyntaxException e) {
        throw new NormalisationException("bad_url", "Payload URL '" + url + "' is not a URL (" + provenance + ")");
      }
    }

    private static Instant ingestTs(@Nullable String text, Instant fallback) {
      if (text == null || text.isBlank()) {
        return fallback;
      }
      try {
        return new Instant(LocalDateTime.parse(text.strip(), INGEST_TS).toInstant(ZoneOffset.UTC).toEpochMilli());
      } catch (DateTimeParseException e) {
        return fallback;
      }
    }
  }
}
