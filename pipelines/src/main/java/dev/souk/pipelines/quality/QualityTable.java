package dev.souk.pipelines.quality;

import dev.souk.io.warehouse.Warehouse;
import dev.souk.model.warehouse.WarehouseTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;

/**
 * {@code souk_quality_checks}: every check of every gated run, in the warehouse beside the data it
 * judges, so trends are a query away. Written through {@link Warehouse#upsert}, so every warehouse
 * has it; keyed by (run, site, metric, field), so a resumed run replaces its rows instead of adding
 * to them. The row-count rules read their baseline from it: the latest value another run recorded
 * that did not fail its check.
 */
public final class QualityTable {
  public static final WarehouseTable TABLE = WarehouseTable.of("souk_quality_checks",
      Schema.builder()
          .addStringField("run_id")
          .addDateTimeField("checked_at")
          .addStringField("site")
          .addStringField("metric")
          .addStringField("field")
          .addDoubleField("value")
          .addNullableField("baseline", FieldType.DOUBLE)
          .addNullableField("warn_limit", FieldType.DOUBLE)
          .addNullableField("fail_limit", FieldType.DOUBLE)
          .addStringField("status")
          .addStringField("message")
          .build(),
      List.of("run_id", "site", "metric", "field"));

  private QualityTable() {}

  /**
   * Per {@link QualityCheck#key}, the value of each row-count metric that the latest other run
   * recorded without failing its check: the baselines of {@code runId}'s drop checks.
   */
  public static Map<String, Double> baselines(Warehouse warehouse, String runId) {
    warehouse.ensureTable(TABLE);
    String run = "'" + runId.replace("'", "''") + "'";
    // A failed value is no baseline: a drop keeps failing until a run passes (or a run with that
    // threshold off accepts the new level), instead of becoming the norm the next run is held to.
    List<Map<String, Object>> rows = warehouse.query("SELECT site, metric, field, value FROM " + TABLE.name() + " q"
        + " WHERE q.run_id <> " + run + " AND q.status <> 'FAIL'"
        + " AND q.metric IN ('" + QualityRules.PAYLOAD_LISTINGS + "', '" + QualityRules.CARDS_PER_LIST_PAGE + "')"
        + " AND q.checked_at = (SELECT max(p.checked_at) FROM " + TABLE.name() + " p"
        + " WHERE p.site = q.site AND p.metric = q.metric AND p.field = q.field"
        + " AND p.run_id <> " + run + " AND p.status <> 'FAIL')");
    Map<String, Double> out = new HashMap<>();
    for (Map<String, Object> row : rows) {
      out.put(QualityCheck.key((String) row.get("site"), (String) row.get("metric"), (String) row.get("field")),
          ((Number) row.get("value")).doubleValue());
    }
    return out;
  }

  /** Upserts the checks of run {@code runId}, made at {@code at}. */
  public static void record(Warehouse warehouse, String runId, Instant at, List<QualityCheck> checks) {
    if (checks.isEmpty()) {
      return;
    }
    warehouse.ensureTable(TABLE);
    warehouse.upsert(TABLE, checks.stream().map(c -> Row.withSchema(TABLE.schema())
        .addValues(runId, at.toDateTime(), c.site(), c.metric(), c.field(), c.value(), c.baseline(),
            c.warnLimit(), c.failLimit(), c.status().name(), c.message())
        .build()).toList());
  }
}
