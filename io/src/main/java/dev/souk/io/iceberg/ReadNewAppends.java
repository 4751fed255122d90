package dev.souk.io.iceberg;

import java.io.IOException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.iceberg.IcebergCatalogConfig;
import org.apache.beam.sdk.io.iceberg.IcebergUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Scan;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * For each trigger (a round tick, after the source's commit of that round): the rows appended to
 * a source table since the snapshot a {@link LakeLedger} says was consumed, up to the source's
 * current snapshot, and the mark to record with the consumer's commit ({@link #MARKS}: {@code
 * souk.consumed.<source>} → that snapshot id). Output in the trigger's window.
 */
public final class ReadNewAppends extends PTransform<PCollection<Instant>, PCollectionTuple> {
  public static final TupleTag<Row> ROWS = new TupleTag<>() {};
  public static final TupleTag<KV<String, String>> MARKS = new TupleTag<>() {};

  private final IcebergCatalogConfig catalog;
  private final String sourceTableId;
  private final Schema schema;
  private final LakeLedger ledger;

  ReadNewAppends(IcebergCatalogConfig catalog, String sourceTableId, Schema schema, LakeLedger ledger) {
    super("ReadNewAppendsOf " + sourceTableId);
    this.catalog = catalog;
    this.sourceTableId = sourceTableId;
    this.schema = schema;
    this.ledger = ledger;
  }

  /** The summary property that records how far a consumer has read {@code sourceTableId}. */
  public static String markProperty(String sourceTableId) {
    return "souk.consumed." + sourceTableId;
  }

  @Override
  public PCollectionTuple expand(PCollection<Instant> triggers) {
    // Planning is one small step per trigger; reading is spread over the workers, one data file an
    // element, so what follows the read (parsing, normalising) runs in parallel too. Reading in the
    // planning step itself would put a whole round's rows, and every step fused after it, on one
    // thread.
    PCollectionTuple planned = triggers.apply("PlanNewFiles",
        ParDo.of(new PlanFn(catalog, sourceTableId, ledger)).withOutputTags(FILES, TupleTagList.of(MARKS)));
    planned.get(MARKS).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    PCollection<Row> rows = planned.get(FILES).setCoder(StringUtf8Coder.of())
        .apply("SpreadFiles", Reshuffle.viaRandomKey())
        .apply("ReadFiles", ParDo.of(new ReadFileFn(catalog, sourceTableId, schema)))
        .setCoder(RowCoder.of(schema));
    return PCollectionTuple.of(ROWS, rows).and(MARKS, planned.get(MARKS));
  }

  private static final TupleTag<String> FILES = new TupleTag<>() {};

  /**
   * Per trigger: the mark (the source's current snapshot) and the data files appended since the
   * consumer's mark. The lake's tables are append-only, so a data file is all a reader needs.
   */
  private static final class PlanFn extends DoFn<Instant, String> {
    private final IcebergCatalogConfig catalog;
    private final String sourceTableId;
    private final LakeLedger ledger;

    PlanFn(IcebergCatalogConfig catalog, String sourceTableId, LakeLedger ledger) {
      this.catalog = catalog;
      this.sourceTableId = sourceTableId;
      this.ledger = ledger;
    }

    @ProcessElement
    public void process(MultiOutputReceiver out) throws IOException {
      Table source = catalog.catalog().loadTable(TableIdentifier.parse(sourceTableId));
      Snapshot current = source.currentSnapshot();
      if (current == null) {
        return;
      }
      @Nullable Long consumed = ledger.consumedUpTo(sourceTableId, source);
      out.get(MARKS).output(KV.of(markProperty(sourceTableId), Long.toString(current.snapshotId())));
      if (consumed != null && consumed == current.snapshotId()) {
        return;
      }
      Scan<?, FileScanTask, ?> scan = consumed == null
          ? source.newScan().useSnapshot(current.snapshotId())
          : source.newIncrementalAppendScan().fromSnapshotExclusive(consumed).toSnapshot(current.snapshotId());
      try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
        for (FileScanTask task : tasks) {
          if (!task.deletes().isEmpty()) {
            throw new IllegalStateException("Iceberg table " + sourceTableId + " has delete files ("
                + task.file().path() + "): Souk's lake tables are append-only and it reads them as such");
          }
          if (task.file().format() != FileFormat.PARQUET) {
            throw new IllegalStateException("Iceberg table " + sourceTableId + " has a " + task.file().format()
                + " data file (" + task.file().path() + "): Souk reads Parquet data files only");
          }
          out.get(FILES).output(task.file().path().toString());
        }
      }
    }
  }

  /** Reads the {@code schema} columns of one Parquet data file of the source table. */
  private static final class ReadFileFn extends DoFn<String, Row> {
    private final IcebergCatalogConfig catalog;
    private final String sourceTableId;
    private final Schema schema;
    private transient @Nullable Table table;

    ReadFileFn(IcebergCatalogConfig catalog, String sourceTableId, Schema schema) {
      this.catalog = catalog;
      this.sourceTableId = sourceTableId;
      this.schema = schema;
    }

    @ProcessElement
    public void process(@Element String path, OutputReceiver<Row> out) throws IOException {
      if (table == null) {
        table = catalog.catalog().loadTable(TableIdentifier.parse(sourceTableId));
      } else {
        table.refresh(); // a later round may have evolved the schema
      }
      org.apache.iceberg.Schema projected = table.schema().select(schema.getFieldNames());
      try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(path))
          .project(projected)
          .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(projected, fileSchema))
          .build()) {
        for (Record record : records) {
          out.output(IcebergUtils.icebergRecordToBeamRow(schema, record));
        }
      }
    }
  }
}
