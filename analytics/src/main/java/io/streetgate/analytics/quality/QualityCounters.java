package io.streetgate.analytics.quality;

import io.streetgate.driver.QualityFlag;

import java.util.Map;

/**
 * What the quality filters have seen, as a snapshot.
 *
 * @param seen           readings checked
 * @param rejected       readings carrying at least one rejecting flag (counted once, whatever the number)
 * @param byReason       readings per flag (a reading with two flags counts under both); includes flags set
 *                       upstream by the driver
 * @param missedReadings readings estimated missing from gaps
 * @param outOfOrder     readings older than the previous one of their series (only the range check applies)
 */
public record QualityCounters(long seen, long rejected, Map<QualityFlag, Long> byReason, long missedReadings,
                              long outOfOrder) {

    public QualityCounters {
        byReason = Map.copyOf(byReason);
    }

    public long accepted() {
        return seen - rejected;
    }

    public long count(QualityFlag flag) {
        return byReason.getOrDefault(flag, 0L);
    }
}
