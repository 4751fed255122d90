package dev.souk.pipelines.lake;

import dev.souk.io.iceberg.IcebergLake;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The lake as the graph uses it, the same calls in a batch run and in a continuous crawl: appends
 * land once per run, or in the round they belong to; reads of stored rows happen once, or at the
 * start of every round.
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

  /**
   * Appends {@code records} (a type with a Beam schema) to {@code table}. In a continuous crawl the
   * rows commit every commit interval, whatever round they belong to: for tables no round reads.
   */
  public <T> void append(String name, PCollection<T> records, LakeTable table) {
    records.apply(name + "ToRows", Convert.toRows()).apply(name + "Append", iceberg.append(table.id()));
  }

  /**
   * Appends {@code records} so that a round's rows commit together, tagged with the round: the
   * tables a later round reads back ({@link #tablesReadByRounds}). A batch run appends once.
   */
  public <T> void appendRound(String name, PCollection<T> records, LakeTable table) {
    PCollection<Row> rows = records.apply(name + "ToRows", Convert.toRows());
    if (rounds.continuous()) {
      rows.apply(name + "AppendRound", iceberg.appendPerRound(table.id(), rounds.ticks()));
    } else {
      rows.apply(name + "Append", iceberg.append(table.id()));
    }
  }

  /**
   * The {@code columns} of the rows stored in {@code table}: read once when the run starts, or at
   * the start of every round (in the round's window), so a round sees what the rounds before it
   * committed.
   */
  public PCollection<Row> readStored(Pipeline pipeline, String name, LakeTable table, Schema columns) {
    return rounds.continuous()
        ? rounds.ticks().apply(name, iceberg.readOnEach(table.id(), columns))
        : pipeline.apply(name, iceberg.read(table.id(), table.schema()));
  }

  /** The tables {@link #appendRound} writes and later rounds read: a round waits until they hold the round before it. */
  public static List<LakeTable> tablesReadByRounds(List<LakeTable> silverTables) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(LakeTables.CRAWL_STATE), silverTables.stream())
        .toList();
  }
}
