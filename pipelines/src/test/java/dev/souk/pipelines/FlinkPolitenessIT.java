package dev.souk.pipelines;

import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * Per-host spacing of detail and list pages holds on an embedded Flink cluster with parallelism 2,
 * bound to loopback.
 */
class FlinkPolitenessIT {
  @Test
  void requestsToOneHostKeepTheDelayAcrossFlinkSubtasks() {
    CrossWorkerPoliteness.runAndCheck(flink());
  }

  @Test
  void listPageWalksOfOneHostKeepTheDelayAcrossFlinkSubtasks() throws Exception {
    CrossWorkerPoliteness.walkAndCheck(flink());
  }

  private static PipelineOptions flink() {
    String confDir = Path.of("..", "runner-configs", "flink-conf").toAbsolutePath().normalize().toString();
    return PipelineOptionsFactory.fromArgs(
        "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2", "--flinkConfDir=" + confDir).create();
  }
}
