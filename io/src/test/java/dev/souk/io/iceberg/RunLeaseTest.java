package dev.souk.io.iceberg;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease on a real (Hadoop-catalog) lake, on a clock the test moves. */
class RunLeaseTest {
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  private static final String OTHER_HOST = "another-host.example:4242";

  @TempDir Path tmp;
  private IcebergLake lake;

  @BeforeEach
  void lake() {
    lake = IcebergLake.of(LakeConfig.hadoop(tmp.resolve("lake").toString()));
  }

  private static Clock at(Duration after) {
    return Clock.fixed(T0.plus(after), ZoneOffset.UTC);
  }

  @Test
  void aSecondRunIsRefusedWhileTheFirstHoldsTheLease() {
    RunLease first = RunLease.take(lake, TTL, at(Duration.ZERO), OTHER_HOST);
    RunLease.LakeBusyException refused = assertThrows(RunLease.LakeBusyException.class,
        () -> RunLease.take(lake, TTL, at(Duration.ofMinutes(9)), RunLease.thisProcess()));
    assertThat(refused.getMessage(), containsString("another Souk run (" + OTHER_HOST));
    assertThat(refused.getMessage(), containsString("2026-12-01T08:10:00.000Z"));
    assertFalse(first.resumed());
  }

  @Test
  void aFinishedRunLeavesTheLakeFreeForANewRound() {
    RunLease first = RunLease.take(lake, TTL, at(Duration.ZERO), OTHER_HOST);
    first.finish();
    RunLease second = RunLease.take(lake, TTL, at(Duration.ofMinutes(1)), RunLease.thisProcess());
    assertFalse(second.resumed());
    assertEquals(T0.plus(Duration.ofMinutes(1)).toEpochMilli(), second.round().getMillis());
  }

  @Test
  void anExpiredLeaseIsTakenOverAndItsRoundResumed() {
    RunLease killed = RunLease.take(lake, TTL, at(Duration.ZERO), OTHER_HOST);
    RunLease next = RunLease.take(lake, TTL, at(Duration.ofMinutes(11)), RunLease.thisProcess());
    assertTrue(next.resumed());
    assertEquals(killed.round(), next.round());
  }

  @Test
  void renewingKeepsTheLeaseAlive() {
    MovingClock clock = new MovingClock(T0);
    RunLease first = RunLease.take(lake, TTL, clock, OTHER_HOST);
    clock.now = T0.plus(Duration.ofMinutes(8));
    first.renew();
    assertThrows(RunLease.LakeBusyException.class,
        () -> RunLease.take(lake, TTL, at(Duration.ofMinutes(11)), RunLease.thisProcess()),
        "renewed at 8 minutes, the lease lasts until 18");
    RunLease next = RunLease.take(lake, TTL, at(Duration.ofMinutes(19)), RunLease.thisProcess());
    assertTrue(next.resumed());
    assertEquals(first.round(), next.round());
  }

  /** A clock the test sets. */
  private static final class MovingClock extends Clock {
    Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aLeaseOfAProcessOfThisHostThatIsGoneIsTakenOverAtOnce() {
    String host = RunLease.thisProcess().substring(0, RunLease.thisProcess().lastIndexOf(':'));
    RunLease.take(lake, TTL, at(Duration.ZERO), host + ":" + Long.MAX_VALUE);
    RunLease next = RunLease.take(lake, TTL, at(Duration.ofSeconds(1)), RunLease.thisProcess());
    assertTrue(next.resumed());
  }

  @Test
  void ofTwoLaunchersThatReadTheSameLeaseOnlyOneCommits() {
    RunLease.take(lake, TTL, at(Duration.ZERO), OTHER_HOST).finish();
    Table runs = lake.catalogConfig().catalog().loadTable(TableIdentifier.parse(RunLease.TABLE));
    long readByBoth = runs.currentSnapshot().snapshotId();
    RunLease winner = RunLease.take(lake, TTL, at(Duration.ofMinutes(1)), RunLease.thisProcess());
    // The loser read the lease before the winner committed: its commit, based on that read, is refused.
    assertThrows(ValidationException.class,
        () -> winner.commit(runs, readByBoth, "started", "running"));
    assertFalse(winner.resumed());
  }

}
