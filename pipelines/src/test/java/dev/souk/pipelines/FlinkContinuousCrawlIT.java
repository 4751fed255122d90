package dev.souk.pipelines;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The continuous crawl as a streaming job on an embedded Flink cluster (parallelism 2, bound to
 * loopback): rounds close and commit while the job runs, so round two knows round one's listings.
 */
class FlinkContinuousCrawlIT {
  @TempDir Path tmp;

  @Test
  void twoRoundsOnFlinkFetchEachListingOnce() {
    String confDir = Path.of("..", "runner-configs", "flink-conf").toAbsolutePath().normalize().toString();
    ContinuousCrawlTest.runTwoRoundsAndCheck(tmp, "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2",
        "--flinkConfDir=" + confDir, "--fasterCopy=true");
  }
}
