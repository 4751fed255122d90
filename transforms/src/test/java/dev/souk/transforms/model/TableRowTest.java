package dev.souk.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.souk.model.warehouse.WarehouseTable;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.junit.jupiter.api.Test;

class TableRowTest {
  private static final WarehouseTable DIM = WarehouseTable.of("dim_thing",
      Schema.builder()
          .addInt64Field("thing_key")
          .addStringField("name")
          .addNullableField("colour", FieldType.STRING)
          .build(),
      List.of("thing_key"));

  @Test
  void columnsAreSetByNameInAnyOrder() {
    TableRow row = TableRow.of(DIM).set("colour", null).set("name", "chair").set("thing_key", 7L).build();
    assertEquals(DIM, row.table());
    assertEquals(7L, row.row().getInt64("thing_key"));
    assertEquals("chair", row.row().getString("name"));
    assertEquals(null, row.row().getString("colour"));
  }

  @Test
  void anUnsetColumnFailsNamingIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TableRow.of(DIM).set("thing_key", 7L).set("name", "chair").build());
    assertTrue(e.getMessage().contains("dim_thing") && e.getMessage().contains("[colour]"), e.getMessage());
  }

  @Test
  void anUnknownColumnFailsNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableRow.of(DIM).set("size", 3));
    assertTrue(e.getMessage().contains("dim_thing") && e.getMessage().contains("'size'"), e.getMessage());
  }

  @Test
  void aColumnSetTwiceFailsNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableRow.of(DIM).set("name", "a").set("name", "b"));
    assertTrue(e.getMessage().contains("dim_thing.name"), e.getMessage());
  }

  @Test
  void aWrongTypeOrANullInANonNullableColumnFailsNamingIt() {
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> TableRow.of(DIM).set("thing_key", 7));
    assertTrue(type.getMessage().contains("dim_thing.thing_key"), type.getMessage());
    IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
        () -> TableRow.of(DIM).set("name", null));
    assertTrue(nul.getMessage().contains("dim_thing.name"), nul.getMessage());
  }
}
