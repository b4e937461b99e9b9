package io.streetgate.uplink.store;

import io.streetgate.driver.Health;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store as people and the upstream see it.
 *
 * @param durable       whether new messages go to the file (false: held in memory only)
 * @param path          the store file
 * @param usedBytes     bytes held (file and memory)
 * @param maxBytes      the file's bound
 * @param messages      messages waiting for the broker
 * @param bytesPerHour  how fast messages arrive (bytes per hour of gateway time, last hour)
 * @param holdsHours    how long an outage the whole store covers at that rate
 * @param freeHours     how long until it is full at that rate, from now
 * @param oldest        when the oldest waiting message was stored; null when none waits
 * @param dropped       messages dropped so far, per kind (since the store file was created)
 * @param epoch         the epoch new sequence numbers count in
 * @param health        ok, or why not
 */
public record StoreStatus(boolean durable, Path path, long usedBytes, long maxBytes, long messages,
                          double bytesPerHour, double holdsHours, double freeHours, Instant oldest,
                          Map<String, Long> dropped, String epoch, Health health) {

    public StoreStatus {
        dropped = Map.copyOf(dropped);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** JSON-friendly details for the health registry and the state message. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mode", durable ? "file" : "memory");
        d.put("path", String.valueOf(path));
        d.put("durability", "SQLite WAL, synchronous=FULL per append batch");
        d.put("messages", messages);
        d.put("bytes", usedBytes);
        d.put("maxBytes", maxBytes);
        d.put("bytesPerHour", Math.round(bytesPerHour));
        d.put("holdsHours", round1(holdsHours));
        d.put("freeHours", round1(freeHours));
        if (oldest != null) {
            d.put("oldest", oldest.toString());
        }
        d.put("dropped", droppedTotal());
        if (!dropped.isEmpty()) {
            d.put("droppedByKind", new LinkedHashMap<>(dropped));
        }
        d.put("epoch", epoch);
        return d;
    }

    /** "holds about 41 h at the current rate (1.6 MB/h); 38 h left" - the sizing lesson, in one line. */
    public String describe() {
        String rate = bytesPerHour <= 0 ? "nothing arriving yet" : String.format(java.util.Locale.ROOT,
                "%.1f kB/h", bytesPerHour / 1000);
        String holds = Double.isInfinite(holdsHours) ? "any outage" : String.format(java.util.Locale.ROOT,
                "about %.0f h", holdsHours);
        return String.format(java.util.Locale.ROOT, "%d messages, %.1f of %.1f MB; holds %s at the current rate (%s)",
                messages, usedBytes / 1e6, maxBytes / 1e6, holds, rate);
    }

    private static double round1(double v) {
        return Double.isInfinite(v) ? -1 : Math.round(v * 10) / 10.0;
    }
}
