package io.streetgate.analytics.occupancy;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Analyzer;
import io.streetgate.analytics.quality.Rejection;
import io.streetgate.analytics.window.Periods;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Presence and counts per zone and period. Presence sensors ({@link Quantity#PRESENCE}, 0 or 1, reported on
 * change or periodically) give the occupied time, each state held until the sensor's next reading or at
 * most {@code max-hold}, and presence episodes (visits) with their dwell; people counters
 * ({@link Quantity#MOTION_EVENTS}, a count per reading) are summed. Small numbers are suppressed here, so no
 * record carries a count below k (statistical disclosure control; shared/reference/formulas.md "Data quality
 * and privacy"). No identifiers are read or kept: only zone-level sums.
 */
public final class OccupancyAnalyzer implements Analyzer {

    private final OccupancyConfig config;
    private final Periods<ZoneAcc> periods;
    private final long periodMillis;
    private final Map<String, SensorState> sensors = new HashMap<>();
    /** The watermark of the previous advance: the periods it closed must not reopen. */
    private Instant closedUpTo = Instant.EPOCH.minus(Duration.ofDays(365_000));

    public OccupancyAnalyzer(OccupancyConfig config) {
        this.config = config;
        this.periodMillis = config.period().toMillis();
        this.periods = new Periods<>(Periods.fixed(config.period()), config.allowedLateness(), ZoneAcc::new);
    }

    @Override
    public void accept(Measurement m, Instant watermark) {
        boolean presence = m.quantity() == Quantity.PRESENCE;
        if ((!presence && m.quantity() != Quantity.MOTION_EVENTS) || Rejection.isRejected(m.quality())
                || !Double.isFinite(m.value())) {
            return;
        }
        String zone = config.zoneOf(m.sourceId());
        if (!presence) {
            ZoneAcc acc = periods.get(zone, m.timestamp(), watermark);
            if (acc != null) {
                acc.counted += Math.max(0, Math.round(m.value()));
                acc.hasCounter = true;
            }
            return;
        }
        long t = m.timestamp().toEpochMilli();
        boolean present = m.value() >= 0.5;
        SensorState s = sensors.computeIfAbsent(m.sourceId(), id -> new SensorState());
        if (s.known && t < s.reportedAt) {
            return; // older than the state we hold: it cannot change the past
        }
        if (s.known && s.present) {
            long holdEnd = Math.min(t, s.reportedAt + config.maxHold().toMillis());
            if (holdEnd > s.creditedUpTo) {
                credit(zone, s.creditedUpTo, holdEnd, watermark);
            }
        }
        if (present && (!s.known || !s.present)) {
            s.episodeStart = t;
            ZoneAcc acc = periods.get(zone, m.timestamp(), watermark);
            if (acc != null) {
                acc.visits++;
            }
        } else if (!present && s.known && s.present) {
            ZoneAcc acc = periods.get(zone, m.timestamp(), watermark);
            if (acc != null) {
                acc.dwellMillis += t - s.episodeStart;
                acc.episodesEnded++;
            }
        }
        s.known = true;
        s.present = present;
        s.reportedAt = t;
        s.creditedUpTo = t;
    }

    /** Adds occupied time [from, to) to the zone's periods it spans. */
    private void credit(String zone, long from, long to, Instant watermark) {
        long t = from;
        while (t < to) {
            long periodEnd = Math.floorDiv(t, periodMillis) * periodMillis + periodMillis;
            long chunkEnd = Math.min(to, periodEnd);
            ZoneAcc acc = periods.get(zone, Instant.ofEpochMilli(t), watermark);
            if (acc != null) {
                acc.occupiedMillis += chunkEnd - t;
            }
            t = chunkEnd;
        }
    }

    @Override
    public List<AnalyticsRecord> advanceTo(Instant watermark) {
        // credit sensors still showing presence up to the watermark, so a long stay is not all booked late
        long now = watermark.toEpochMilli();
        for (Map.Entry<String, SensorState> e : sensors.entrySet()) {
            SensorState s = e.getValue();
            if (s.known && s.present) {
                long holdEnd = Math.min(now, s.reportedAt + config.maxHold().toMillis());
                if (holdEnd > s.creditedUpTo) {
                    credit(config.zoneOf(e.getKey()), s.creditedUpTo, holdEnd, closedUpTo);
                    s.creditedUpTo = holdEnd;
                }
            }
        }
        closedUpTo = watermark;
        List<AnalyticsRecord> out = new ArrayList<>();
        int k = config.k();
        periods.closeUpTo(watermark, (zone, start, end, acc) -> {
            boolean enoughVisits = acc.visits >= k;
            Long count = acc.hasCounter && acc.counted >= k ? acc.counted : null;
            Double occupied = enoughVisits
                    ? Math.min(1.0, (double) acc.occupiedMillis / Duration.between(start, end).toMillis()) : null;
            Double dwell = enoughVisits && acc.episodesEnded > 0 ? acc.dwellMillis / 1000.0 / acc.episodesEnded : null;
            out.add(new OccupancyPeriod(zone, start, end, k, enoughVisits ? acc.visits : null, count, occupied, dwell));
        });
        return out;
    }

    @Override
    public long lateDropped() {
        return periods.lateDropped();
    }

    /** A sensor silent since before silentBefore holds no presence any more (max-hold is far shorter). */
    @Override
    public int forgetIdle(Instant silentBefore) {
        int before = sensors.size();
        sensors.values().removeIf(s -> s.reportedAt < silentBefore.toEpochMilli());
        return before - sensors.size();
    }

    private static final class ZoneAcc {
        long visits;
        long counted;
        boolean hasCounter;
        long occupiedMillis;
        long dwellMillis;
        long episodesEnded;
    }

    private static final class SensorState {
        boolean known;
        boolean present;
        /** When the sensor last reported; its state holds from then for at most max-hold. */
        long reportedAt;
        /** Up to when the current presence has been booked as occupied time. */
        long creditedUpTo;
        long episodeStart;
    }
}
