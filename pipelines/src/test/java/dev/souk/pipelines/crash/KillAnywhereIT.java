package dev.souk.pipelines.crash;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kill it anywhere: the main job, a separate JVM, is SIGKILLed at a chosen point of its commits,
 * then run again; what the lake and the warehouse hold afterwards, read by this process (which
 * wrote none of it), must equal what one clean run leaves: same rows, no duplicates, no orphans.
 */
class KillAnywhereIT {
  @TempDir static Path tmp;
  private static LakeSnapshot clean;

  @BeforeAll
  static void cleanRun() throws Exception {
    JobProcess.Ended run = JobProcess.run(tmp.resolve("clean"));
    assertEquals(0, run.exitCode(), () -> JobProcess.tail(run.stderr()));
    clean = LakeSnapshot.read(tmp.resolve("clean"));
    assertThat(clean.tables().get("warehouse.fact_used_phone_listings").size(), greaterThan(100));
    assertThat(clean.tables().get("silver.property_listings").size(), greaterThan(100));
  }

  @ParameterizedTest(name = "killed at {0}")
  @ValueSource(strings = {
      "before-commit", // nothing committed yet
      "after-commit:bronze.raw_listings", // bronze in, nothing downstream
      "after-commit:bronze.crawl_state", // the crawl remembers listings silver lacks
      "after-commit:dead_letter.failures",
      "after-commit:silver.phone_listings", // silver in, the warehouse has nothing
      "after-upsert:fact_used_phone_listings", // the warehouse half loaded
  })
  void aRerunAfterAKillEndsWithTheRowsOfACleanRun(String faultPoint) throws Exception {
    Path out = tmp.resolve(faultPoint.replace(':', '_'));
    JobProcess.killAt(out, faultPoint);
    JobProcess.Ended rerun = JobProcess.run(out);
    assertEquals(0, rerun.exitCode(), () -> JobProcess.tail(rerun.stderr()));
    assertSameRows(LakeSnapshot.read(out), faultPoint);
  }

  @Test
  void killedTwiceInARowStillHeals() throws Exception {
    Path out = tmp.resolve("twice");
    JobProcess.killAt(out, "after-commit:bronze.crawl_state");
    JobProcess.killAt(out, "after-upsert:dim_source");
    JobProcess.Ended rerun = JobProcess.run(out);
    assertEquals(0, rerun.exitCode(), () -> JobProcess.tail(rerun.stderr()));
    assertSameRows(LakeSnapshot.read(out), "two kills");
  }

  @Test
  void aSecondRunRefusesWhileTheFirstHoldsTheLakeAndWritesNothing() throws Exception {
    Path out = tmp.resolve("overlap");
    Process first = JobProcess.startHeldAt(out, "after-commit:bronze.fetched_pages");
    try {
      JobProcess.awaitPoint(first, "after-commit:bronze.fetched_pages");
      LakeSnapshot before = LakeSnapshot.readLake(out);
      JobProcess.Ended second = JobProcess.run(out);
      assertEquals(75, second.exitCode(), () -> JobProcess.tail(second.stderr()));
      assertThat(second.stderr(), containsString("souk: another Souk run ("));
      assertThat(second.stderr(), containsString("is writing to the lake at"));
      assertThat("the refused run committed nothing", LakeSnapshot.readLake(out).snapshotIds(),
          equalTo(before.snapshotIds()));
    } finally {
      JobProcess.kill(first);
    }
    JobProcess.Ended resumed = JobProcess.run(out);
    assertEquals(0, resumed.exitCode(), () -> JobProcess.tail(resumed.stderr()));
    assertSameRows(LakeSnapshot.read(out), "overlap");
  }

  static void assertSameRows(LakeSnapshot expectedRun, LakeSnapshot recovered, String what) {
    assertEquals(expectedRun.tables().keySet(), recovered.tables().keySet(), what + ": tables");
    StringBuilder differences = new StringBuilder();
    for (Map.Entry<String, List<String>> table : expectedRun.tables().entrySet()) {
      List<String> expected = table.getValue();
      List<String> actual = recovered.tables().get(table.getKey());
      if (!expected.equals(actual)) {
        TreeSet<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        TreeSet<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        int duplicates = actual.size() - new TreeSet<>(actual).size();
        differences.append("\n").append(table.getKey()).append(" has ").append(actual.size())
            .append(" rows, a clean run ").append(expected.size()).append("; missing ").append(missing.size())
            .append(", unexpected ").append(extra.size()).append(", duplicates ").append(duplicates)
            .append("\n  missing e.g. ").append(missing.stream().limit(1).collect(Collectors.joining()))
            .append("\n  unexpected e.g. ").append(extra.stream().limit(1).collect(Collectors.joining()));
      }
    }
    if (differences.length() > 0) {
      throw new AssertionError(what + ":" + differences);
    }
  }

  private static void assertSameRows(LakeSnapshot recovered, String what) {
    assertSameRows(clean, recovered, what);
  }
}
