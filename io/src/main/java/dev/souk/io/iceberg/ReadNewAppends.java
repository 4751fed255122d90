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
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
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
    PCollectionTuple out = triggers.apply("ScanNewAppends",
        ParDo.of(new ScanFn(catalog, sourceTableId, schema, ledger)).withOutputTags(ROWS, TupleTagList.of(MARKS)));
    out.get(ROWS).setCoder(RowCoder.of(schema));
    out.get(MARKS).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    return out;
  }

  private static final class ScanFn extends DoFn<Instant, Row> {
    private final IcebergCatalogConfig catalog;
    private final String sourceTableId;
    private final Schema schema;
    private final LakeLedger ledger;

    ScanFn(IcebergCatalogConfig catalog, String sourceTableId, Schema schema, LakeLedger ledger) {
      this.catalog = catalog;
      this.sourceTableId = sourceTableId;
      this.schema = schema;
      this.ledger = ledger;
    }

    @ProcessElement
    public void process(MultiOutputReceiver out) throws IOException {
      Table source = catalog.catalog().loadTable(TableIdentifier.parse(sourceTableId));
      Snapshot current = source.currentSnapshot();
      if (current == null) {
        return;
      }
      @Nullable Long consumed = ledger.consumedUpTo(sourceTableId);
      out.get(MARKS).output(KV.of(markProperty(sourceTableId), Long.toString(current.snapshotId())));
      if (consumed != null && consumed == current.snapshotId()) {
        return;
      }
      IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(source).select(schema.getFieldNames());
      scan = consumed == null ? scan.useSnapshot(current.snapshotId()) : scan.appendsBetween(consumed, current.snapshotId());
      try (CloseableIterable<Record> records = scan.build()) {
        for (Record record : records) {
          out.get(ROWS).output(IcebergUtils.icebergRecordToBeamRow(schema, record));
        }
      }
    }
  }
}
