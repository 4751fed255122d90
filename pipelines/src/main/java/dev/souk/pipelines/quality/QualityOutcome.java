package dev.souk.pipelines.quality;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;

/** A run's checks and what they come to under the run's mode: for the summary, the report and the exit status. */
public record QualityOutcome(GateMode mode, String runId, String thresholdsSource, List<QualityCheck> checks) {
  public QualityOutcome {
    checks = List.copyOf(checks);
  }

  /** The worst status of any check; OK without checks. */
  public GateStatus status() {
    return checks.stream().map(QualityCheck::status).reduce(GateStatus.OK, GateStatus::worst);
  }

  public long count(GateStatus status) {
    return checks.stream().filter(c -> c.status() == status).count();
  }

  /** Whether the job must exit with {@link QualityGates#EXIT_STATUS}. */
  public boolean failsTheJob() {
    return mode == GateMode.FAIL && status() == GateStatus.FAIL;
  }

  /** The one line a failed job ends with: the first failed check, and where the rest are. */
  public String failureLine() {
    String first = checks.stream().filter(c -> c.status() == GateStatus.FAIL).map(QualityCheck::message)
        .findFirst().orElse("no check failed");
    long failed = count(GateStatus.FAIL);
    return "quality gate failed: " + first + (failed > 1 ? " (and " + (failed - 1) + " more)" : "")
        + "; the run's data is written, the checks are in run-report.json and souk_quality_checks";
  }

  public void print(PrintStream out) {
    out.println();
    if (mode == GateMode.OFF) {
      out.println("Quality gates: off (--qualityGates=off)");
      return;
    }
    out.printf("Quality gates (--qualityGates=%s; thresholds: %s): %d checks, %d OK, %d WARN, %d FAIL%n",
        mode.option(), thresholdsSource, checks.size(), count(GateStatus.OK), count(GateStatus.WARN),
        count(GateStatus.FAIL));
    checks.stream().filter(c -> c.status() != GateStatus.OK)
        .forEach(c -> out.printf("  %-4s  %s%n", c.status(), c.message()));
    if (status() == GateStatus.FAIL) {
      out.println(failsTheJob()
          ? "  The run FAILED its quality gates: its data is written; the job exits with status " + QualityGates.EXIT_STATUS
          : "  (--qualityGates=warn: reported only; --qualityGates=fail would fail the job)");
    }
    out.println("  Every check of every run: table " + QualityTable.TABLE.name() + " (run_id " + runId + ")");
  }

  /** {@code quality_gates} of the run report. */
  public void writeTo(ObjectNode report) {
    ObjectNode gates = report.putObject("quality_gates");
    gates.put("mode", mode.option());
    gates.put("run_id", runId);
    gates.put("thresholds", thresholdsSource);
    gates.put("status", mode == GateMode.OFF ? "OFF" : status().name());
    gates.put("fails_job", failsTheJob());
    ArrayNode rows = gates.putArray("checks");
    for (QualityCheck c : checks) {
      ObjectNode row = rows.addObject()
          .put("site", c.site()).put("metric", c.metric()).put("field", c.field()).put("value", c.value());
      row.put("baseline", c.baseline());
      row.put("warn_limit", c.warnLimit());
      row.put("fail_limit", c.failLimit());
      row.put("status", c.status().name()).put("message", c.message());
    }
  }
}
