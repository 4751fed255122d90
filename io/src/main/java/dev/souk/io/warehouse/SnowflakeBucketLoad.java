package dev.souk.io.warehouse;

import dev.souk.io.FaultPoints;
import dev.souk.model.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.snowflake.enums.CreateDisposition;
import org.apache.beam.sdk.io.snowflake.enums.WriteDisposition;
import org.apache.beam.sdk.io.snowflake.services.SnowflakeBatchServiceConfig;
import org.apache.beam.sdk.io.snowflake.services.SnowflakeBatchServiceImpl;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Upserts rows into one Snowflake table through a bucket, with Beam's SnowflakeIO: the rows become
 * gzip CSV files under a fresh folder of the staging bucket (SnowflakeIO's file layout and CSV
 * convention: {@link SnowflakeStatements#snowflakeIoLine}), SnowflakeIO's batch service truncates
 * the table's transient stage table and runs its {@code COPY INTO … FROM '<folder>' FILES=(…)
 * STORAGE_INTEGRATION=…}, then one MERGE moves the stage into the target. Outputs the rows
 * merged, once the MERGE committed, so the lake ledger can wait for it.
 *
 * <p>Why not {@code SnowflakeIO.write()} itself: it returns {@code PDone}, so nothing downstream
 * can wait for its COPY, and the warehouse's ledger must move only after every table took the rows
 * (docs/graph.md, "Kill it anywhere"). So this composes SnowflakeIO's pieces the way its write
 * does: {@code FileIO.write()} with {@code TextIO.sink()} and GZIP, then its {@link
 * SnowflakeBatchServiceImpl} for the COPY, on a single key like {@link WriteToWarehouse}.
 *
 * <p>Staged files are left in the bucket (as SnowflakeIO's write leaves them): expire the prefix
 * with a bucket lifecycle rule.
 */
public final class SnowflakeBucketLoad extends PTransform<PCollection<Row>, PCollection<Long>> {
  private final SnowflakeConfig config;
  private final WarehouseTable table;
  private final String folder;
  private final String storageIntegration;
  private final SerializableFunction<Void, DataSource> dataSource;

  private SnowflakeBucketLoad(SnowflakeConfig config, WarehouseTable table, String folder, String storageIntegration,
      SerializableFunction<Void, DataSource> dataSource) {
    this.config = config;
    this.table = table;
    this.folder = folder;
    this.storageIntegration = storageIntegration;
    this.dataSource = dataSource;
  }

  /**
   * Stages under {@code bucket} (a Beam file system path ending with {@code /}, e.g. {@code
   * gs://bucket/souk/}) in a folder of its own per table and pipeline, which Snowflake reads
   * through {@code storageIntegration}.
   */
  public static SnowflakeBucketLoad to(SnowflakeConfig config, WarehouseTable table, String bucket,
      String storageIntegration) {
    if (!bucket.endsWith("/")) {
      throw new IllegalArgumentException("The staging bucket path must end with /, not '" + bucket + "'");
    }
    String folder = bucket + "souk-" + table.name() + "-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    SnowflakeDataSource source = new SnowflakeDataSource(config);
    return new SnowflakeBucketLoad(config, table, folder, SnowflakeStatements.name(storageIntegration),
        ignored -> source);
  }

  /** The same load with its sessions from {@code dataSource} (tests record the statements). */
  SnowflakeBucketLoad withDataSource(SerializableFunction<Void, DataSource> dataSource) {
    return new SnowflakeBucketLoad(config, table, folder, storageIntegration, dataSource);
  }

  /** The folder this load stages its files in. */
  public String folder() {
    return folder;
  }

  @Override
  public PCollection<Long> expand(PCollection<Row> rows) {
    Schema schema = table.schema();
    if (!rows.hasSchema() || !rows.getSchema().equivalent(schema)) {
      throw new IllegalArgumentException("Rows written to warehouse table " + table.name() + " must have its schema");
    }
    PCollection<String> files = rows
        .apply("ToCsvLines", MapElements.into(TypeDescriptors.strings())
            .via((Row row) -> SnowflakeStatements.snowflakeIoLine(schema, row)))
        .apply("StageFiles", FileIO.<String>write()
            .via(TextIO.sink())
            .to(folder)
            .withPrefix(table.name())
            .withSuffix(".csv")
            .withNumShards(1)
            .withCompression(Compression.GZIP))
        .getPerDestinationOutputFilenames()
        .apply("FileNames", Values.create());
    return files
        .apply("SingleLoaderKey", WithKeys.of(0))
        .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()))
        .apply("AllFiles", GroupByKey.create())
        .apply("CopyAndMerge", ParDo.of(new CopyAndMergeFn(config, table, folder, storageIntegration, dataSource)));
  }

  /** SnowflakeIO's COPY of the staged files into the stage table, then the MERGE. */
  static final class CopyAndMergeFn extends DoFn<KV<Integer, Iterable<String>>, Long> {
    private final SnowflakeConfig config;
    private final WarehouseTable table;
    private final String folder;
    private final String storageIntegration;
    private final SerializableFunction<Void, DataSource> dataSource;

    CopyAndMergeFn(SnowflakeConfig config, WarehouseTable table, String folder, String storageIntegration,
        SerializableFunction<Void, DataSource> dataSource) {
      this.config = config;
      this.table = table;
      this.folder = folder;
      this.storageIntegration = storageIntegration;
      this.dataSource = dataSource;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<String>> all, OutputReceiver<Long> merged) throws Exception {
      List<String> files = new ArrayList<>();
      all.getValue().forEach(files::add);
      files.sort(null);
      merged.output(load(files));
      FaultPoints.reach("after-upsert:" + table.name());
    }

    long load(List<String> files) throws Exception {
      String stage = SnowflakeStatements.stageName(table);
      String qualifiedStage = config.database() + "." + config.schema() + "." + stage;
      DataSource source = dataSource.apply(null);
      try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute(SnowflakeStatements.createTable(config.qualified(table.name()), table));
        statement.execute(SnowflakeStatements.createBucketStage(qualifiedStage, table));
      }
      // SnowflakeIO's own COPY: TRUNCATE the stage, then COPY INTO it FROM the folder FILES=(...).
      new SnowflakeBatchServiceImpl().write(new SnowflakeBatchServiceConfig(dataSource, files, null,
          config.database(), config.schema(), stage, null, CreateDisposition.CREATE_NEVER, WriteDisposition.TRUNCATE,
          storageIntegration, folder, "'"));
      try (Connection connection = source.getConnection()) {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
          long rows = statement.executeUpdate(
              SnowflakeStatements.merge(config.qualified(table.name()), table, qualifiedStage));
          connection.commit();
          return rows;
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw new IllegalStateException("MERGE of the staged " + table.name() + " rows into " + config
              + " failed: " + e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "SnowflakeBucketLoad(" + table.name().toUpperCase(Locale.ROOT) + " via " + folder + ")";
  }
}
