package dev.souk.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The data-quality gates judged at the end of a run (docs/quality.md). */
public interface QualityOptions extends PipelineOptions {
  @Description("What a quality check past its threshold does: 'warn' (the report says so, the job succeeds),"
      + " 'fail' (a check past its fail threshold makes the job exit with status 3 once its data is written)"
      + " or 'off' (no checks, nothing recorded).")
  @Default.String("warn")
  String getQualityGates();

  void setQualityGates(String value);

  @Description("A properties file of quality thresholds read on top of the bundled defaults, e.g."
      + " fill.avito.priceAmount.warn=0.7 or deadLetterShare.fail=off (docs/quality.md). Unset: the defaults.")
  String getQualityThresholds();

  void setQualityThresholds(String value);
}
