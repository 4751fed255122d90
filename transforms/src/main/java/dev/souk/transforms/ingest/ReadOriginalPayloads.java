package dev.souk.transforms.ingest;

import static com.google.common.base.Preconditions.checkArgument;

import dev.souk.model.FailureRecord;
import dev.souk.model.RawListing;
import dev.souk.transforms.Failures;
import java.io.IOException;
import java.nio.channels.Channels;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Reads the original Python scrapers' JSON payloads from JSON-lines files, so existing producers'
 * output (a Kafka topic dump, an export of the original {@code rest.raw.<site>} tables) can feed
 * Souk unchanged. Lines are split by {@link JsonLinesReader} and each becomes what {@link
 * PayloadLines} says: a raw listing, a failure record, or a blank line.
 *
 * <p>Every physical line is accounted for: per file, under the metric namespace {@link
 * #FILE_NAMESPACE_PREFIX}{@code <file>}, {@code lines = raw_listings + failures + blank_lines}.
 */
public final class ReadOriginalPayloads
    extends PTransform<PBegin, WithFailures.Result<PCollection<RawListing>, FailureRecord>> {

  /** Metric namespace of one input file's line counts: {@code souk.file.<file>}. */
  public static final String FILE_NAMESPACE_PREFIX = "souk.file.";
  /** The per-file counters; {@link #LINES} is the sum of the other three. */
  public static final String LINES = "lines";
  public static final String RAW_LISTINGS = "raw_listings";
  public static final String FAILURES = "failures";
  public static final String BLANK_LINES = "blank_lines";
  /**
   * Per-site counters ({@code souk.<site>}): non-blank lines that named the site, and those of them
   * that became listings. Counted as read, before lines the lake already holds are dropped, so a
   * reload of a file counts what it holds: the quality gates compare them between runs.
   */
  public static final String SITE_LINES = "payload_lines";
  public static final String SITE_LISTINGS = "payload_listings";

  private static final TupleTag<RawListing> LISTINGS = new TupleTag<RawListing>() {};

  private final String filePattern;
  private final int maxLineBytes;

  private ReadOriginalPayloads(String filePattern, int maxLineBytes) {
    this.filePattern = filePattern;
    this.maxLineBytes = maxLineBytes;
  }

  /** Reads the files matching {@code filePattern}, lines up to {@link JsonLinesReader#DEFAULT_MAX_LINE_BYTES}. */
  public static ReadOriginalPayloads from(String filePattern) {
    checkArgument(filePattern != null && !filePattern.isBlank(), "ReadOriginalPayloads.from needs a file pattern");
    return new ReadOriginalPayloads(filePattern, JsonLinesReader.DEFAULT_MAX_LINE_BYTES);
  }

  /** Lines longer than {@code maxLineBytes} (without their line break) become {@code line_too_long} failures. */
  public ReadOriginalPayloads withMaxLineBytes(int maxLineBytes) {
    checkArgument(maxLineBytes > 0 && maxLineBytes <= JsonLinesReader.MAX_LINE_BYTES_CEILING,
        "withMaxLineBytes needs 1 to %s bytes, got %s", JsonLinesReader.MAX_LINE_BYTES_CEILING, maxLineBytes);
    return new ReadOriginalPayloads(filePattern, maxLineBytes);
  }

  @Override
  public WithFailures.Result<PCollection<RawListing>, FailureRecord> expand(PBegin begin) {
    PCollectionTuple out = begin
        .apply("MatchPayloadFiles", FileIO.match().filepattern(filePattern))
        .apply("OpenPayloadFiles", FileIO.readMatches())
        .apply("ReadPayloadLines",
            ParDo.of(new ReadLinesFn(maxLineBytes)).withOutputTags(LISTINGS, TupleTagList.of(Failures.TAG)));
    return WithFailures.Result.of(out.get(LISTINGS), out.get(Failures.TAG));
  }

  private static final class ReadLinesFn extends DoFn<FileIO.ReadableFile, RawListing> {
    private final int maxLineBytes;

    ReadLinesFn(int maxLineBytes) {
      this.maxLineBytes = maxLineBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
      String name = file.getMetadata().resourceId().toString();
      String namespace = FILE_NAMESPACE_PREFIX + name;
      Counter lines = Metrics.counter(namespace, LINES);
      Counter listings = Metrics.counter(namespace, RAW_LISTINGS);
      Counter failures = Metrics.counter(namespace, FAILURES);
      Counter blanks = Metrics.counter(namespace, BLANK_LINES);
      try (JsonLinesReader reader = new JsonLinesReader(Channels.newInputStream(file.open()), maxLineBytes)) {
        for (JsonLinesReader.Line line = reader.next(); line != null; line = reader.next()) {
          lines.inc();
          PayloadLines.Fate fate = PayloadLines.read(line, name, maxLineBytes, Instant.now());
          if (fate instanceof PayloadLines.Listing l) {
            out.get(LISTINGS).output(l.listing());
            Failures.counter(l.listing().getSite(), "raw_listings").inc();
            Failures.counter(l.listing().getSite(), SITE_LINES).inc();
            Failures.counter(l.listing().getSite(), SITE_LISTINGS).inc();
            listings.inc();
          } else if (fate instanceof PayloadLines.Failure f) {
            out.get(Failures.TAG).output(Failures.record(PayloadLines.STEP, f.site(),
                PayloadLines.provenance(name, line.number()), f.reason(), f.message(), f.payload()));
            failures.inc();
            if (f.site() != null) {
              Failures.counter(f.site(), SITE_LINES).inc();
            }
          } else {
            blanks.inc();
          }
        }
      }
    }
  }
}
