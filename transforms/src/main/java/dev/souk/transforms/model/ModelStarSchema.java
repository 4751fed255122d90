package dev.souk.transforms.model;

import dev.souk.model.PhoneListing;
import dev.souk.model.PropertyListing;
import dev.souk.model.warehouse.WarehouseTable;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Silver listings → the rows of a star schema: one fact row per listing version and each
 * dimension row once per primary key (the same one on every run: see {@link RowOrder}). The
 * output has one collection per table, under {@link #tag(WarehouseTable)}.
 *
 * <p>A schema {@link #withHistory with history} also writes {@link ListingHistory#TABLE}, whose
 * rows depend on every version of a listing, not on one: give it the versions the lake already
 * holds with {@link #withStoredVersions} (without them, the input is taken as all there is).
 */
public final class ModelStarSchema<T> extends PTransform<PCollection<T>, PCollectionTuple> {

  /** A market's mapping from a silver listing to its star-schema rows. */
  @FunctionalInterface
  public interface StarMapper<T> extends Serializable {
    List<TableRow> rowsFor(T listing);
  }

  /** A market's silver listing as a {@link ListingHistory#VERSION} row. */
  @FunctionalInterface
  public interface VersionOf<T> extends Serializable {
    Row versionOf(T listing);
  }

  private final List<WarehouseTable> tables;
  private final StarMapper<T> mapper;
  private final @Nullable VersionOf<T> history;
  private final @Nullable PCollection<Row> storedVersions;

  private ModelStarSchema(List<WarehouseTable> tables, StarMapper<T> mapper) {
    this(tables, mapper, null, null);
  }

  private ModelStarSchema(List<WarehouseTable> tables, StarMapper<T> mapper, @Nullable VersionOf<T> history,
      @Nullable PCollection<Row> storedVersions) {
    this.tables = tables;
    this.mapper = mapper;
    this.history = history;
    this.storedVersions = storedVersions;
  }

  /**
   * A market's star schema: its {@code tables} (dimensions first) and the mapping from one
   * listing to the rows it contributes to them.
   */
  public static <T> ModelStarSchema<T> of(List<WarehouseTable> tables, StarMapper<T> mapper) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a star schema needs at least one table");
    }
    return new ModelStarSchema<>(List.copyOf(tables), java.util.Objects.requireNonNull(mapper, "mapper"));
  }

  public static ModelStarSchema<PropertyListing> realEstate() {
    return new ModelStarSchema<>(PropertyStarSchema.TABLES, PropertyStarSchema::rowsFor)
        .withHistory(l -> ListingHistory.version(l.getSource(), l.getListingId(), l.getContentHash(),
            l.getScrapedAt(), l.getPriceAmount(), l.getPriceCurrency(), l.getPriceOnRequest()));
  }

  public static ModelStarSchema<PhoneListing> usedPhones() {
    return new ModelStarSchema<>(PhoneStarSchema.TABLES, PhoneStarSchema::rowsFor)
        .withHistory(l -> ListingHistory.version(l.getSource(), l.getListingId(), l.getContentHash(),
            l.getScrapedAt(), l.getPriceAmount(), l.getPriceCurrency(), l.getPriceOnRequest()));
  }

  /** The same schema, also writing {@link ListingHistory#TABLE} from each listing's {@code version}. */
  public ModelStarSchema<T> withHistory(VersionOf<T> version) {
    return new ModelStarSchema<>(tables, mapper, java.util.Objects.requireNonNull(version, "version"), storedVersions);
  }

  /** Whether this schema writes {@link ListingHistory#TABLE}. */
  public boolean hasHistory() {
    return history != null;
  }

  /**
   * The same schema, completing each touched listing's history with {@code stored}: {@link
   * ListingHistory#VERSION} rows of the versions the lake holds (they may include the input's).
   */
  public ModelStarSchema<T> withStoredVersions(PCollection<Row> stored) {
    if (history == null) {
      throw new IllegalStateException("withStoredVersions is for a schema withHistory");
    }
    return new ModelStarSchema<>(tables, mapper, history, java.util.Objects.requireNonNull(stored, "stored"));
  }

  /** Every table written, dimensions first: the mapper's, with the history before the facts. */
  public List<WarehouseTable> tables() {
    if (history == null) {
      return tables;
    }
    List<WarehouseTable> all = new java.util.ArrayList<>();
    for (WarehouseTable t : tables) {
      if (t.name().startsWith("fact_") && !all.contains(ListingHistory.TABLE)) {
        all.add(ListingHistory.TABLE);
      }
      all.add(t);
    }
    if (!all.contains(ListingHistory.TABLE)) {
      all.add(ListingHistory.TABLE);
    }
    return List.copyOf(all);
  }

  /** The output tag of a table's rows; the same for a table shared by several schemas. */
  public static TupleTag<Row> tag(WarehouseTable table) {
    return new TupleTag<>(table.name());
  }

  @Override
  public PCollectionTuple expand(PCollection<T> listings) {
    Map<String, TupleTag<Row>> tags = new LinkedHashMap<>();
    tables.forEach(t -> tags.put(t.name(), tag(t)));
    List<TupleTag<Row>> all = List.copyOf(tags.values());
    TupleTagList others = TupleTagList.empty();
    for (TupleTag<Row> t : all.subList(1, all.size())) {
      others = others.and(t);
    }
    PCollectionTuple rows = listings.apply("ToStarRows",
        ParDo.of(new ToRowsFn<>(mapper, tags)).withOutputTags(all.get(0), others));

    PCollectionTuple result = PCollectionTuple.empty(listings.getPipeline());
    for (WarehouseTable table : tables) {
      // A dimension row arrives once per listing that references it, and rows with one key can
      // differ in details (a seller's display name "Serraj Immobilier" / "Serraj immobilier", a
      // URL), as can two scrapes of one listing version (scraped_at). Keep one row per primary
      // key: the least under RowOrder (column values in schema order, nulls last, so a known
      // value wins a tie), which is the same row on every run and runner whatever the arrival
      // order.
      List<String> primaryKey = table.primaryKey();
      RowOrder order = RowOrder.of(table.schema());
      SerializableBiFunction<Row, Row, Row> least = order::least;
      PCollection<Row> unique = rows.get(tags.get(table.name())).setRowSchema(table.schema())
          .apply("KeyBy_" + table.name(),
              WithKeys.of((Row r) -> primaryKeyOf(r, primaryKey)).withKeyType(TypeDescriptors.strings()))
          .apply("OnePerKey_" + table.name(), Combine.perKey(least))
          .apply("Rows_" + table.name(), Values.create())
          .setRowSchema(table.schema());
      result = result.and(tags.get(table.name()), unique);
    }
    if (history != null) {
      VersionOf<T> version = history;
      PCollection<Row> versions = listings
          .apply("ToHistoryVersions", org.apache.beam.sdk.transforms.MapElements.into(TypeDescriptors.rows())
              .via(version::versionOf))
          .setRowSchema(ListingHistory.VERSION);
      result = result.and(tag(ListingHistory.TABLE), versions.apply("ListingHistory",
          storedVersions == null ? ModelListingHistory.ofInputAlone() : ModelListingHistory.against(storedVersions)));
    }
    return result;
  }

  /**
   * A row's primary-key values as one string, each length-prefixed so that no two keys share it:
   * ("1", "23") is {@code 1:12:23}, ("12", "3") is {@code 2:121:3}. Key columns are never null
   * ({@link WarehouseTable#of}).
   */
  static String primaryKeyOf(Row row, List<String> primaryKey) {
    StringBuilder key = new StringBuilder();
    for (String column : primaryKey) {
      String value = String.valueOf((Object) row.getValue(column));
      key.append(value.length()).append(':').append(value);
    }
    return key.toString();
  }

  private static final class ToRowsFn<T> extends DoFn<T, Row> {
    private final StarMapper<T> mapper;
    private final Map<String, TupleTag<Row>> tags;

    ToRowsFn(StarMapper<T> mapper, Map<String, TupleTag<Row>> tags) {
      this.mapper = mapper;
      this.tags = tags;
    }

    @ProcessElement
    public void process(@Element T listing, MultiOutputReceiver out) {
      for (TableRow row : mapper.rowsFor(listing)) {
        out.get(tags.get(row.table().name())).output(row.row());
      }
    }
  }
}
