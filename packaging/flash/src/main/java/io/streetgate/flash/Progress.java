package io.streetgate.flash;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** How far one card is: its phase, bytes done of the phase's total, and the phase's start. Thread-safe. */
public final class Progress {
    /** The steps of flashing one card. */
    public enum Phase { QUEUED, WRITING, VERIFYING, CONFIG, DONE, FAILED }

    private final String name;
    private final AtomicLong done = new AtomicLong();
    private volatile Phase phase = Phase.QUEUED;
    private volatile long total;
    private volatile long startNanos = System.nanoTime();

    public Progress(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Phase phase() {
        return phase;
    }

    public void start(Phase p, long totalBytes) {
        done.set(0);
        total = totalBytes;
        startNanos = System.nanoTime();
        phase = p;
    }

    public void end(Phase p) {
        phase = p;
    }

    public void add(long bytes) {
        done.addAndGet(bytes);
    }

    /** One status: "sdb writing 45% 312.0/694.0 MiB 85.1 MiB/s ETA 0:05". */
    public String line(long nowNanos) {
        Phase p = phase;
        if (p != Phase.WRITING && p != Phase.VERIFYING) {
            return name + " " + p.name().toLowerCase(Locale.ROOT);
        }
        long d = done.get();
        long t = Math.max(1, total);
        double secs = Math.max(1e-3, (nowNanos - startNanos) / 1e9);
        double rate = d / secs;
        String eta = rate > 0 && d > 0 ? clock((long) ((t - d) / rate)) : "--:--";
        return String.format(Locale.ROOT, "%s %s %d%% %s/%s %s/s ETA %s", name,
                p == Phase.WRITING ? "writing" : "verifying", d * 100 / t, Sizes.mib(d), Sizes.human(t),
                Sizes.human((long) rate), eta);
    }

    private static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
