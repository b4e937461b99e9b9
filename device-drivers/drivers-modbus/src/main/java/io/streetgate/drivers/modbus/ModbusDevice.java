package io.streetgate.drivers.modbus;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.modbus.bus.ModbusLink;
import io.streetgate.drivers.modbus.map.AddressRange;
import io.streetgate.drivers.modbus.map.Point;
import io.streetgate.drivers.modbus.map.Polling;
import io.streetgate.drivers.modbus.map.RegisterMap;
import io.streetgate.drivers.modbus.plan.ReadBlock;
import io.streetgate.drivers.modbus.plan.ReadPlan;
import io.streetgate.drivers.modbus.plan.ReadPlanner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One device on a bus: its unit id, its map, and the reads that poll it. Learns what the device refuses, one
 * step at a time, when a read is answered "illegal data address" (the rest of that poll goes on with the
 * smaller reads, and later polls keep them):
 * <ol>
 * <li>a read that reached across unused registers: its entries are read without gaps from then on;</li>
 * <li>a gapless read of several entries: its entries are read one by one;</li>
 * <li>a single entry: it is left out of every later poll and named in {@link #refusedPoints()}.</li>
 * </ol>
 * What was learnt is forgotten after {@link #RELEARN_AFTER}, and at once when the device refuses every entry
 * (then it is the device, not the map, that is wrong).
 */
final class ModbusDevice {

    /**
     * How long what a device refused is remembered: a device may refuse registers for a while (starting up,
     * reconfigured), so the full plan is tried again after this much gateway time.
     */
    static final Duration RELEARN_AFTER = Duration.ofHours(1);

    private final String id;
    private final ModbusLink link;
    private final int unit;
    private final RegisterMap map;
    private final Set<Point> noGaps = new LinkedHashSet<>();
    private final Set<Point> alone = new LinkedHashSet<>();
    private final Set<Point> refused = new LinkedHashSet<>();
    private final Supplier<Instant> clock;
    private Instant learnedAt;
    private ReadPlan plan;

    ModbusDevice(String id, ModbusLink link, int unit, RegisterMap map, Supplier<Instant> clock)
            throws DriverException {
        this.id = id;
        this.clock = clock;
        this.link = link;
        this.unit = unit;
        this.map = map;
        replan();
    }

    String id() {
        return id;
    }

    int unit() {
        return unit;
    }

    RegisterMap map() {
        return map;
    }

    ModbusLink link() {
        return link;
    }

    synchronized ReadPlan plan() {
        return plan;
    }

    synchronized List<Point> refusedPoints() {
        return List.copyOf(refused);
    }

    /**
     * Reads every polled entry of the map.
     *
     * @return the value of each entry read, in map order
     * @throws DriverException when a read fails for another reason than a refused entry, or every entry is refused
     */
    synchronized Map<Point, Double> poll() throws DriverException {
        Instant now = clock.get();
        if (learnedAt != null && !now.isBefore(learnedAt.plus(RELEARN_AFTER))) {
            forget();
        }
        Map<Point, Double> values = new LinkedHashMap<>();
        List<ReadBlock> blocks = new ArrayList<>(plan.blocks());
        ModbusDriverException lastRefusal = null;
        for (int i = 0; i < blocks.size(); i++) {
            ReadBlock block = blocks.get(i);
            int[] words;
            try {
                words = link.read(unit, block.table(), block.start(), block.count());
            } catch (ModbusDriverException e) {
                if (e.exceptionCode() != 0x02) {
                    throw e;
                }
                lastRefusal = e;
                if (learnedAt == null) {
                    learnedAt = now;
                }
                List<ReadBlock> smaller;
                if (block.unused() > 0 && !noGaps.containsAll(block.points())) {
                    noGaps.addAll(block.points());
                    smaller = gapless(block.points());
                } else if (block.points().size() > 1) {
                    alone.addAll(block.points());
                    smaller = block.points().stream().map(ModbusDevice::single).toList();
                } else {
                    refused.addAll(block.points());
                    smaller = List.of();
                }
                blocks.addAll(i + 1, smaller);
                replan();
                continue;
            }
            for (Point p : block.points()) {
                values.put(p, p.decode(words, p.address() - block.start()));
            }
        }
        if (values.isEmpty()) {
            // a device that refuses everything is not telling which entries it lacks: learn nothing from it
            forget();
            throw lastRefusal != null ? lastRefusal : new ModbusDriverException(DriverFault.PROTOCOL, "device '" + id
                    + "' (unit " + unit + ") gave no values");
        }
        Map<Point, Double> ordered = new LinkedHashMap<>();
        for (Point p : map.polled()) {
            if (values.containsKey(p)) {
                ordered.put(p, values.get(p));
            }
        }
        return ordered;
    }

    /** Reads one entry by itself. */
    double read(Point p) throws DriverException {
        int[] words = link.read(unit, p.table(), p.address(), p.span());
        return p.decode(words, 0);
    }

    /** Writes one entry. */
    void write(Point p, double value) throws DriverException {
        int[] words;
        try {
            words = p.encode(value);
        } catch (IllegalArgumentException e) {
            throw new ModbusDriverException(DriverFault.CONFIGURATION, "device '" + id + "': " + e.getMessage());
        }
        link.write(unit, p.table(), p.address(), words);
    }

    /** Goes back to the map's own plan. */
    private void forget() throws DriverException {
        noGaps.clear();
        alone.clear();
        refused.clear();
        learnedAt = null;
        replan();
    }

    private static ReadBlock single(Point p) {
        return new ReadBlock(p.table(), p.address(), p.span(), List.of(p));
    }

    private List<ReadBlock> gapless(List<Point> points) throws DriverException {
        return plan(points, map.polling().withMaxGap(0)).blocks();
    }

    private ReadPlan plan(List<Point> points, Polling polling) throws DriverException {
        List<AddressRange> barriers = new ArrayList<>(map.refused());
        for (Point r : refused) {
            barriers.add(new AddressRange(r.table(), r.address(), r.end() - 1));
        }
        try {
            return ReadPlanner.plan(points, polling, barriers);
        } catch (IllegalArgumentException e) {
            throw new ModbusDriverException(DriverFault.CONFIGURATION, "device '" + id + "' with map " + map.type()
                    + ": " + e.getMessage());
        }
    }

    private void replan() throws DriverException {
        List<Point> together = new ArrayList<>();
        List<Point> gapless = new ArrayList<>();
        List<ReadBlock> blocks = new ArrayList<>();
        for (Point p : map.polled()) {
            if (refused.contains(p)) {
                continue;
            }
            if (alone.contains(p)) {
                blocks.add(single(p));
            } else if (noGaps.contains(p)) {
                gapless.add(p);
            } else {
                together.add(p);
            }
        }
        List<ReadBlock> all = new ArrayList<>(plan(together, map.polling()).blocks());
        all.addAll(plan(gapless, map.polling().withMaxGap(0)).blocks());
        all.addAll(blocks);
        plan = new ReadPlan(all);
    }
}
