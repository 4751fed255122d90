package dev.souk.transforms.normalise;

import dev.souk.model.FailureRecord;
import dev.souk.model.ListingVersion;
import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.model.RawListing;
import dev.souk.model.Site;
import dev.souk.transforms.Failures;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Raw listings of one market → typed silver listings; failures carry the raw payload.
 *
 * <p>It also counts, per site and silver field, how many listings have the field filled
 * ({@code souk.<site>/fill:<field>} against {@code silver_candidates}): when a site changes its
 * layout, a selector that stops matching shows up as a fill rate falling to 0 on the first run,
 * not as silently empty columns weeks later. Each quality flag a row carries is counted too
 * ({@code souk.<site>/quality:<flag>}), so the run summary shows how many rows of a site are
 * doubtful and why.
 */
public final class NormaliseListings<T extends ListingVersion>
    extends PTransform<PCollection<RawListing>, WithFailures.Result<PCollection<T>, FailureRecord>> {

  /** One market's rules: raw listing → silver row. */
  @FunctionalInterface
  public interface Normaliser<T> extends Serializable {
    T normalise(RawListing raw) throws NormalisationException;
  }

  /** Prefix of the per-field fill counters. */
  public static final String FILL_PREFIX = "fill:";
  /** Prefix of the per-flag counters: {@code souk.<site>/quality:<flag>}, one per flagged row. */
  public static final String QUALITY_PREFIX = "quality:";
  /** The silver field whose codes {@link #QUALITY_PREFIX} counts, when the type has it. */
  static final String QUALITY_FLAGS_FIELD = "qualityFlags";

  private final Class<T> type;
  private final Site.Market market;
  private final Normaliser<T> normaliser;

  private NormaliseListings(Class<T> type, Site.Market market, Normaliser<T> normaliser) {
    this.type = type;
    this.market = market;
    this.normaliser = normaliser;
  }

  /**
   * A market's normalisation: raw listings of {@code market}'s sites → rows of {@code type}
   * (which must carry a Beam schema) by {@code normaliser}.
   */
  public static <T extends ListingVersion> NormaliseListings<T> of(
      Class<T> type, Site.Market market, Normaliser<T> normaliser) {
    return new NormaliseListings<>(type, market, normaliser);
  }

  /** Avito and Mubawab listings, pages or original producer payloads alike. */
  public static NormaliseListings<PropertyListing> realEstate() {
    return new NormaliseListings<>(PropertyListing.class, Site.Market.REAL_ESTATE,
        raw -> PropertyListingNormaliser.normalise(raw, null));
  }

  /** Mobile Masr, Noon and Dubizzle listings. */
  public static NormaliseListings<PhoneListing> usedPhones() {
    return new NormaliseListings<>(PhoneListing.class, Site.Market.USED_PHONES, PhoneListingNormaliser::normalise);
  }

  /** The market whose raw listings this step accepts; the caller routes the others elsewhere. */
  public Site.Market market() {
    return market;
  }

  @Override
  public WithFailures.Result<PCollection<T>, FailureRecord> expand(PCollection<RawListing> raw) {
    SchemaRegistry schemas = raw.getPipeline().getSchemaRegistry();
    TupleTag<T> listings = new TupleTag<>();
    PCollectionTuple out;
    try {
      out = raw.apply("Normalise", ParDo.of(new NormaliseFn<>(listings, normaliser, schemas.getSchema(type),
              schemas.getToRowFunction(type)))
          .withOutputTags(listings, TupleTagList.of(Failures.TAG)));
      out.get(listings).setCoder(schemas.getSchemaCoder(type));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type + " has no Beam schema", e);
    }
    return WithFailures.Result.of(out.get(listings), out.get(Failures.TAG));
  }

  private static final class NormaliseFn<T extends ListingVersion> extends DoFn<RawListing, T> {
    private final TupleTag<T> listings;
    private final Normaliser<T> normaliser;
    private final Schema schema;
    private final SerializableFunction<T, Row> toRow;

    NormaliseFn(TupleTag<T> listings, Normaliser<T> normaliser, Schema schema, SerializableFunction<T, Row> toRow) {
      this.listings = listings;
      this.normaliser = normaliser;
      this.schema = schema;
      this.toRow = toRow;
    }

    @ProcessElement
    public void process(@Element RawListing raw, MultiOutputReceiver out) {
      T listing;
      try {
        listing = normaliser.normalise(raw);
      } catch (NormalisationException e) {
        out.get(Failures.TAG).output(
            Failures.record("normalise", raw.getSite(), raw.getUrl(), e.reason(), e.getMessage(), raw.getPayload()));
        return;
      } catch (Throwable e) {
        // A normaliser bug or a stack blown by one payload is that record's failure, not the run's.
        out.get(Failures.TAG).output(
            Failures.record("normalise", raw.getSite(), raw.getUrl(), "normaliser_error",
                Failures.describe(Failures.containable(e)), raw.getPayload()));
        return;
      }
      Row row = toRow.apply(listing);
      countFilledFields(raw.getSite(), row);
      countQualityFlags(raw.getSite(), row);
      out.get(listings).output(listing);
    }

    private void countQualityFlags(String site, Row row) {
      if (!schema.hasField(QUALITY_FLAGS_FIELD)) {
        return;
      }
      Collection<Object> flags = row.getArray(QUALITY_FLAGS_FIELD);
      if (flags != null) {
        for (Object flag : flags) {
          Failures.counter(site, QUALITY_PREFIX + flag).inc();
        }
      }
    }

    private void countFilledFields(String site, Row row) {
      Failures.counter(site, "silver_candidates").inc();
      for (Schema.Field field : schema.getFields()) {
        Object value = row.getValue(field.getName());
        boolean filled = value != null
            && !(value instanceof String && ((String) value).isBlank())
            && !(value instanceof Collection && ((Collection<?>) value).isEmpty())
            && !(value instanceof Map && ((Map<?, ?>) value).isEmpty());
        if (filled) {
          Failures.counter(site, FILL_PREFIX + field.getName()).inc();
        }
      }
    }
  }
}
