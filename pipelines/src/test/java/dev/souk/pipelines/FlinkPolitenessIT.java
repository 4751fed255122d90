package dev.souk.pipelines;

import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** Per-host spacing holds on an embedded Flink cluster with parallelism 2, bound to loopback. */
class FlinkPolitenessIT {
  @Test
  void requestsToOneHostKeepTheDelayAcrossFlinkSubtasks() {
    String confDir = Path.of("..", "runner-configs", "flink-conf").toAbsolutePath().normalize().toString();
    CrossWorkerPoliteness.runAndCheck(PipelineOptionsFactory.fromArgs(
        "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2", "--flinkConfDir=" + confDir).create());
  }
}
