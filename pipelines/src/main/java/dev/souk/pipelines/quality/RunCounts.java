package dev.souk.pipelines.quality;

import java.util.Set;

/** What the gates read of a run: its counters (the run summary's), by site. */
public interface RunCounts {
  /** The sites with counters this run, without the summary's "(no site)". */
  Set<String> sites();

  /** A counter of {@code site} this run, 0 if it never moved. */
  long count(String site, String name);

  /** Failures this run met on {@code site}, every step. */
  long failures(String site);

  /** Failures this run met, every site and none. */
  long failures();

  /** Failures this run met that never knew a site and did not come from a payload line (a bad WARC record). */
  long failuresWithoutSiteOrLine();

  /** Non-blank lines of every payload file this run read. */
  long payloadLines();
}
