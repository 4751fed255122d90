package dev.souk.transforms.model;

import dev.souk.io.warehouse.WarehouseTable;
import dev.souk.model.PropertyListing;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Silver listings → the rows of {@link PropertyStarSchema}: one fact row per listing version and
 * each dimension row once per surrogate key. Output tags are {@link #tag(WarehouseTable)}.
 */
public final class ModelPropertyStarSchema extends PTransform<PCollection<PropertyListing>, PCollectionTuple> {

  private static final Map<String, TupleTag<Row>> TAGS = new LinkedHashMap<>();

  static {
    for (WarehouseTable table : PropertyStarSchema.TABLES) {
      TAGS.put(table.name(), new TupleTag<Row>(table.name()) {});
    }
  }

  private ModelPropertyStarSchema() {}

  public static ModelPropertyStarSchema create() {
    return new ModelPropertyStarSchema();
  }

  /** The output tag of a table's rows. */
  public static TupleTag<Row> tag(WarehouseTable table) {
    return TAGS.get(table.name());
  }

  @Override
  public PCollectionTuple expand(PCollection<PropertyListing> listings) {
    TupleTag<Row> fact = tag(PropertyStarSchema.FACT_PROPERTY_LISTING);
    TupleTagList dimensions = TupleTagList.empty();
    for (WarehouseTable table : PropertyStarSchema.TABLES) {
      if (!table.equals(PropertyStarSchema.FACT_PROPERTY_LISTING)) {
        dimensions = dimensions.and(tag(table));
      }
    }
    PCollectionTuple rows = listings.apply("ToStarRows", ParDo.of(new ToRowsFn()).withOutputTags(fact, dimensions));

    PCollectionTuple result = PCollectionTuple.empty(listings.getPipeline());
    for (WarehouseTable table : PropertyStarSchema.TABLES) {
      PCollection<Row> tableRows = rows.get(tag(table)).setRowSchema(table.schema());
      String keyField = table.primaryKey().get(0);
      // A dimension row arrives once per listing that references it; keep one per key. The
      // fact's key (listing version) is unique already, but collapsing is harmless and guards
      // against a listing seen twice in one input.
      SerializableBiFunction<Row, Row, Row> smallest =
          (a, b) -> a.toString().compareTo(b.toString()) <= 0 ? a : b;
      PCollection<Row> unique = tableRows
          .apply("KeyBy_" + table.name(),
              WithKeys.of((Row r) -> String.valueOf((Object) r.getValue(keyField)))
                  .withKeyType(TypeDescriptors.strings()))
          .apply("OnePerKey_" + table.name(), Combine.perKey(smallest))
          .apply("Rows_" + table.name(), Values.create())
          .setRowSchema(table.schema());
      result = result.and(tag(table), unique);
    }
    return result;
  }

  private static final class ToRowsFn extends DoFn<PropertyListing, Row> {
    @ProcessElement
    public void process(@Element PropertyListing listing, MultiOutputReceiver out) {
      for (Map.Entry<String, Row> e : PropertyStarSchema.rowsFor(listing).entrySet()) {
        String table = e.getKey().contains("#") ? e.getKey().substring(0, e.getKey().indexOf('#')) : e.getKey();
        out.get(TAGS.get(table)).output(e.getValue());
      }
    }
  }
}
