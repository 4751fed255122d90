package dev.souk.transforms.normalise;

import dev.souk.model.FailureRecord;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.transforms.Failures;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/** Raw listings → typed silver listings, by {@link PropertyListingNormaliser}; failures carry the raw payload. */
public final class NormaliseListings
    extends PTransform<PCollection<RawListing>, WithFailures.Result<PCollection<PropertyListing>, FailureRecord>> {

  private static final TupleTag<PropertyListing> LISTINGS = new TupleTag<PropertyListing>() {};

  private NormaliseListings() {}

  public static NormaliseListings create() {
    return new NormaliseListings();
  }

  @Override
  public WithFailures.Result<PCollection<PropertyListing>, FailureRecord> expand(PCollection<RawListing> raw) {
    PCollectionTuple out =
        raw.apply("Normalise", ParDo.of(new NormaliseFn()).withOutputTags(LISTINGS, TupleTagList.of(Failures.TAG)));
    return WithFailures.Result.of(out.get(LISTINGS), out.get(Failures.TAG));
  }

  private static final class NormaliseFn extends DoFn<RawListing, PropertyListing> {
    @ProcessElement
    public void process(@Element RawListing raw, MultiOutputReceiver out) {
      try {
        out.get(LISTINGS).output(PropertyListingNormaliser.normalise(raw, null));
        Failures.counter(raw.getSite(), "silver_candidates").inc();
      } catch (NormalisationException e) {
        out.get(Failures.TAG).output(
            Failures.record("normalise", raw.getSite(), raw.getUrl(), e.reason(), e.getMessage(), raw.getPayload()));
      } catch (RuntimeException e) {
        out.get(Failures.TAG).output(
            Failures.record("normalise", raw.getSite(), raw.getUrl(), "normaliser_error", Failures.describe(e),
                raw.getPayload()));
      }
    }
  }
}
