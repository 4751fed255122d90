package dev.souk.pipelines;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** Per-host spacing of detail and list pages holds on the SparkRunner with two local executor threads. */
class SparkPolitenessIT {
  @Test
  void requestsToOneHostKeepTheDelayAcrossSparkTasks() {
    LocalRunnerDefaults.apply();
    CrossWorkerPoliteness.runAndCheck(PipelineOptionsFactory.fromArgs(
        "--runner=SparkRunner", "--sparkMaster=local[2]").create());
  }

  @Test
  void listPageWalksOfOneHostKeepTheDelayAcrossSparkTasks() throws Exception {
    LocalRunnerDefaults.apply();
    CrossWorkerPoliteness.walkAndCheck(PipelineOptionsFactory.fromArgs(
        "--runner=SparkRunner", "--sparkMaster=local[2]").create());
  }
}
