package io.streetgate.drivers.modbus.plan;

import java.util.List;

/**
 * The reads that together cover a device's polled entries, in table and address order.
 *
 * @param blocks one per request
 */
public record ReadPlan(List<ReadBlock> blocks) {

    public ReadPlan {
        blocks = List.copyOf(blocks);
    }

    /** Requests one poll sends. */
    public int requests() {
        return blocks.size();
    }

    /** Registers and bits one poll reads, used or not. */
    public int itemsRead() {
        return blocks.stream().mapToInt(ReadBlock::count).sum();
    }

    /** Entries served. */
    public int points() {
        return blocks.stream().mapToInt(b -> b.points().size()).sum();
    }
}
