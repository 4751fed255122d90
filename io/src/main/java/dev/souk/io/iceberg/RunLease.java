package dev.souk.io.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per lake: a lease recorded in the lake's {@code ledger.runs} table, so it holds
 * across machines and catalogs (Hadoop, REST) without a lock server.
 *
 * <p>Taking, renewing and giving back the lease are commits to {@code ledger.runs} (one row per
 * event, the lease itself in the snapshot summary) that validate that no other event was added
 * since the snapshot the lease was read from (Iceberg's optimistic concurrency: an overwrite
 * validated from that snapshot, and the catalog's atomic swap): of two launchers that read the
 * same lease, exactly one commits, and the other refuses to start. A lease expires
 * ({@code ttl}) unless renewed, so a killed run does not block the lake for ever; a lease held by a
 * process of this host that no longer exists is taken over at once.
 *
 * <p>A run that finds the lease of a run that never finished <em>resumes its round</em>: it
 * commits under the same round id, so every table the killed run had already committed is
 * skipped (see {@link IcebergLake#appendPerRound}) and the rest is finished from the committed
 * state of the tables before it.
 */
public final class RunLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);

  /** The lake table of run events. */
  public static final String TABLE = "ledger.runs";
  /** A run renews its lease this often relative to its time to live. */
  private static final int RENEWALS_PER_TTL = 3;

  static final String STATE = "souk.lease.state";
  static final String HOLDER = "souk.lease.holder";
  static final String EXPIRES = "souk.lease.expires";
  static final String ROUND = "souk.lease.round";
  private static final String RUNNING = "running";
  private static final String FINISHED = "finished";

  static final Schema SCHEMA = Schema.builder()
      .addDateTimeField("round")
      .addStringField("event")
      .addStringField("holder")
      .addDateTimeField("at")
      .build();

  /** The lake is held by another run. */
  public static final class LakeBusyException extends RuntimeException {
    LakeBusyException(String message) {
      super(message);
    }
  }

  private final IcebergLake lake;
  private final Duration ttl;
  private final Clock clock;
  private final String holder;
  private final Instant round;
  private final boolean resumed;
  private @Nullable ScheduledExecutorService renewals;

  private RunLease(IcebergLake lake, Duration ttl, Clock clock, String holder, Instant round, boolean resumed) {
    this.lake = lake;
    this.ttl = ttl;
    this.clock = clock;
    this.holder = holder;
    this.round = round;
    this.resumed = resumed;
  }

  /**
   * Takes the lake's lease for a new run, or to resume a run that was cut off, and keeps renewing
   * it from a daemon thread until {@link #finish} or {@link #close}.
   *
   * @throws LakeBusyException if a live run holds it (its holder and expiry in the message)
   */
  public static RunLease acquire(IcebergLake lake, Duration ttl, Clock clock) {
    RunLease lease = take(lake, ttl, clock, thisProcess());
    lease.startRenewing();
    return lease;
  }

  static RunLease take(IcebergLake lake, Duration ttl, Clock clock, String holder) {
    Table table = runsTable(lake);
    Snapshot last = table.currentSnapshot();
    Map<String, String> lease = last == null ? Map.of() : last.summary();
    Instant now = new Instant(clock.millis());
    Instant round = now;
    boolean resumed = false;
    if (RUNNING.equals(lease.get(STATE))) {
      String other = lease.get(HOLDER);
      Instant expires = new Instant(Long.parseLong(lease.get(EXPIRES)));
      if (now.isBefore(expires) && !deadOnThisHost(other)) {
        throw new LakeBusyException("another Souk run (" + other + ", round " + lease.get(ROUND)
            + ") is writing to the lake at " + table.location() + " until " + expires
            + "; wait for it to end, or if it was killed on another machine, run again after " + expires);
      }
      round = new Instant(Long.parseLong(lease.get(ROUND)));
      resumed = true;
    }
    RunLease taken = new RunLease(lake, ttl, clock, holder, round, resumed);
    try {
      taken.commit(table, last == null ? null : last.snapshotId(), resumed ? "resumed" : "started", RUNNING);
    } catch (CommitFailedException | ValidationException lostRace) {
      throw new LakeBusyException("another Souk run took the lake at " + table.location()
          + " at the same moment; run again when it has finished");
    }
    LOG.info("Run lease taken by {} for round {}{}", holder, round, resumed ? " (resuming a run that was cut off)" : "");
    return taken;
  }

  /** The round this run commits under: new, or the round of the run it resumes. */
  public Instant round() {
    return round;
  }

  /** Whether this run resumes one that was cut off before it finished. */
  public boolean resumed() {
    return resumed;
  }

  /** Extends the lease by its time to live from now. */
  public void renew() {
    Table table = ownTable();
    commit(table, table.currentSnapshot().snapshotId(), "renewed", RUNNING);
  }

  /** Records that the run finished and gives the lake back. */
  public void finish() {
    close();
    Table table = ownTable();
    commit(table, table.currentSnapshot().snapshotId(), FINISHED, FINISHED);
  }

  private Table ownTable() {
    Table table = runsTable(lake);
    Snapshot last = table.currentSnapshot();
    String current = last == null ? null : last.summary().get(HOLDER);
    if (!holder.equals(current)) {
      throw new LakeBusyException("the run lease of " + holder + " on " + table.location()
          + " was taken over by " + current + " after it expired");
    }
    return table;
  }

  /** Stops renewing (the lease then expires); does not mark the run finished. */
  @Override
  public void close() {
    if (renewals != null) {
      renewals.shutdownNow();
      renewals = null;
    }
  }

  private void startRenewing() {
    long every = Math.max(1, ttl.toMillis() / RENEWALS_PER_TTL);
    renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "souk-run-lease");
      thread.setDaemon(true);
      return thread;
    });
    renewals.scheduleAtFixedRate(() -> {
      try {
        renew();
      } catch (RuntimeException e) {
        LOG.warn("Could not renew the run lease on {}: {}", TABLE, e.toString());
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Adds the event's row, refused (ValidationException) if any other event was added after
   * snapshot {@code basedOn}, the one the lease was read from (null: the table was empty).
   * Iceberg rebases a plain append on whatever is current; an overwrite validated from a snapshot
   * does not let a concurrent event through.
   */
  synchronized void commit(Table table, @Nullable Long basedOn, String event, String state) {
    Instant now = new Instant(clock.millis());
    Row row = Row.withSchema(SCHEMA).addValues(round.toDateTime(), event, holder, now.toDateTime()).build();
    OverwriteFiles append = table.newOverwrite()
        .conflictDetectionFilter(Expressions.alwaysTrue())
        .validateNoConflictingData();
    if (basedOn != null) {
      append.validateFromSnapshot(basedOn);
    }
    try {
      for (DataFile file : RoundCommits.write(table, List.of(row))) {
        append.addFile(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write to " + TABLE, e);
    }
    append.set(STATE, state)
        .set(HOLDER, holder)
        .set(ROUND, Long.toString(round.getMillis()))
        .set(EXPIRES, Long.toString(now.getMillis() + ttl.toMillis()))
        .commit();
  }

  private static Table runsTable(IcebergLake lake) {
    lake.ensureTable(TABLE, SCHEMA, List.of());
    return lake.catalogConfig().catalog().loadTable(TableIdentifier.parse(TABLE));
  }

  /** {@code host:pid} of this JVM. */
  static String thisProcess() {
    return hostName() + ":" + ProcessHandle.current().pid();
  }

  /** Whether {@code holder} names a process of this host that has ended (a killed run). */
  static boolean deadOnThisHost(@Nullable String holder) {
    if (holder == null || !holder.startsWith(hostName() + ":")) {
      return false;
    }
    try {
      long pid = Long.parseLong(holder.substring(holder.lastIndexOf(':') + 1));
      return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
    }
  }
}
