package dev.souk.io.iceberg;

import dev.souk.io.FaultPoints;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.iceberg.IcebergCatalogConfig;
import org.apache.beam.sdk.io.iceberg.IcebergUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.PartitionedFanoutWriter;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.io.UnpartitionedWriter;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.SnapshotUtil;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Iceberg commit per crawl round, marked with the round, and the check whether a round is in
 * (see {@link IcebergLake#appendPerRound} and {@link IcebergLake#roundStored}).
 *
 * <p>Why not IcebergIO: its streaming write commits every triggering interval, whatever rounds
 * the files came from, so nothing tells a reader when a round's rows are all in. Here a round's
 * rows are gathered with the round's tick, written as Parquet files with Iceberg's generic writer
 * and committed in one append whose snapshot summary says {@code souk.round=<tick millis>}. A
 * round with no rows still commits (an append of no files), so every round leaves its mark.
 */
final class RoundCommits {
  private static final Logger LOG = LoggerFactory.getLogger(RoundCommits.class);
  private static final String ROUND_KEY = "round";

  private RoundCommits() {}

  /** Whether the ancestry of {@code table}'s current snapshot (as loaded) holds the commit of {@code round}. */
  static boolean hasRound(Table table, Instant round) {
    String value = Long.toString(round.getMillis());
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (value.equals(snapshot.summary().get(IcebergLake.ROUND_PROPERTY))) {
        return true;
      }
    }
    return false;
  }

  /** The rounds committed to {@code table}, newest first (ancestry of the current snapshot). */
  static List<Instant> rounds(Table table) {
    List<Instant> rounds = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      String value = snapshot.summary().get(IcebergLake.ROUND_PROPERTY);
      if (value != null) {
        rounds.add(new Instant(Long.parseLong(value)));
      }
    }
    return rounds;
  }

  /**
   * Rows of the ticks' windows → data files written in parallel (a few shards per round) → one
   * commit per tick, made once the tick has come out of every {@code after} commit (so a table
   * never holds a round the tables before it lack), with the round's {@code properties} in the
   * snapshot summary. Outputs each tick once its round is in the table.
   */
  static final class Append extends PTransform<PCollection<Row>, PCollection<Instant>> {
    static final int SHARDS = 4;
    private final IcebergCatalogConfig catalog;
    private final String tableId;
    private final PCollection<Instant> ticks;
    private final List<PCollection<Instant>> after;
    private final @Nullable PCollection<KV<String, String>> properties;

    Append(IcebergCatalogConfig catalog, String tableId, PCollection<Instant> ticks,
        List<PCollection<Instant>> after, @Nullable PCollection<KV<String, String>> properties) {
      super("AppendPerRoundTo " + tableId);
      this.catalog = catalog;
      this.tableId = tableId;
      this.ticks = ticks;
      this.after = List.copyOf(after);
      this.properties = properties;
    }

    @Override
    public Map<TupleTag<?>, PValue> getAdditionalInputs() {
      Map<TupleTag<?>, PValue> inputs = new HashMap<>();
      inputs.put(new TupleTag<Instant>("ticks"), ticks);
      for (int i = 0; i < after.size(); i++) {
        inputs.put(new TupleTag<Instant>("after" + i), after.get(i));
      }
      if (properties != null) {
        inputs.put(new TupleTag<KV<String, String>>("properties"), properties);
      }
      return inputs;
    }

    @Override
    public PCollection<Instant> expand(PCollection<Row> rows) {
      Schema schema = rows.getSchema();
      PCollection<KV<String, WrittenFiles>> files = rows
          .apply("FitDecimals", MapElements.into(TypeDescriptors.rows()).via(LakeSchemas::toLakeRow))
          .setRowSchema(schema)
          .apply("KeyByShard", WithKeys.of((Row r) -> Math.floorMod(r.hashCode(), SHARDS)))
          .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(schema)))
          .apply("GroupShards", GroupByKey.create())
          .apply("WriteDataFiles", ParDo.of(new WriteFilesFn(catalog, tableId)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(WrittenFiles.class)));
      TupleTag<Instant> tickTag = new TupleTag<>("tick");
      TupleTag<WrittenFiles> filesTag = new TupleTag<>("files");
      TupleTag<KV<String, String>> propertiesTag = new TupleTag<>("properties");
      KeyedPCollectionTuple<String> gathered = KeyedPCollectionTuple.of(tickTag, keyed("KeyTick", ticks, InstantCoder.of()))
          .and(filesTag, files);
      List<TupleTag<Instant>> afterTags = new ArrayList<>();
      for (int i = 0; i < after.size(); i++) {
        TupleTag<Instant> tag = new TupleTag<>("after" + i);
        afterTags.add(tag);
        gathered = gathered.and(tag, keyed("KeyAfter" + i, after.get(i), InstantCoder.of()));
      }
      if (properties != null) {
        gathered = gathered.and(propertiesTag,
            keyed("KeyProperties", properties, KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
      }
      return gathered
          .apply("GatherRound", CoGroupByKey.create())
          .apply("CommitRound", ParDo.of(new CommitRoundFn(catalog, tableId, tickTag, filesTag, afterTags,
              properties == null ? null : propertiesTag)))
          .setCoder(InstantCoder.of());
    }

    private static <V> PCollection<KV<String, V>> keyed(String name, PCollection<V> values, Coder<V> coder) {
      return values.apply(name, WithKeys.of(ROUND_KEY)).setCoder(KvCoder.of(StringUtf8Coder.of(), coder));
    }
  }

  /** The data files one shard of a round wrote, for the round's commit. */
  record WrittenFiles(List<DataFile> files) implements Serializable {}

  private static final class WriteFilesFn extends DoFn<KV<Integer, Iterable<Row>>, KV<String, WrittenFiles>> {
    private final IcebergCatalogConfig catalog;
    private final String tableId;

    WriteFilesFn(IcebergCatalogConfig catalog, String tableId) {
      this.catalog = catalog;
      this.tableId = tableId;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Row>> shard, OutputReceiver<KV<String, WrittenFiles>> out)
        throws IOException {
      Table table = catalog.catalog().loadTable(TableIdentifier.parse(tableId));
      out.output(KV.of(ROUND_KEY, new WrittenFiles(List.of(write(table, shard.getValue())))));
    }
  }

  /**
   * Commits one round's files with the round's mark, unless the table already has that round (a
   * retried bundle, a job restored from a checkpoint taken before the commit was acknowledged, a
   * rerun resuming a killed run's round): then it adds nothing and deletes the files just written.
   * The check and the commit are not one atomic step, which is enough because one worker commits
   * a round (one key), runners retry it after, not beside, the failed attempt, and the run lease
   * keeps other jobs off the lake.
   */
  private static final class CommitRoundFn extends DoFn<KV<String, CoGbkResult>, Instant> {
    private final IcebergCatalogConfig catalog;
    private final String tableId;
    private final TupleTag<Instant> tickTag;
    private final TupleTag<WrittenFiles> filesTag;
    private final List<TupleTag<Instant>> afterTags;
    private final @Nullable TupleTag<KV<String, String>> propertiesTag;

    CommitRoundFn(IcebergCatalogConfig catalog, String tableId, TupleTag<Instant> tickTag, TupleTag<WrittenFiles> filesTag,
        List<TupleTag<Instant>> afterTags, @Nullable TupleTag<KV<String, String>> propertiesTag) {
      this.catalog = catalog;
      this.tableId = tableId;
      this.tickTag = tickTag;
      this.filesTag = filesTag;
      this.afterTags = afterTags;
      this.propertiesTag = propertiesTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> round, OutputReceiver<Instant> out) {
      CoGbkResult gathered = round.getValue();
      Iterator<Instant> ticks = gathered.getAll(tickTag).iterator();
      if (!ticks.hasNext()) {
        throw new IllegalStateException("Rows for Iceberg table " + tableId
            + " arrived in a window with no round tick: appendPerRound needs rows in the windows of its ticks");
      }
      Instant tick = ticks.next();
      if (ticks.hasNext()) {
        throw new IllegalStateException("Two round ticks in one window (" + tick + ", " + ticks.next()
            + "): appendPerRound commits one round per window");
      }
      for (TupleTag<Instant> tag : afterTags) {
        boolean committed = false;
        for (Instant before : gathered.getAll(tag)) {
          committed |= before.equals(tick);
        }
        if (!committed) {
          throw new IllegalStateException("Round " + tick + " of Iceberg table " + tableId
              + " waits for a table that did not commit it; not committing out of order");
        }
      }
      List<DataFile> files = new ArrayList<>();
      gathered.getAll(filesTag).forEach(written -> files.addAll(written.files()));
      Table table = catalog.catalog().loadTable(TableIdentifier.parse(tableId));
      if (hasRound(table, tick)) {
        LOG.info("Iceberg table {} already has round {}: nothing appended", tableId, tick);
        files.forEach(file -> table.io().deleteFile(file.path().toString()));
        out.output(tick);
        return;
      }
      FaultPoints.reach("before-commit"); // any table: every committer hangs, so nothing commits
      FaultPoints.reach("before-commit:" + tableId);
      AppendFiles append = table.newAppend();
      files.forEach(append::appendFile);
      if (propertiesTag != null) {
        for (KV<String, String> property : gathered.getAll(propertiesTag)) {
          append.set(property.getKey(), property.getValue());
        }
      }
      append.set(IcebergLake.ROUND_PROPERTY, Long.toString(tick.getMillis())).commit();
      FaultPoints.reach("after-commit:" + tableId);
      out.output(tick);
    }
  }

  /** Writes {@code rows} as Parquet data files of {@code table}, one or more per partition. */
  static DataFile[] write(Table table, Iterable<Row> rows) throws IOException {
    org.apache.iceberg.Schema schema = table.schema();
    PartitionSpec spec = table.spec();
    GenericAppenderFactory appenders = new GenericAppenderFactory(schema, spec);
    appenders.setAll(table.properties());
    OutputFileFactory files = OutputFileFactory.builderFor(table, 0, 0).format(FileFormat.PARQUET).build();
    long targetFileSize = PropertyUtil.propertyAsLong(table.properties(),
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    TaskWriter<Record> writer = spec.isUnpartitioned()
        ? new UnpartitionedWriter<>(spec, FileFormat.PARQUET, appenders, files, table.io(), targetFileSize)
        : new FanoutWriter(spec, schema, appenders, files, table.io(), targetFileSize);
    try {
      for (Row row : rows) {
        writer.write(IcebergUtils.beamRowToIcebergRecord(schema, row));
      }
      return writer.dataFiles();
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  /**
   * One open file per partition. Partition values come from the record seen through {@link
   * InternalRecordWrapper}: a {@code timestamptz} column holds an {@code OffsetDateTime} in a
   * generic record, while the {@code day} transform takes Iceberg's internal micros.
   */
  private static final class FanoutWriter extends PartitionedFanoutWriter<Record> {
    private final PartitionKey key;
    private final InternalRecordWrapper wrapper;

    FanoutWriter(PartitionSpec spec, org.apache.iceberg.Schema schema, GenericAppenderFactory appenders,
        OutputFileFactory files, FileIO io, long targetFileSize) {
      super(spec, FileFormat.PARQUET, appenders, files, io, targetFileSize);
      this.key = new PartitionKey(spec, schema);
      this.wrapper = new InternalRecordWrapper(schema.asStruct());
    }

    @Override
    protected PartitionKey partition(Record record) {
      key.partition(wrapper.wrap(record)); // the writer copies the key when it opens a partition
      return key;
    }
  }

  /** True once every table's current ancestry holds the round's commit; tables are loaded once, refreshed per call. */
  static final class RoundStored implements SerializableFunction<Instant, Boolean> {
    private static final long serialVersionUID = 1L;
    private final IcebergCatalogConfig catalog;
    private final List<String> tableIds;
    private transient @Nullable Map<String, Table> tables;

    RoundStored(IcebergCatalogConfig catalog, List<String> tableIds) {
      this.catalog = catalog;
      this.tableIds = List.copyOf(tableIds);
    }

    @Override
    public Boolean apply(Instant round) {
      if (tables == null) {
        tables = new HashMap<>();
      }
      for (String tableId : tableIds) {
        Table table = tables.get(tableId);
        if (table == null) {
          table = catalog.catalog().loadTable(TableIdentifier.parse(tableId));
          tables.put(tableId, table);
        } else {
          table.refresh();
        }
        if (!hasRound(table, round)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return "RoundStored" + tableIds;
    }
  }
}
