package io.streetgate.fleet;

import java.io.PrintWriter;
import java.time.Duration;

/** The live line every few seconds and the summary at the end; remembers the peaks in between. */
final class LiveReport {

    private final ProcessFootprint before;
    private final long began;
    private long lastAcknowledged;
    private long lastNanos;
    private double peakRate;
    private long peakHeap;
    private long peakRss;
    private int peakThreads;
    private int maxConnected;

    LiveReport(ProcessFootprint before, long began) {
        this.before = before;
        this.began = began;
        this.lastNanos = began;
    }

    /** {@code gateways connected 250/250  sent 12345  msgs/s 410  waiting 3  heap 180 MiB  rss 420 MiB  threads 1270}. */
    String line(FleetStats s, ProcessFootprint now) {
        long t = System.nanoTime();
        double rate = (s.acknowledged() - lastAcknowledged) / Math.max(1e-9, (t - lastNanos) / 1e9);
        lastAcknowledged = s.acknowledged();
        lastNanos = t;
        peakRate = Math.max(peakRate, rate);
        peakHeap = Math.max(peakHeap, now.heapBytes());
        peakRss = Math.max(peakRss, now.rssBytes());
        peakThreads = Math.max(peakThreads, now.threads());
        maxConnected = Math.max(maxConnected, s.connected());
        return String.format("gateways connected %d/%d  sent %d  msgs/s %.0f  waiting %d  heap %s  rss %s  threads %d",
                s.connected(), s.gateways(), s.acknowledged(), rate, s.waiting(), ProcessFootprint.mib(now.heapBytes()),
                ProcessFootprint.mib(now.rssBytes()), now.threads());
    }

    void summary(FleetStats s, FleetSettings settings, PrintWriter out) {
        Duration ran = Duration.ofNanos(System.nanoTime() - began);
        double seconds = Math.max(1e-9, ran.toNanos() / 1e9);
        out.printf("fleet: %d gateways ran %s; connected at most %d at once, %d connections (%d reconnects)%n",
                s.gateways(), Durations.describe(ran), maxConnected, s.connections(), s.reconnects());
        out.printf("fleet: stored %d summaries, published %d messages, broker acknowledged %d (mean %.0f msgs/s, "
                + "peak %.0f msgs/s); %d still waiting in the stores%n", s.stored(), s.published(), s.acknowledged(),
                s.acknowledged() / seconds, peakRate, s.waiting());
        out.printf("fleet: peak heap %s, peak rss %s, peak threads %d (%.1f per gateway above the %d before)%n",
                ProcessFootprint.mib(peakHeap), ProcessFootprint.mib(peakRss), peakThreads,
                (double) (peakThreads - before.threads()) / settings.gateways(), before.threads());
    }
}
