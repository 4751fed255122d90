package dev.souk.pipelines.quality;

import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code --qualityGates}: what a check past its threshold does to the run. */
public enum GateMode {
  /** No checks are made or recorded. */
  OFF,
  /** Checks are made, recorded and reported; the job's exit status does not depend on them. */
  WARN,
  /** As {@link #WARN}, and a failed check makes the job exit with {@link QualityGates#EXIT_STATUS}. */
  FAIL;

  public static GateMode of(@Nullable String option) {
    String value = option == null ? "" : option.strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "off" -> OFF;
      case "warn" -> WARN;
      case "fail" -> FAIL;
      default -> throw new IllegalArgumentException("--qualityGates must be 'warn' (report only), 'fail' (exit status "
          + QualityGates.EXIT_STATUS + " on a failed check) or 'off', not '" + option + "'");
    };
  }

  public String option() {
    return name().toLowerCase(Locale.ROOT);
  }
}
