package io.streetgate.drivers.modbus.plan;

import io.streetgate.drivers.modbus.map.AddressRange;
import io.streetgate.drivers.modbus.map.Point;
import io.streetgate.drivers.modbus.map.Polling;
import io.streetgate.drivers.modbus.map.RegisterTable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Plans the fewest reads that cover a set of entries. Entries of one table are taken in address order and
 * joined into one read while the read stays within the device's limit, the unused stretch before the next
 * entry is no longer than the allowed gap, and that stretch holds no address the device refuses. Taking each
 * entry into the current read whenever these allow gives the fewest reads: a read can only be cut where a
 * rule forces it. Pure and deterministic.
 */
public final class ReadPlanner {

    private ReadPlanner() {
    }

    /**
     * @param points  the entries to read (any order; duplicates are read once)
     * @param polling the device's limits
     * @param refused addresses no read may cover
     * @throws IllegalArgumentException when one entry alone is larger than a read may be, or lies on a refused
     *                                  address
     */
    public static ReadPlan plan(Collection<Point> points, Polling polling, Collection<AddressRange> refused) {
        List<ReadBlock> blocks = new ArrayList<>();
        for (RegisterTable table : RegisterTable.values()) {
            List<Point> ofTable = points.stream().filter(p -> p.table() == table).distinct()
                    .sorted(Comparator.comparingInt(Point::address).thenComparingInt(Point::end)).toList();
            int maxSpan = polling.maxSpan(table);
            int maxGap = polling.maxGap(table);
            List<Point> current = new ArrayList<>();
            int start = 0;
            int end = 0;
            for (Point p : ofTable) {
                if (p.span() > maxSpan) {
                    throw new IllegalArgumentException("entry '" + p.name() + "' takes " + p.span() + " registers but "
                            + "the device reads at most " + maxSpan + " per request; raise max-registers-per-request");
                }
                for (AddressRange r : refused) {
                    if (r.overlaps(table, p.address(), p.span())) {
                        throw new IllegalArgumentException("entry '" + p.name() + "' lies on refused addresses " + r);
                    }
                }
                if (!current.isEmpty() && fits(table, start, end, p, maxSpan, maxGap, refused)) {
                    current.add(p);
                    end = Math.max(end, p.end());
                    continue;
                }
                if (!current.isEmpty()) {
                    blocks.add(new ReadBlock(table, start, end - start, current));
                }
                current = new ArrayList<>(List.of(p));
                start = p.address();
                end = p.end();
            }
            if (!current.isEmpty()) {
                blocks.add(new ReadBlock(table, start, end - start, current));
            }
        }
        return new ReadPlan(blocks);
    }

    private static boolean fits(RegisterTable table, int start, int end, Point next, int maxSpan, int maxGap,
                                Collection<AddressRange> refused) {
        int newEnd = Math.max(end, next.end());
        if (newEnd - start > maxSpan) {
            return false;
        }
        int gap = next.address() - end;
        if (gap <= 0) {
            return true;
        }
        if (gap > maxGap) {
            return false;
        }
        for (AddressRange r : refused) {
            if (r.overlaps(table, end, gap)) {
                return false;
            }
        }
        return true;
    }
}
