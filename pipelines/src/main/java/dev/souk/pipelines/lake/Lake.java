package dev.souk.pipelines.lake;

import dev.souk.io.iceberg.IcebergLake;
import dev.souk.io.iceberg.LakeLedger;
import dev.souk.io.iceberg.ReadNewAppends;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The lake as the graph uses it, the same calls in a batch run and in a continuous crawl. The lake
 * is the ledger between stages: every append is one commit per round, marked with the round, made
 * only after the tables it depends on hold that round; a stage that consumes a table reads what
 * was appended to it since the mark its own last commit recorded ({@link #readNew}), so a rerun
 * after a kill at any moment finishes exactly the work that was cut off.
 */
public final class Lake {
  private final IcebergLake iceberg;
  private final Rounds rounds;

  private Lake(IcebergLake iceberg, Rounds rounds) {
    this.iceberg = iceberg;
    this.rounds = rounds;
  }

  public static Lake of(IcebergLake iceberg, Rounds rounds) {
    return new Lake(iceberg, rounds);
  }

  public IcebergLake iceberg() {
    return iceberg;
  }

  public Rounds rounds() {
    return rounds;
  }

  /** Appends {@code records} (a type with a Beam schema), one commit per round; outputs each round once committed. */
  public <T> PCollection<Instant> append(String name, PCollection<T> records, LakeTable table) {
    return append(name, records, table, List.of(), null);
  }

  /**
   * Appends {@code records} one commit per round, each made only once the round is in every table
   * of {@code after} (their commit outputs), with the round's {@code marks} (what the rows were
   * read from, see {@link #readNew}) in the same commit. Outputs each round once committed; a
   * round the table already holds (a resumed run) is skipped.
   */
  public <T> PCollection<Instant> append(String name, PCollection<T> records, LakeTable table,
      List<PCollection<Instant>> after, @Nullable PCollection<KV<String, String>> marks) {
    return records.apply(name + "ToRows", Convert.toRows())
        .apply(name + "Append", iceberg.appendPerRound(table.id(), rounds.ticks(), after, marks));
  }

  /**
   * For each round in {@code committed} (the source's commit outputs): the rows appended to {@code
   * source} since the snapshot {@code consumer} last recorded, under {@link ReadNewAppends#ROWS},
   * and the mark the consumer's commit must carry, under {@link ReadNewAppends#MARKS}.
   */
  public PCollectionTuple readNew(String name, LakeTable source, LakeLedger consumer, PCollection<Instant> committed) {
    return committed.apply(name, iceberg.readNewAppends(source.id(), source.schema(), consumer));
  }

  /** How far {@code consumer}'s commits have read other lake tables. */
  public LakeLedger consumedBy(LakeTable consumer) {
    return iceberg.consumedMarkOf(consumer.id());
  }

  /**
   * The {@code columns} of the rows stored in {@code table}: read once when the run starts, or at
   * the start of every round (in the round's window), so a round sees what the rounds before it
   * committed.
   */
  public PCollection<Row> readStored(Pipeline pipeline, String name, LakeTable table, Schema columns) {
    return rounds.continuous()
        ? rounds.ticks().apply(name, iceberg.readOnEach(table.id(), columns))
        : pipeline.apply(name, iceberg.read(table.id(), columns));
  }

  /** The tables later rounds read back: a round waits until they hold the round before it. */
  public static List<LakeTable> tablesReadByRounds(List<LakeTable> silverTables) {
    return Stream.concat(Stream.of(LakeTables.CRAWL_STATE), silverTables.stream()).toList();
  }
}
