package io.streetgate.systemd;

import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.LoopGuard;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides whether the gateway's core is alive, from its parts' health reports over time. The watchdog is fed
 * only while it is: systemd restarts a gateway whose core is dead or stuck, and only then.
 * <p>
 * Alive means all of:
 * <ul>
 * <li>the {@code pipeline} part is reported (its component is active) and not faulty;</li>
 * <li>sampling moves: when sensors are configured, at least one {@code sensor/...} report changed within the
 *     stall window. Every read attempt changes a sensor's report (a good read its counters and last values, a
 *     failed one its failure counters), and a faulty sensor is still retried at least every 5 minutes
 *     (gateway time), so one faulty sensor, or all of them, never stops the watchdog: a broken chip is not
 *     cured by a restart and shows in {@code streetgate status}. Only samplers that stopped trying do;</li>
 * <li>the pipeline moves: when sensors delivered good readings since the pipeline's report last changed
 *     (it reports on every tick, with its reading counter), that report changed within the stall window;</li>
 * <li>the loops turn: every {@code loop/...} part (the control loop, the uplink's sender; {@link LoopGuard})
 *     counted a pass within its own stuck bound ({@value LoopGuard#STUCK_AFTER_MS}, which the loop reports). A
 *     pass that failed still counts: the loop caught it and went on. One that blocks does not.</li>
 * </ul>
 * The stall window is the larger of a minimum (10 minutes by default) and three times the longest sensor period,
 * so a sensor read once an hour is not mistaken for a stuck one.
 */
public final class CoreLiveness {

    static final String PIPELINE = "pipeline";
    static final String SENSOR_PREFIX = "sensor/";
    public static final Duration DEFAULT_MINIMUM_STALL_WINDOW = Duration.ofMinutes(10);

    private final long minimumStallNanos;
    private Map<String, ComponentStatus> lastSensors = Map.of();
    private ComponentStatus lastPipeline;
    private long samplingMovedAt;
    private long pipelineMovedAt;
    private long goodReadsAtPipelineMove = -1;
    /** Each loop's passes as last seen, and when they last moved. */
    private final Map<String, long[]> loops = new HashMap<>();

    public CoreLiveness(Duration minimumStallWindow, long nowNanos) {
        this.minimumStallNanos = minimumStallWindow.toNanos();
        this.samplingMovedAt = nowNanos;
        this.pipelineMovedAt = nowNanos;
    }

    /** Judges the parts as reported now; call it regularly, with a monotonic clock ({@link System#nanoTime()}). */
    public CoreVerdict judge(List<ComponentStatus> parts, long nowNanos) {
        ComponentStatus pipeline = null;
        Map<String, ComponentStatus> sensors = new HashMap<>();
        Map<String, ComponentStatus> loopParts = new TreeMap<>(); // the first stuck one by name
        for (ComponentStatus part : parts) {
            if (part.name().equals(PIPELINE)) {
                pipeline = part;
            } else if (part.name().startsWith(SENSOR_PREFIX)) {
                sensors.put(part.name(), part);
            } else if (part.name().startsWith(LoopGuard.PART_PREFIX)) {
                loopParts.put(part.name(), part);
            }
        }
        String stuckLoop = stuckLoop(loopParts, nowNanos);
        long goodReads = sensors.values().stream().mapToLong(s -> number(s, "good_reads")).sum();
        if (!sensors.equals(lastSensors)) {
            samplingMovedAt = nowNanos;
            lastSensors = sensors;
        }
        if (pipeline != null && !pipeline.equals(lastPipeline) || goodReadsAtPipelineMove < 0) {
            pipelineMovedAt = nowNanos;
            goodReadsAtPipelineMove = goodReads;
            lastPipeline = pipeline;
        }
        String sensorSummary = sensorSummary(sensors);
        if (pipeline == null) {
            return new CoreVerdict(false, "not alive: the pipeline is not running; " + sensorSummary);
        }
        if (pipeline.health().state() == HealthState.FAULTY) {
            return new CoreVerdict(false, "not alive: the pipeline is faulty (" + pipeline.health().reason() + ")");
        }
        long window = stallWindowNanos(sensors);
        if (!sensors.isEmpty() && nowNanos - samplingMovedAt > window) {
            return new CoreVerdict(false, "not alive: no sensor has been sampled for "
                    + seconds(nowNanos - samplingMovedAt) + " s; " + sensorSummary);
        }
        if (goodReads > goodReadsAtPipelineMove && nowNanos - pipelineMovedAt > window) {
            return new CoreVerdict(false, "not alive: readings arrive but the pipeline has not moved for "
                    + seconds(nowNanos - pipelineMovedAt) + " s");
        }
        if (stuckLoop != null) {
            return new CoreVerdict(false, "not alive: " + stuckLoop);
        }
        return new CoreVerdict(true, "running: pipeline up, " + sensorSummary);
    }

    /** The first loop whose passes have not moved within its bound, described; null when every loop turns. */
    private String stuckLoop(Map<String, ComponentStatus> loopParts, long nowNanos) {
        loops.keySet().retainAll(loopParts.keySet());
        String stuck = null;
        for (ComponentStatus part : loopParts.values()) {
            long passes = number(part, LoopGuard.PASSES);
            long[] seen = loops.get(part.name());
            if (seen == null || seen[0] != passes) {
                loops.put(part.name(), new long[] {passes, nowNanos});
                continue;
            }
            long boundMillis = number(part, LoopGuard.STUCK_AFTER_MS);
            long stillFor = nowNanos - seen[1];
            if (stuck == null && boundMillis > 0 && stillFor > Duration.ofMillis(boundMillis).toNanos()) {
                stuck = "the " + part.name().substring(LoopGuard.PART_PREFIX.length()) + " loop has made no pass for "
                        + seconds(stillFor) + " s (stuck after " + secondsOf(boundMillis) + " s; last pass "
                        + part.details().get("last_pass") + ")";
            }
        }
        return stuck;
    }

    private long stallWindowNanos(Map<String, ComponentStatus> sensors) {
        long longestPeriodMillis = sensors.values().stream().mapToLong(s -> number(s, "period")).max().orElse(0);
        return Math.max(minimumStallNanos, Duration.ofMillis(longestPeriodMillis).multipliedBy(3).toNanos());
    }

    private static String sensorSummary(Map<String, ComponentStatus> sensors) {
        if (sensors.isEmpty()) {
            return "no sensors";
        }
        List<String> notOk = sensors.values().stream().filter(s -> s.health().state() != HealthState.OK)
                .map(s -> s.name().substring(SENSOR_PREFIX.length()) + " "
                        + s.health().state().name().toLowerCase(java.util.Locale.ROOT))
                .sorted().toList();
        String ok = (sensors.size() - notOk.size()) + "/" + sensors.size() + " sensors ok";
        return notOk.isEmpty() ? ok : ok + " (" + String.join(", ", notOk) + ")";
    }

    private static long number(ComponentStatus status, String key) {
        return status.details().get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static String secondsOf(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }
}
