package dev.souk.transforms.ingest;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.model.FailureRecord;
import dev.souk.model.RawListing;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Drops the payload lines that a lake written before {@link LineKeys#COLUMN} existed already
 * holds in rows without that column: such rows are known by their content as they were stored,
 * for a raw listing its payload, for a failure its step, reason and payload. Lakes whose rows all
 * have keys need only {@link ReadOriginalPayloads#skipping}, which drops loaded lines unread; on an
 * older lake this runs after it, on the lines it read. Identical lines within one run are all kept
 * (bronze is the physical input; normalisation collapses them as exact duplicates and counts them).
 *
 * <p>Each dropped line is counted under its file's namespace ({@link
 * ReadOriginalPayloads#FILE_NAMESPACE_PREFIX}{@code <file>}/{@link #ALREADY_LOADED_BY_PAYLOAD}); it
 * was read, so it is also among the file's raw listings or failures.
 */
public final class SkipLoadedLines<T> extends PTransform<PCollection<T>, PCollection<T>> {
  /** Per-file counter of lines read that rows without a line key already hold, not appended again. */
  public static final String ALREADY_LOADED_BY_PAYLOAD = "already_loaded_by_payload";
  /** How {@link PayloadLines#provenance} names a line of a payload file: {@code file:<file>#<line>}. */
  private static final String FILE_PROVENANCE = "file:";

  private final PCollection<Row> stored;
  private final SerializableFunction<T, String> keyOf;
  private final SerializableFunction<T, String> provenanceOf;
  private final SerializableFunction<Row, @Nullable String> storedKeyOf;

  private SkipLoadedLines(PCollection<Row> stored, SerializableFunction<T, String> keyOf,
      SerializableFunction<T, String> provenanceOf, SerializableFunction<Row, @Nullable String> storedKeyOf) {
    this.stored = checkNotNull(stored, "stored rows are required");
    this.keyOf = keyOf;
    this.provenanceOf = provenanceOf;
    this.storedKeyOf = storedKeyOf;
  }

  /**
   * Raw listings whose payload is among {@code stored}: bronze raw-listing rows with {@code
   * provenance}, {@code payload} and {@link LineKeys#COLUMN}; rows with a key are left to {@link
   * ReadOriginalPayloads#skipping}.
   */
  public static SkipLoadedLines<RawListing> rawListings(PCollection<Row> stored) {
    return new SkipLoadedLines<>(stored,
        raw -> rawKey(raw.getProvenance(), raw.getPayload()),
        RawListing::getProvenance,
        row -> hasLineKey(row) ? null : rawKey(row.getString("provenance"), row.getString("payload")));
  }

  /**
   * Failures whose step, reason and payload are among {@code stored}: dead-letter rows with {@code
   * url}, {@code step}, {@code reason}, {@code payload} and {@link LineKeys#COLUMN}.
   */
  public static SkipLoadedLines<FailureRecord> failures(PCollection<Row> stored) {
    return new SkipLoadedLines<>(stored,
        f -> failureKey(f.getUrl(), f.getStep(), f.getReason(), f.getPayload()),
        f -> f.getUrl() == null ? "" : f.getUrl(),
        row -> hasLineKey(row) ? null
            : failureKey(row.getString("url"), row.getString("step"), row.getString("reason"), row.getString("payload")));
  }

  private static boolean hasLineKey(Row row) {
    return row.getSchema().hasField(LineKeys.COLUMN) && row.getString(LineKeys.COLUMN) != null;
  }

  /** The identity of a raw listing read from a payload file; null for one from anywhere else. */
  static @Nullable String rawKey(@Nullable String provenance, @Nullable String payload) {
    return isPayloadLine(provenance) ? LineKeys.raw(payload) : null;
  }

  /** The identity of a payload line's failure; null for a failure of anything else. */
  static @Nullable String failureKey(@Nullable String url, @Nullable String step, @Nullable String reason,
      @Nullable String payload) {
    return isPayloadLine(url) ? LineKeys.failure(step, reason, payload) : null;
  }

  private static boolean isPayloadLine(@Nullable String provenance) {
    return provenance != null && provenance.startsWith(FILE_PROVENANCE);
  }

  /** {@code file:<file>#<line>} → {@code <file>}. */
  static String fileOf(String provenance) {
    int hash = provenance.lastIndexOf('#');
    return provenance.substring(FILE_PROVENANCE.length(), hash < 0 ? provenance.length() : hash);
  }

  @Override
  public PCollection<T> expand(PCollection<T> lines) {
    TupleTag<Boolean> lineTag = new TupleTag<>();
    TupleTag<Boolean> storedTag = new TupleTag<>();
    SerializableFunction<Row, @Nullable String> storedKey = storedKeyOf;
    // Rows of other origins (crawled pages) have no key and are left out of the join.
    PCollection<KV<String, Boolean>> storedKeys = stored
        .apply("StoredLineKeys", FlatMapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.booleans()))
            .via((Row r) -> {
              String key = storedKey.apply(r);
              return key == null ? List.<KV<String, Boolean>>of() : List.of(KV.of(key, true));
            }));
    SerializableFunction<T, String> key = keyOf;
    PCollection<KV<String, T>> keyed = lines.apply("KeyByLine",
        WithKeys.<String, T>of(l -> {
          String k = key.apply(l);
          if (k == null) {
            throw new IllegalArgumentException("not a payload line: " + l);
          }
          return k;
        }).withKeyType(TypeDescriptors.strings()));
    // Only keys travel through the join, never the lines (payloads can be megabytes): the join
    // finds which of this input's keys the lake holds, and that set (no larger than the input's
    // keys, empty for a new file) filters the lines where they are.
    PCollection<KV<String, Boolean>> lineKeys = keyed.apply("LineKeys",
        MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.booleans()))
            .via((KV<String, T> line) -> KV.of(line.getKey(), false)));
    PCollectionView<Map<String, Boolean>> loaded = KeyedPCollectionTuple.of(lineTag, lineKeys)
        .and(storedTag, storedKeys)
        .apply("JoinStoredKeys", CoGroupByKey.create())
        .apply("LoadedKeys", ParDo.of(new LoadedKeysFn(lineTag, storedTag)))
        .apply("LoadedKeySet", View.asMap());
    return keyed
        .apply("KeepUnloaded", ParDo.of(new KeepUnloadedFn<T>(loaded, provenanceOf)).withSideInputs(loaded))
        .setCoder(lines.getCoder());
  }

  /** The keys both among this input's lines and in the lake. */
  private static final class LoadedKeysFn extends DoFn<KV<String, CoGbkResult>, KV<String, Boolean>> {
    private final TupleTag<Boolean> lineTag;
    private final TupleTag<Boolean> storedTag;

    LoadedKeysFn(TupleTag<Boolean> lineTag, TupleTag<Boolean> storedTag) {
      this.lineTag = lineTag;
      this.storedTag = storedTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<KV<String, Boolean>> out) {
      CoGbkResult both = joined.getValue();
      if (both.getAll(lineTag).iterator().hasNext() && both.getAll(storedTag).iterator().hasNext()) {
        out.output(KV.of(joined.getKey(), true));
      }
    }
  }

  private static final class KeepUnloadedFn<T> extends DoFn<KV<String, T>, T> {
    private final PCollectionView<Map<String, Boolean>> loaded;
    private final SerializableFunction<T, String> provenanceOf;

    KeepUnloadedFn(PCollectionView<Map<String, Boolean>> loaded, SerializableFunction<T, String> provenanceOf) {
      this.loaded = loaded;
      this.provenanceOf = provenanceOf;
    }

    @ProcessElement
    public void process(@Element KV<String, T> line, OutputReceiver<T> out, ProcessContext context) {
      if (context.sideInput(loaded).containsKey(line.getKey())) {
        Metrics.counter(ReadOriginalPayloads.FILE_NAMESPACE_PREFIX + fileOf(provenanceOf.apply(line.getValue())),
            ALREADY_LOADED_BY_PAYLOAD).inc();
      } else {
        out.output(line.getValue());
      }
    }
  }
}
