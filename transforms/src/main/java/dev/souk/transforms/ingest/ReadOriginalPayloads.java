package dev.souk.transforms.ingest;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import java.util.Map;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

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
 * #FILE_NAMESPACE_PREFIX}{@code <file>}, {@code lines = raw_listings + failures + blank_lines +
 * already_loaded}.
 *
 * <p>{@link #skipping} drops the lines a lake already holds before they are read: a first pass
 * hashes each file's lines ({@link LineKeys}), the keys are joined with the stored ones, and the
 * keys found (no more than this input's) are a side input of the pass that reads the lines. Only
 * keys are shuffled, never payloads, and a rerun over files already loaded parses nothing.
 */
public final class ReadOriginalPayloads
    extends PTransform<PBegin, WithFailures.Result<PCollection<RawListing>, FailureRecord>> {

  /** Metric namespace of one input file's line counts: {@code souk.file.<file>}. */
  public static final String FILE_NAMESPACE_PREFIX = "souk.file.";
  /** The per-file counters; {@link #LINES} is the sum of the other four. */
  public static final String LINES = "lines";
  public static final String RAW_LISTINGS = "raw_listings";
  public static final String FAILURES = "failures";
  public static final String BLANK_LINES = "blank_lines";
  /** Lines the lake already held, skipped unread ({@link #skipping}). */
  public static final String ALREADY_LOADED = "already_loaded";
  /**
   * Per-site counters ({@code souk.<site>}): non-blank lines that named the site, and those of them
   * that became listings. Lines the lake already holds count too (by the site their stored row
   * names), though they are skipped unread: a reload of a file counts what it holds, and the
   * quality gates compare these between runs.
   */
  public static final String SITE_LINES = "payload_lines";
  public static final String SITE_LISTINGS = "payload_listings";

  private static final TupleTag<RawListing> LISTINGS = new TupleTag<RawListing>() {};

  private final String filePattern;
  private final int maxLineBytes;
  private final @Nullable PCollection<KV<String, String>> storedKeys;

  private ReadOriginalPayloads(String filePattern, int maxLineBytes,
      @Nullable PCollection<KV<String, String>> storedKeys) {
    this.filePattern = filePattern;
    this.maxLineBytes = maxLineBytes;
    this.storedKeys = storedKeys;
  }

  /** Reads the files matching {@code filePattern}, lines up to {@link JsonLinesReader#DEFAULT_MAX_LINE_BYTES}. */
  public static ReadOriginalPayloads from(String filePattern) {
    checkArgument(filePattern != null && !filePattern.isBlank(), "ReadOriginalPayloads.from needs a file pattern");
    return new ReadOriginalPayloads(filePattern, JsonLinesReader.DEFAULT_MAX_LINE_BYTES, null);
  }

  /** Lines longer than {@code maxLineBytes} (without their line break) become {@code line_too_long} failures. */
  public ReadOriginalPayloads withMaxLineBytes(int maxLineBytes) {
    checkArgument(maxLineBytes > 0 && maxLineBytes <= JsonLinesReader.MAX_LINE_BYTES_CEILING,
        "withMaxLineBytes needs 1 to %s bytes, got %s", JsonLinesReader.MAX_LINE_BYTES_CEILING, maxLineBytes);
    return new ReadOriginalPayloads(filePattern, maxLineBytes, storedKeys);
  }

  /**
   * Skips, unread and counted as {@link #ALREADY_LOADED}, every line whose {@link LineKeys key} is
   * among {@code storedKeys}: the lines a lake already holds (from the same pipeline), each key with
   * what the line became there ({@link StoredLine#of}), so a skipped line still counts for its site.
   */
  public ReadOriginalPayloads skipping(PCollection<KV<String, String>> storedKeys) {
    return new ReadOriginalPayloads(filePattern, maxLineBytes, checkNotNull(storedKeys, "storedKeys"));
  }

  @Override
  public WithFailures.Result<PCollection<RawListing>, FailureRecord> expand(PBegin begin) {
    PCollection<FileIO.ReadableFile> files = begin
        .apply("MatchPayloadFiles", FileIO.match().filepattern(filePattern))
        .apply("OpenPayloadFiles", FileIO.readMatches());
    PCollectionView<Map<String, String>> loaded = storedKeys == null ? null : loadedKeys(files, storedKeys);
    ParDo.MultiOutput<FileIO.ReadableFile, RawListing> read =
        ParDo.of(new ReadLinesFn(maxLineBytes, loaded)).withOutputTags(LISTINGS, TupleTagList.of(Failures.TAG));
    PCollectionTuple out = files.apply("ReadPayloadLines", loaded == null ? read : read.withSideInputs(loaded));
    return WithFailures.Result.of(out.get(LISTINGS), out.get(Failures.TAG));
  }

  /** The keys both among the files' lines and {@code stored}, with what each line became, to look lines up in. */
  private PCollectionView<Map<String, String>> loadedKeys(PCollection<FileIO.ReadableFile> files,
      PCollection<KV<String, String>> stored) {
    TupleTag<Boolean> lineTag = new TupleTag<>();
    TupleTag<String> storedTag = new TupleTag<>();
    PCollection<KV<String, Boolean>> lineKeys = files.apply("HashLines", ParDo.of(new HashLinesFn(maxLineBytes)));
    return KeyedPCollectionTuple.of(lineTag, lineKeys).and(storedTag, stored)
        .apply("JoinStoredKeys", CoGroupByKey.create())
        .apply("LoadedKeys", ParDo.of(new InBothFn(lineTag, storedTag)))
        .apply("LoadedKeySet", View.asMap());
  }

  /** What a stored line became, as {@link #skipping} takes it: {@code listing:<site>} or {@code failure:<site or empty>}. */
  public static final class StoredLine {
    private StoredLine() {}

    public static String of(boolean listing, @Nullable String site) {
      return (listing ? "listing:" : "failure:") + (site == null ? "" : site);
    }

    static boolean isListing(String storedLine) {
      return storedLine.startsWith("listing:");
    }

    static @Nullable String site(String storedLine) {
      String site = storedLine.substring(storedLine.indexOf(':') + 1);
      return site.isEmpty() ? null : site;
    }
  }

  /** Each non-blank line's key, once per line. */
  private static final class HashLinesFn extends DoFn<FileIO.ReadableFile, KV<String, Boolean>> {
    private final int maxLineBytes;

    HashLinesFn(int maxLineBytes) {
      this.maxLineBytes = maxLineBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<KV<String, Boolean>> out) throws IOException {
      try (JsonLinesReader reader =
          new JsonLinesReader(Channels.newInputStream(file.open()), maxLineBytes).skipping(key -> true)) {
        for (JsonLinesReader.Line line = reader.next(); line != null; line = reader.next()) {
          if (line.key() != null) {
            out.output(KV.of(line.key(), false));
          }
        }
      }
    }
  }

  /** The keys with both a line and a stored row, with what the stored row says the line became. */
  private static final class InBothFn extends DoFn<KV<String, CoGbkResult>, KV<String, String>> {
    private final TupleTag<Boolean> lineTag;
    private final TupleTag<String> storedTag;

    InBothFn(TupleTag<Boolean> lineTag, TupleTag<String> storedTag) {
      this.lineTag = lineTag;
      this.storedTag = storedTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<KV<String, String>> out) {
      CoGbkResult both = joined.getValue();
      if (both.getAll(lineTag).iterator().hasNext()) {
        var stored = both.getAll(storedTag).iterator();
        if (stored.hasNext()) {
          out.output(KV.of(joined.getKey(), stored.next()));
        }
      }
    }
  }

  private static final class ReadLinesFn extends DoFn<FileIO.ReadableFile, RawListing> {
    private final int maxLineBytes;
    private final @Nullable PCollectionView<Map<String, String>> loaded;

    ReadLinesFn(int maxLineBytes, @Nullable PCollectionView<Map<String, String>> loaded) {
      this.maxLineBytes = maxLineBytes;
      this.loaded = loaded;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out, ProcessContext context)
        throws IOException {
      String name = file.getMetadata().resourceId().toString();
      String namespace = FILE_NAMESPACE_PREFIX + name;
      Counter lines = Metrics.counter(namespace, LINES);
      Counter listings = Metrics.counter(namespace, RAW_LISTINGS);
      Counter failures = Metrics.counter(namespace, FAILURES);
      Counter blanks = Metrics.counter(namespace, BLANK_LINES);
      Counter alreadyLoaded = Metrics.counter(namespace, ALREADY_LOADED);
      Map<String, String> known = loaded == null ? Map.of() : context.sideInput(loaded);
      try (JsonLinesReader reader =
          new JsonLinesReader(Channels.newInputStream(file.open()), maxLineBytes).skipping(known::containsKey)) {
        for (JsonLinesReader.Line line = reader.next(); line != null; line = reader.next()) {
          lines.inc();
          if (line.kind() == JsonLinesReader.Kind.KNOWN) {
            alreadyLoaded.inc();
            // Unread, but bronze or the dead letter says what it became: it counts for its site.
            String stored = known.get(line.key());
            String site = StoredLine.site(stored);
            if (site != null) {
              Failures.counter(site, SITE_LINES).inc();
              if (StoredLine.isListing(stored)) {
                Failures.counter(site, SITE_LISTINGS).inc();
              }
            }
            continue;
          }
          PayloadLines.Fate fate = PayloadLines.read(line, name, maxLineBytes, Instant.now());
          if (fate instanceof PayloadLines.Listing l) {
            out.get(LISTINGS).output(l.listing().withLineKey(line.key()));
            Failures.counter(l.listing().getSite(), "raw_listings").inc();
            Failures.counter(l.listing().getSite(), SITE_LINES).inc();
            Failures.counter(l.listing().getSite(), SITE_LISTINGS).inc();
            listings.inc();
          } else if (fate instanceof PayloadLines.Failure f) {
            out.get(Failures.TAG).output(Failures.record(PayloadLines.STEP, f.site(),
                    PayloadLines.provenance(name, line.number()), f.reason(), f.message(), f.payload())
                .withLineKey(line.key()));
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
