package dev.souk.io.iceberg;

import java.io.Serializable;
import org.apache.iceberg.Table;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a stage records how far it has consumed a lake table: the snapshot id of the last source
 * snapshot whose appends it took in. Recorded in the same commit (or transaction) as the stage's
 * own output, so a stage killed before its commit takes the same work again on the next run, and
 * one killed after it does not. The lake keeps the mark in the consuming table's snapshot summary
 * ({@link IcebergLake#consumedMarkOf}); a warehouse keeps it in a table of its own.
 */
public interface LakeLedger extends Serializable {
  /** The snapshot of {@code sourceTableId} consumed so far; null when nothing has been. */
  @Nullable Long consumedUpTo(String sourceTableId);

  /**
   * As {@link #consumedUpTo(String)}, given the source table as loaded: a ledger outside the lake
   * (a warehouse's) knows a table by its UUID, since two lakes may each have one of that name.
   */
  default @Nullable Long consumedUpTo(String sourceTableId, Table source) {
    return consumedUpTo(sourceTableId);
  }
}
