package io.streetgate.drivers.modbus.map;

import java.util.Objects;

/**
 * Addresses {@code from..to} (inclusive) of one table.
 *
 * @param table the table
 * @param from  first protocol address
 * @param to    last protocol address, at least {@code from}
 */
public record AddressRange(RegisterTable table, int from, int to) {

    public AddressRange {
        Objects.requireNonNull(table, "table");
        if (from < 0 || to > 0xFFFF || to < from) {
            throw new IllegalArgumentException("address range " + from + ".." + to + " is not within 0..65535");
        }
    }

    /** Whether any address of {@code start..start+count-1} of {@code t} falls in this range. */
    public boolean overlaps(RegisterTable t, int start, int count) {
        return t == table && start <= to && start + count - 1 >= from;
    }

    @Override
    public String toString() {
        return table.mapName() + " " + from + ".." + to;
    }
}
