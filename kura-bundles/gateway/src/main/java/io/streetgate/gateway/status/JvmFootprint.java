package io.streetgate.gateway.status;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the gateway's JVM uses now: heap, metaspace and other non-heap memory, resident memory, threads. */
public final class JvmFootprint {

    private static final long MIB = 1024 * 1024;

    private JvmFootprint() {
    }

    public static Map<String, Object> now() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heap_used_mib", round(heap.getUsed()));
        m.put("heap_committed_mib", round(heap.getCommitted()));
        m.put("heap_max_mib", heap.getMax() < 0 ? -1 : round(heap.getMax()));
        m.put("non_heap_used_mib", round(nonHeap.getUsed()));
        m.put("rss_mib", residentMib());
        m.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        return m;
    }

    private static double round(long bytes) {
        return Math.round(bytes * 10.0 / MIB) / 10.0;
    }

    /** VmRSS from /proc/self/status (Linux); -1 elsewhere. */
    static double residentMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Math.round(kib * 10.0 / 1024) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return -1;
    }
}
