package io.streetgate.fleet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this process uses right now: heap in use, resident memory (Linux) and live threads. */
record ProcessFootprint(long heapBytes, long rssBytes, int threads) {

    static ProcessFootprint now() {
        Runtime r = Runtime.getRuntime();
        return new ProcessFootprint(r.totalMemory() - r.freeMemory(), residentBytes(),
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    /** VmRSS from /proc/self/status; -1 where there is none. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static String mib(long bytes) {
        return bytes < 0 ? "?" : (bytes >> 20) + " MiB";
    }
}
