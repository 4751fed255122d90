package dev.souk.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class RowOrderTest {
  private static final Schema SCHEMA = Schema.builder()
      .addInt64Field("key")
      .addNullableField("name", FieldType.STRING)
      .addNullableField("amount", FieldType.DECIMAL)
      .addNullableField("at", FieldType.DATETIME)
      .addNullableField("day", FieldType.logicalType(SqlTypes.DATE))
      .addNullableField("tags", FieldType.array(FieldType.STRING))
      .build();
  private static final RowOrder ORDER = RowOrder.of(SCHEMA);

  private static Row row(long key, String name, BigDecimal amount, Instant at, LocalDate day, List<String> tags) {
    return Row.withSchema(SCHEMA).addValues(key, name, amount, at, day, tags).build();
  }

  @Test
  void numbersCompareAsNumbersNotAsText() {
    Row nine = row(9, null, null, null, null, null);
    Row ten = row(10, null, null, null, null, null);
    assertTrue(ORDER.compare(nine, ten) < 0, "9 before 10 (as text \"10\" < \"9\")");
    Row small = row(1, null, new BigDecimal("9.5"), null, null, null);
    Row large = row(1, null, new BigDecimal("10"), null, null, null);
    assertSame(small, ORDER.least(large, small));
  }

  @Test
  void columnsCompareInSchemaOrderAndAValueComesBeforeANull() {
    Row known = row(1, "b", null, null, null, null);
    Row unknown = row(1, null, new BigDecimal("1"), null, null, null);
    assertSame(known, ORDER.least(unknown, known));
    assertSame(known, ORDER.least(known, unknown));
    assertTrue(ORDER.compare(row(1, "a", null, null, null, null), row(1, "b", BigDecimal.ONE, null, null, null)) < 0);
  }

  @Test
  void distinctRowsNeverCompareEqual() {
    List<Row> rows = new ArrayList<>(List.of(
        row(1, "a", new BigDecimal("1.0"), null, null, null),
        row(1, "a", new BigDecimal("1.00"), null, null, null),
        row(1, "a", null, new Instant(5), null, null),
        row(1, "a", null, new Instant(6), null, null),
        row(1, "a", null, null, LocalDate.of(2025, 3, 14), null),
        row(1, "a", null, null, LocalDate.of(2025, 3, 15), null),
        row(1, "a", null, null, null, List.of("x")),
        row(1, "a", null, null, null, List.of("x", "y")),
        row(1, "a", null, null, null, List.of("y")),
        row(1, "a", null, null, null, List.of())));
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < rows.size(); j++) {
        if (i != j) {
          assertNotEquals(0, ORDER.compare(rows.get(i), rows.get(j)), rows.get(i) + " vs " + rows.get(j));
          assertEquals(Integer.signum(ORDER.compare(rows.get(i), rows.get(j))),
              -Integer.signum(ORDER.compare(rows.get(j), rows.get(i))));
        }
      }
    }
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.reverse(shuffled);
    assertEquals(rows.stream().reduce(ORDER::least).orElseThrow(), shuffled.stream().reduce(ORDER::least).orElseThrow());
  }

  @Test
  void aMapColumnFailsNamingIt() {
    Schema withMap = Schema.builder().addInt64Field("key")
        .addMapField("attributes", FieldType.STRING, FieldType.STRING).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RowOrder.of(withMap));
    assertTrue(e.getMessage().contains("'attributes'"), e.getMessage());
  }

  @Test
  void primaryKeysAreUnambiguous() {
    Schema composite = Schema.builder().addStringField("a").addStringField("b").build();
    Row one = Row.withSchema(composite).addValues("1", "23").build();
    Row other = Row.withSchema(composite).addValues("12", "3").build();
    assertNotEquals(ModelStarSchema.primaryKeyOf(one, List.of("a", "b")),
        ModelStarSchema.primaryKeyOf(other, List.of("a", "b")));
  }
}
