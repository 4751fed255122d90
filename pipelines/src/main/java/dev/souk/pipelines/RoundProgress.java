package dev.souk.pipelines;

import dev.souk.model.FailureRecord;
import dev.souk.model.FetchedPage;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a continuous crawl, which has no end-of-run summary until it is stopped: one log line
 * per round, when the round's window closes, with pages by kind and failures per site, e.g. {@code
 * Round of 2026-11-21T06:00:00Z done: avito 5 list + 12 detail pages, 1 failure; mubawab …}.
 */
final class RoundProgress {
  private static final Logger LOG = LoggerFactory.getLogger(RoundProgress.class);

  private RoundProgress() {}

  static void log(PCollection<FetchedPage> pages, PCollection<FailureRecord> failures) {
    PCollection<String> pageKinds = pages.apply("RoundPageKinds", MapElements.into(TypeDescriptors.strings())
        .via(p -> p.getSite() + "\t" + p.getKind().toLowerCase(java.util.Locale.ROOT)));
    PCollection<String> failed = failures.apply("RoundFailures", MapElements.into(TypeDescriptors.strings())
        .via(f -> f.getSite() + "\tfailure"));
    PCollectionList.of(pageKinds).and(failed)
        .apply("RoundEvents", Flatten.pCollections())
        .apply("CountPerRound", Count.perElement())
        .apply("OneKeyPerRound", WithKeys.of("round"))
        .apply("GatherRound", GroupByKey.create())
        .apply("LogRound", ParDo.of(new LogRoundFn()));
  }

  /** Writes one line per round: sites in name order, each with its list and detail pages and failures. */
  static String describe(Iterable<KV<String, Long>> counts) {
    Map<String, Map<String, Long>> perSite = new TreeMap<>();
    for (KV<String, Long> count : counts) {
      String[] siteAndKind = count.getKey().split("\t", 2);
      perSite.computeIfAbsent(siteAndKind[0], s -> new TreeMap<>()).merge(siteAndKind[1], count.getValue(), Long::sum);
    }
    StringBuilder line = new StringBuilder();
    perSite.forEach((site, kinds) -> {
      long failuresCount = kinds.getOrDefault("failure", 0L);
      line.append(line.length() == 0 ? "" : "; ").append(site).append(' ')
          .append(kinds.getOrDefault("list", 0L)).append(" list + ")
          .append(kinds.getOrDefault("detail", 0L)).append(" detail pages, ")
          .append(failuresCount).append(failuresCount == 1 ? " failure" : " failures");
    });
    return line.length() == 0 ? "nothing fetched" : line.toString();
  }

  private static final class LogRoundFn extends DoFn<KV<String, Iterable<KV<String, Long>>>, Void> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<KV<String, Long>>> round, BoundedWindow window) {
      String start = window instanceof IntervalWindow w ? w.start().toString() : window.toString();
      LOG.info("Round of {} done: {}", start, describe(round.getValue()));
    }
  }
}
