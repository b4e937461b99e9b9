package io.streetgate.control;

import io.streetgate.analytics.control.hvac.HvacInputs;
import io.streetgate.analytics.quality.Rejection;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the control loops need from the readings, collected as they arrive on the bus threads: presence
 * detections (queued for the next step, at most {@value #MAX_DETECTIONS}; more are dropped and counted), and
 * the last good value of every other quantity of the sensors the loops name. Readings with a rejecting
 * quality flag are ignored. Thread-safe.
 */
final class ControlInputs {

    static final int MAX_DETECTIONS = 1000;

    /** A presence detection. */
    record Detection(String sensorId, Instant at) {
    }

    private final Set<String> presenceSensors;
    private final Set<String> watched;
    private final ConcurrentLinkedQueue<Detection> detections = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, HvacInputs.Reading> latest = new ConcurrentHashMap<>();

    /**
     * @param presenceSensors the sensors whose presence readings raise lamps
     * @param watched         the sensors whose last values the loops read (temperatures, CO2, meter, lamp status)
     */
    ControlInputs(Set<String> presenceSensors, Set<String> watched) {
        this.presenceSensors = Set.copyOf(presenceSensors);
        this.watched = Set.copyOf(watched);
    }

    void accept(Measurement m) {
        if (Rejection.isRejected(m.quality()) || !Double.isFinite(m.value())) {
            return;
        }
        if (presenceSensors.contains(m.sourceId())) {
            boolean detected = (m.quantity() == Quantity.PRESENCE && m.value() >= 0.5)
                    || (m.quantity() == Quantity.MOTION_EVENTS && m.value() > 0);
            if (detected) {
                if (queued.incrementAndGet() > MAX_DETECTIONS) {
                    queued.decrementAndGet();
                    dropped.incrementAndGet();
                } else {
                    detections.add(new Detection(m.sourceId(), m.timestamp()));
                }
            }
        }
        if (watched.contains(m.sourceId())) {
            latest.merge(key(m.sourceId(), m.quantity()), new HvacInputs.Reading(m.value(), m.timestamp()),
                    (old, now) -> now.at().isBefore(old.at()) ? old : now);
        }
    }

    /**
     * The detections since the last call, oldest first, one per sensor and instant: a PIR reports presence and
     * motion events from one read, which is one detection (announced to the neighbours once).
     */
    List<Detection> drainDetections() {
        Set<Detection> out = new LinkedHashSet<>();
        for (Detection d; (d = detections.poll()) != null; ) {
            queued.decrementAndGet();
            out.add(d);
        }
        return List.copyOf(out);
    }

    /** The last good reading of a quantity from a sensor. */
    Optional<HvacInputs.Reading> latest(String sensorId, Quantity quantity) {
        return Optional.ofNullable(latest.get(key(sensorId, quantity)));
    }

    /** The last good reading from a sensor of a quantity known only by name (a lamp controller's {@code lamp_failure}). */
    Optional<HvacInputs.Reading> latest(String sensorId, String quantityName) {
        return Optional.ofNullable(latest.get(sensorId + "/" + quantityName));
    }

    long droppedDetections() {
        return dropped.get();
    }

    private static String key(String sensorId, Quantity quantity) {
        return sensorId + "/" + quantity.name();
    }
}
