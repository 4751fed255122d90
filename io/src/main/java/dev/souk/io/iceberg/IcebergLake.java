package dev.souk.io.iceberg;

import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.KvCoder;
import java.io.IOException;
import java.io.Serializable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.iceberg.IcebergCatalogConfig;
import org.apache.beam.sdk.io.iceberg.IcebergIO;
import org.apache.beam.sdk.io.iceberg.IcebergUtils;
import org.apache.beam.sdk.io.iceberg.IcebergWriteResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.CloseableIterable;
import org.joda.time.Instant;

/**
 * The Iceberg lake: table creation, Beam transforms that append to and read from a table, and
 * small helpers for tests and the run summary. Table ids are {@code namespace.table}.
 *
 * <p>Two ways to append: {@link #append} (IcebergIO; a streaming input commits every {@link
 * #commitInterval}, whatever rounds its rows came from) and {@link #appendPerRound} (one commit
 * per crawl round, marked so that {@link #roundStored} can tell when a round is in: the one a
 * continuous crawl's next round can wait on).
 *
 * <p>Tables are created here rather than by IcebergIO's write, because IcebergIO 2.67 would create
 * them unpartitioned and with DECIMAL columns as strings (see {@link LakeSchemas}).
 */
public final class IcebergLake implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LakeConfig config;
  // Serializable itself; it builds its catalog lazily and caches it in a transient field.
  private final IcebergCatalogConfig catalogConfig;
  private final org.joda.time.Duration commitInterval;

  private IcebergLake(LakeConfig config, org.joda.time.Duration commitInterval) {
    this.config = config;
    this.commitInterval = commitInterval;
    this.catalogConfig =
        IcebergCatalogConfig.builder()
            .setCatalogName(config.catalogName())
            .setCatalogProperties(config.catalogProperties())
            .build();
  }

  /** How often a streaming append commits by default: each commit is a snapshot, so not too often. */
  public static final org.joda.time.Duration DEFAULT_COMMIT_INTERVAL = org.joda.time.Duration.standardMinutes(1);

  public static IcebergLake of(LakeConfig config) {
    return new IcebergLake(config, DEFAULT_COMMIT_INTERVAL);
  }

  /**
   * The same lake, with streaming appends committed every {@code interval} (a continuous crawl).
   * Batch appends commit once, at the end of their input, whatever the interval; {@link
   * #appendPerRound} commits once per round, whatever the interval.
   */
  public IcebergLake withCommitInterval(org.joda.time.Duration interval) {
    if (interval == null || interval.getMillis() < 1000) {
      throw new IllegalArgumentException("a lake commit interval must be at least 1 s, was " + interval);
    }
    return new IcebergLake(config, interval);
  }

  public org.joda.time.Duration commitInterval() {
    return commitInterval;
  }

  public LakeConfig config() {
    return config;
  }

  /** The catalog description {@link IcebergIO} takes. */
  public IcebergCatalogConfig catalogConfig() {
    return catalogConfig;
  }

  /**
   * Creates the namespace and a format-version 2 table for rows of {@code schema} unless the table
   * exists, partitioned by {@code day(column)} for each of {@code partitionDays} (timestamp
   * columns). Safe to call on every run and from concurrent launchers.
   *
   * @throws IllegalStateException if the table exists with columns that do not match {@code schema}
   */
  public void ensureTable(String tableId, Schema schema, List<String> partitionDays) {
    TableIdentifier id = TableIdentifier.parse(tableId);
    Catalog catalog = catalogConfig.catalog();
    if (catalog instanceof SupportsNamespaces namespaces
        && !id.namespace().isEmpty()
        && !namespaces.namespaceExists(id.namespace())) {
      try {
        namespaces.createNamespace(id.namespace());
      } catch (AlreadyExistsException createdMeanwhile) {
        // Another launcher created it between the check and the call: that is the goal.
      }
    }
    if (!catalog.tableExists(id)) {
      org.apache.iceberg.Schema icebergSchema = LakeSchemas.toIcebergSchema(schema);
      PartitionSpec.Builder spec = PartitionSpec.builderFor(icebergSchema);
      partitionDays.forEach(spec::day);
      try {
        catalog.createTable(
            id, icebergSchema, spec.build(), Map.of(TableProperties.FORMAT_VERSION, "2"));
        return;
      } catch (AlreadyExistsException createdMeanwhile) {
        // Fall through and check the other launcher's table like any existing one.
      }
    }
    Table table = catalog.loadTable(id);
    Schema existing = IcebergUtils.icebergSchemaToBeamSchema(table.schema());
    if (!existing.equivalent(schema) && addsOnlyNullableColumns(existing, schema)) {
      addColumns(table, schema, existing);
      existing = IcebergUtils.icebergSchemaToBeamSchema(catalog.loadTable(id).schema());
    }
    if (!existing.equivalent(schema)) {
      Set<String> missing = new TreeSet<>(schema.getFieldNames());
      missing.removeAll(existing.getFieldNames());
      Set<String> extra = new TreeSet<>(existing.getFieldNames());
      extra.removeAll(schema.getFieldNames());
      throw new IllegalStateException(
          "Iceberg table " + tableId + " was written with other columns (it lacks " + missing
              + ", has besides " + extra + ", or a column's type differs), probably by another version"
              + " of Souk; evolve or drop the table, or use a new --outputDir. Its columns: " + existing
              + "; the rows to write: " + schema);
    }
  }

  /** Table property naming the snapshot a column was added after: older rows have no value in it. */
  public static final String ADDED_COLUMN_PROPERTY_PREFIX = "souk.column-added-after.";

  /**
   * Whether {@code column} of the table was added by a newer Souk to a table that already held
   * rows, which then have no value in it ({@link #ensureTable} evolves such tables).
   */
  public boolean hasRowsWithout(String tableId, String column) {
    TableIdentifier id = TableIdentifier.parse(tableId);
    Catalog catalog = catalogConfig.catalog();
    if (!catalog.tableExists(id)) {
      return false;
    }
    String after = catalog.loadTable(id).properties().get(ADDED_COLUMN_PROPERTY_PREFIX + column);
    return after != null && !after.equals(NO_SNAPSHOT);
  }

  private static final String NO_SNAPSHOT = "none";

  /** {@code wanted} is {@code existing} plus nullable columns; every common column is the same. */
  private static boolean addsOnlyNullableColumns(Schema existing, Schema wanted) {
    Schema.Builder common = Schema.builder();
    for (Schema.Field field : wanted.getFields()) {
      if (existing.hasField(field.getName())) {
        common.addField(field);
      } else if (!field.getType().getNullable()) {
        return false;
      }
    }
    return existing.equivalent(common.build());
  }

  /**
   * Adds the columns of {@code wanted} that {@code existing} lacks, as optional columns (a newer
   * Souk's table on an older lake); records after which snapshot each was added, so readers know
   * whether older rows lack it. Concurrent launchers: a failed commit is retried by Iceberg, and
   * a column another launcher added meanwhile is left as it is.
   */
  private static void addColumns(Table table, Schema wanted, Schema existing) {
    org.apache.iceberg.Schema wantedIceberg = LakeSchemas.toIcebergSchema(wanted);
    Snapshot current = table.currentSnapshot();
    String after = current == null ? NO_SNAPSHOT : Long.toString(current.snapshotId());
    Transaction transaction = table.newTransaction();
    UpdateSchema update = transaction.updateSchema();
    List<String> added = new ArrayList<>();
    for (Schema.Field field : wanted.getFields()) {
      if (!existing.hasField(field.getName())) {
        update.addColumn(field.getName(), wantedIceberg.findField(field.getName()).type());
        added.add(field.getName());
      }
    }
    update.commit();
    UpdateProperties properties = transaction.updateProperties();
    added.forEach(column -> properties.set(ADDED_COLUMN_PROPERTY_PREFIX + column, after));
    properties.commit();
    try {
      transaction.commitTransaction();
    } catch (CommitFailedException | IllegalArgumentException addedMeanwhile) {
      // Another launcher evolved the table first; the check that follows reads its result.
    }
  }

  /**
   * Appends rows to an existing table (see {@link #ensureTable}) in one commit per bundle of files.
   * DECIMAL values are brought to scale 2 first; one with more decimals fails the write. An
   * unbounded input (a continuous crawl) is committed every {@link #commitInterval}.
   */
  public PTransform<PCollection<Row>, IcebergWriteResult> append(String tableId) {
    TableIdentifier id = TableIdentifier.parse(tableId);
    IcebergCatalogConfig catalog = catalogConfig;
    org.joda.time.Duration interval = commitInterval;
    return new PTransform<>("AppendTo " + tableId) {
      @Override
      public IcebergWriteResult expand(PCollection<Row> rows) {
        Schema schema = rows.getSchema();
        return rows.apply(
                "FitDecimals",
                MapElements.into(TypeDescriptors.rows()).via(LakeSchemas::toLakeRow))
            .setRowSchema(schema)
            .apply("CoalesceForFiles", new CoalesceRows(schema))
            .apply("WriteIceberg", rows.isBounded() == PCollection.IsBounded.BOUNDED
                ? IcebergIO.writeRows(catalog).to(id)
                : IcebergIO.writeRows(catalog).to(id).withTriggeringFrequency(interval));
      }
    };
  }

  /** Snapshot summary property of an {@link #appendPerRound} commit: the round's tick, in epoch millis. */
  public static final String ROUND_PROPERTY = "souk.round";

  /**
   * Appends a continuous crawl's rows round by round: one Iceberg commit per tick of {@code
   * ticks}, holding the rows of the tick's window, its snapshot summary marked {@link
   * #ROUND_PROPERTY}{@code =<tick epoch millis>}. The rows must be in the windows of {@code ticks}
   * (anything computed from the ticks is). A round with no rows still commits (an append of no
   * files), so {@link #roundStored} can tell "stored, empty" from "not stored yet". A round the
   * table already has (retried bundle, job restored from a checkpoint) is not appended again.
   *
   * <p>Output: each tick once its round is committed, in the tick's window. DECIMAL values are
   * brought to scale 2 first, as in {@link #append}. One worker writes and commits a round, so
   * this is for tables whose rows per round fit one worker (crawl state, new silver versions);
   * files honour the table's partition spec (one file per day partition, rolling at the table's
   * target file size).
   */
  public PTransform<PCollection<Row>, PCollection<Instant>> appendPerRound(String tableId, PCollection<Instant> ticks) {
    return appendPerRound(tableId, ticks, List.of(), null);
  }

  /**
   * As {@link #appendPerRound(String, PCollection)}, and a round commits only once it has come out
   * of every commit in {@code after} (the tables that must hold a round first: the order a run
   * killed at any moment relies on), with {@code properties} (per round, e.g. the {@link
   * ReadNewAppends#MARKS} of what the rows were made from) in the snapshot summary.
   */
  public PTransform<PCollection<Row>, PCollection<Instant>> appendPerRound(String tableId, PCollection<Instant> ticks,
      List<PCollection<Instant>> after, @Nullable PCollection<KV<String, String>> properties) {
    TableIdentifier.parse(tableId); // fail at construction on a malformed id
    return new RoundCommits.Append(catalogConfig, tableId, ticks, after, properties);
  }

  /**
   * For each tick: the rows appended to {@code sourceTableId} since the snapshot {@code ledger}
   * says was consumed, and the mark a consumer commits with them (see {@link ReadNewAppends}).
   */
  public ReadNewAppends readNewAppends(String sourceTableId, Schema schema, LakeLedger ledger) {
    TableIdentifier.parse(sourceTableId);
    return new ReadNewAppends(catalogConfig, sourceTableId, schema, ledger);
  }

  /** The marks {@code consumerTableId}'s commits carry: how far it has consumed each source table. */
  public LakeLedger consumedMarkOf(String consumerTableId) {
    IcebergCatalogConfig catalog = catalogConfig;
    TableIdentifier.parse(consumerTableId);
    return sourceTableId -> {
      String property = ReadNewAppends.markProperty(sourceTableId);
      Table table = catalog.catalog().loadTable(TableIdentifier.parse(consumerTableId));
      for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
        String value = snapshot.summary().get(property);
        if (value != null) {
          return Long.parseLong(value);
        }
      }
      return null;
    };
  }

  /**
   * Whether every table of {@code tableIds} holds the {@link #appendPerRound} commit of a round
   * (the ancestry of its current snapshot, refreshed on each call), e.g. as the gate of {@code
   * CrawlTicks.afterEachRoundStored}. A missing table fails the call.
   */
  public SerializableFunction<Instant, Boolean> roundStored(List<String> tableIds) {
    if (tableIds == null || tableIds.isEmpty()) {
      throw new IllegalArgumentException("roundStored needs at least one table id");
    }
    tableIds.forEach(TableIdentifier::parse);
    return new RoundCommits.RoundStored(catalogConfig, tableIds);
  }

  /** The rounds {@link #appendPerRound} committed to a table, newest first: for tests and the run summary. */
  public List<Instant> storedRounds(String tableId) {
    return RoundCommits.rounds(load(tableId));
  }

  /**
   * Reads the {@code schema} columns (the table's, or a subset: only those are read from the data
   * files) of every row of a table, in parallel. Whether the table exists is decided when the
   * pipeline is built: a missing table (nothing written yet) reads as an empty collection of {@code
   * schema}.
   */
  public PTransform<PBegin, PCollection<Row>> read(String tableId, Schema schema) {
    TableIdentifier id = TableIdentifier.parse(tableId);
    IcebergCatalogConfig catalog = catalogConfig;
    return new PTransform<>("ReadFrom " + tableId) {
      @Override
      public PCollection<Row> expand(PBegin begin) {
        if (!catalog.catalog().tableExists(id)) {
          return begin.apply("NoTableYet", Create.empty(RowCoder.of(schema)));
        }
        PCollection<Row> rows = begin.apply("ReadIceberg",
            IcebergIO.readRows(catalog).from(id).keeping(schema.getFieldNames()));
        // In the caller's column order (the read gives the table's), so a projection's rows
        // have exactly the schema asked for.
        return rows.apply("AsRequested", MapElements.into(TypeDescriptors.rows())
                .via((Row r) -> {
                  Row.Builder row = Row.withSchema(schema);
                  for (String name : schema.getFieldNames()) {
                    row.addValue(r.getValue(name));
                  }
                  return row.build();
                }))
            .setRowSchema(schema);
      }
    };
  }

  /**
   * Reads the table anew for every input element (e.g. every tick of a continuous crawl): the
   * columns of {@code schema} (a subset of the table's) of every row of the current snapshot,
   * output in the element's window. A missing table reads as no rows. One worker reads the whole
   * table per element, so this is for small tables or few columns.
   */
  public <T> PTransform<PCollection<T>, PCollection<Row>> readOnEach(String tableId, Schema schema) {
    IcebergCatalogConfig catalog = catalogConfig;
    return new PTransform<>("ReadEachTimeFrom " + tableId) {
      @Override
      public PCollection<Row> expand(PCollection<T> triggers) {
        return triggers.apply("ScanCurrentSnapshot", ParDo.of(new ScanTableFn<T>(catalog, tableId, schema)))
            .setRowSchema(schema);
      }
    };
  }

  /** Outputs the {@code schema} columns of every row of the table's current snapshot, per input element. */
  private static final class ScanTableFn<T> extends DoFn<T, Row> {
    private final IcebergCatalogConfig catalog;
    private final String tableId;
    private final Schema schema;

    ScanTableFn(IcebergCatalogConfig catalog, String tableId, Schema schema) {
      this.catalog = catalog;
      this.tableId = tableId;
      this.schema = schema;
    }

    @ProcessElement
    public void process(OutputReceiver<Row> out) throws IOException {
      Catalog c = catalog.catalog();
      TableIdentifier id = TableIdentifier.parse(tableId);
      if (!c.tableExists(id)) {
        return;
      }
      try (CloseableIterable<Record> records =
          IcebergGenerics.read(c.loadTable(id)).select(schema.getFieldNames()).build()) {
        for (Record record : records) {
          out.output(IcebergUtils.icebergRecordToBeamRow(schema, record)); 
        }
      }
    }
  }

  public boolean tableExists(String tableId) {
    return catalogConfig.catalog().tableExists(TableIdentifier.parse(tableId));
  }

  /**
   * Number of rows, from the data files' metadata when no delete files apply (the lake only
   * appends), else by reading the rows.
   */
  public long count(String tableId) {
    Table table = load(tableId);
    long rows = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          return scan(table).size();
        }
        rows += task.file().recordCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not plan a scan of Iceberg table " + tableId, e);
    }
    return rows;
  }

  /** Every row of the table as Iceberg generic records, in memory: for tests and small tables. */
  public List<Record> scan(String tableId) {
    return scan(load(tableId));
  }

  /** The table's root folder or URI, e.g. to point another engine at it. */
  public String location(String tableId) {
    return load(tableId).location();
  }

  private Table load(String tableId) {
    return catalogConfig.catalog().loadTable(TableIdentifier.parse(tableId));
  }

  private static List<Record> scan(Table table) {
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      rows.forEach(records::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read Iceberg table " + table.name(), e);
    }
    return records;
  }

  /**
   * IcebergIO writes one data file per bundle, and runners such as the DirectRunner make bundles
   * of a handful of elements: without this, a crawl of a few hundred pages leaves a few hundred
   * tiny Parquet files per table (slow to write, slow to read). Grouping rows on a few shard keys
   * makes each shard one bundle, hence one file (the writer still rolls over at its target file
   * size). A plain GroupByKey, not GroupIntoBatches: the DirectRunner copies a key's whole state
   * bag on every bundle, which is quadratic with 40 KB page bodies.
   */
  private static final class CoalesceRows extends PTransform<PCollection<Row>, PCollection<Row>> {
    static final int SHARDS = 4;
    private final Schema schema;

    CoalesceRows(Schema schema) {
      this.schema = schema;
    }

    @Override
    public PCollection<Row> expand(PCollection<Row> rows) {
      return rows
          .apply("Shard", WithKeys.of((Row r) -> Math.floorMod(r.hashCode(), SHARDS))
              .withKeyType(TypeDescriptors.integers()))
          .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(schema)))
          .apply("GroupShards", GroupByKey.create())
          .apply("Unbatch", ParDo.of(new DoFn<KV<Integer, Iterable<Row>>, Row>() {
            @ProcessElement
            public void process(@Element KV<Integer, Iterable<Row>> batch, OutputReceiver<Row> out) {
              batch.getValue().forEach(out::output);
            }
          }))
          .setRowSchema(schema);
    }
  }
}
