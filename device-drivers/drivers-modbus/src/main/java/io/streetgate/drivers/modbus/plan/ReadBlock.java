package io.streetgate.drivers.modbus.plan;

import io.streetgate.drivers.modbus.map.Point;
import io.streetgate.drivers.modbus.map.RegisterTable;

import java.util.List;

/**
 * One read request: {@code count} registers (or bits) of a table from {@code start}, serving the entries listed.
 *
 * @param table  the table, which fixes the function code
 * @param start  first protocol address
 * @param count  registers or bits to read
 * @param points the entries whose registers lie inside, in address order
 */
public record ReadBlock(RegisterTable table, int start, int count, List<Point> points) {

    public ReadBlock {
        points = List.copyOf(points);
    }

    /** The address after the last one read. */
    public int end() {
        return start + count;
    }

    /** Registers or bits read that no entry uses. */
    public int unused() {
        boolean[] used = new boolean[count];
        for (Point p : points) {
            for (int a = p.address(); a < p.end(); a++) {
                used[a - start] = true;
            }
        }
        int n = 0;
        for (boolean u : used) {
            n += u ? 0 : 1;
        }
        return n;
    }

    @Override
    public String toString() {
        return table.mapName() + " " + start + "+" + count + " (" + points.size() + " entries)";
    }
}
