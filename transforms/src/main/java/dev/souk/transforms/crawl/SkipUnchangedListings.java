package dev.souk.transforms.crawl;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.souk.model.CrawlState;
import dev.souk.transforms.Failures;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Drops detail requests whose card fingerprint equals the one the listing's page was last fetched
 * for, counting {@code souk.<site>/unchanged_skipped}; a changed listing goes on, conditional on
 * the stored copy's validators, so an unchanged page costs a 304 rather than a body.
 *
 * <p>"Last fetched for" is the lake's crawl state (the side input, as of graph build) updated by
 * what this transform has passed on since, held in keyed state. A batch run sees each listing once
 * and the side input alone decides; a continuous crawl sees a listing every tick, and the state is
 * what keeps tick 2 from refetching what tick 1 fetched. State lives in the global window so it
 * spans ticks; elements are put back into their own windows afterwards.
 *
 * <p>The state is written when a request is passed on, before its fetch: in a continuous crawl, a
 * listing whose fetch failed is retried when its card changes or the job restarts (the lake only
 * holds successes), not on the next tick.
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
  @SuppressWarnings("unchecked")
  public PCollection<DetailRequest> expand(PCollection<DetailRequest> requests) {
    WindowFn<?, ?> windowFn = requests.getWindowingStrategy().getWindowFn();
    boolean global = windowFn instanceof GlobalWindows;
    PCollection<KV<String, DetailRequest>> keyed =
        requests.apply("KeyByListing", WithKeys.of(DetailRequest::listingKey).withKeyType(TypeDescriptors.strings()));
    if (!global) {
      keyed = keyed.apply("AcrossTicks", Window.into(new GlobalWindows()));
    }
    PCollection<DetailRequest> changed =
        keyed.apply("DropUnchanged", ParDo.of(new SkipFn(known)).withSideInputs(known));
    return global ? changed
        : changed.apply("BackIntoTicks", Window.into((WindowFn<? super DetailRequest, ?>) windowFn));
  }

  private static final class SkipFn extends DoFn<KV<String, DetailRequest>, DetailRequest> {
    private final PCollectionView<Map<String, CrawlState>> known;

    @StateId("fingerprint")
    private final StateSpec<ValueState<String>> fingerprintSpec = StateSpecs.value(StringUtf8Coder.of());

    SkipFn(PCollectionView<Map<String, CrawlState>> known) {
      this.known = known;
    }

    @ProcessElement
    public void process(ProcessContext c, @StateId("fingerprint") ValueState<String> passedOn) {
      DetailRequest request = c.element().getValue();
      CrawlState stored = c.sideInput(known).get(c.element().getKey());
      String last = passedOn.read();
      if (last == null && stored != null) {
        last = stored.getFingerprint();
      }
      if (request.getFingerprint().equals(last)) {
        Failures.counter(request.getSite(), "unchanged_skipped").inc();
        return;
      }
      passedOn.write(request.getFingerprint());
      c.output(stored == null ? request : request.withValidators(stored.getEtag(), stored.getLastModified()));
    }
  }
}
