package dev.souk.transforms.model;

import dev.souk.model.warehouse.WarehouseTable;
import org.apache.beam.sdk.values.Row;

/** A row bound for one warehouse table. */
public record TableRow(WarehouseTable table, Row row) {}
