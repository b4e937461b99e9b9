package io.streetgate.coap.senml;

import java.time.Duration;

/**
 * What the decoder accepts at most. Constrained nodes send a few records per message; anything far bigger is
 * a fault or an attack, and is refused before any of it is ingested.
 *
 * @param maxPayloadBytes the largest payload
 * @param maxRecords      the most records in one pack
 * @param maxNameLength   the longest resolved name (and unit or string value)
 * @param maxAge          how far in the past a reading's time may be
 * @param maxAhead        how far in the future a reading's time may be (node clocks drift)
 */
public record SenmlLimits(int maxPayloadBytes, int maxRecords, int maxNameLength, Duration maxAge,
                          Duration maxAhead) {

    /**
     * 4 KiB, 100 records, names of 128 characters, readings from up to 7 days ago (a node that buffered
     * through a gateway outage) to 10 minutes ahead.
     */
    public static final SenmlLimits DEFAULT = new SenmlLimits(4096, 100, 128, Duration.ofDays(7),
            Duration.ofMinutes(10));

    public SenmlLimits {
        if (maxPayloadBytes < 16 || maxRecords < 1 || maxNameLength < 1) {
            throw new IllegalArgumentException("SenML limits must allow at least 16 bytes, 1 record, 1 character");
        }
        if (maxAge.isNegative() || maxAhead.isNegative()) {
            throw new IllegalArgumentException("SenML time window must not be negative");
        }
    }
}
