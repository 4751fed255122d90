package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.io.Urls;
import dev.souk.model.CrawlState;
import dev.souk.transforms.Failures;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Drops detail requests whose card fingerprint equals the one the listing's page was last fetched
 * for, counting {@code souk.<site>/unchanged_skipped} and the host's {@link
 * HostMetrics#UNCHANGED_SKIPPED}; a changed listing goes on, conditional on
 * the stored copy's validators, so an unchanged page costs a 304 rather than a body.
 *
 * <p>"Last fetched for" is the crawl state in the lake (the side input), which holds successful
 * fetches only: a listing whose fetch failed is tried again by the next run. A continuous crawl
 * gives a view read again on every tick ({@link ReadKnownListings#eachTick}), so round two knows
 * what round one stored and a failed fetch is retried on the next round.
 */
public final class SkipUnchangedListings extends PTransform<PCollection<DetailRequest>, PCollection<DetailRequest>> {
  private final PCollectionView<Map<String, CrawlState>> known;

  private SkipUnchangedListings(PCollectionView<Map<String, CrawlState>> known) {
    this.known = known;
  }

  /** Compares with {@code known}, the output of {@link ReadKnownListings}. */
  public static SkipUnchangedListings against(PCollectionView<Map<String, CrawlState>> known) {
    return new SkipUnchangedListings(checkNotNull(known, "known listings are required"));
  }

  @Override
  public PCollection<DetailRequest> expand(PCollection<DetailRequest> requests) {
    return requests.apply("DropUnchanged", ParDo.of(new SkipFn(known)).withSideInputs(known));
  }

  private static final class SkipFn extends DoFn<DetailRequest, DetailRequest> {
    private final PCollectionView<Map<String, CrawlState>> known;

    SkipFn(PCollectionView<Map<String, CrawlState>> known) {
      this.known = known;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      DetailRequest request = c.element();
      CrawlState stored = c.sideInput(known).get(request.listingKey());
      if (stored != null && request.getFingerprint().equals(stored.getFingerprint())) {
        Failures.counter(request.getSite(), "unchanged_skipped").inc();
        HostMetrics.unchangedSkipped(Urls.host(request.getUrl()).orElse(""));
        return;
      }
      c.output(stored == null ? request : request.withValidators(stored.getEtag(), stored.getLastModified()));
    }
  }
}
