package io.streetgate.analytics.control.lighting;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Adds up the lamps' energy over each night: the power model at the levels applied (or the energy meter's
 * counter, when there is one) against the power model at full light for the same lit time. A night runs
 * from the step that lights the lamps to the step that puts them out. Each interval between two steps is
 * counted at the levels of its start. Not thread-safe.
 */
public final class EnergyTally {

    private final Map<String, LedDriverPower> lamps;
    private final Optional<String> meterId;
    private Instant last;
    private boolean lit;
    private Map<String, Double> levels = Map.of();
    private Instant nightStart;
    private double litSeconds;
    private double actualWh;
    private double fullOnWh;
    private Double meterAtStart;
    private Double meterNow;

    /**
     * @param lamps   every lamp with its power model
     * @param meterId the energy meter of the lamps' circuit, if any
     */
    public EnergyTally(Map<String, LedDriverPower> lamps, Optional<String> meterId) {
        this.lamps = new LinkedHashMap<>(lamps);
        this.meterId = meterId;
    }

    /** The meter's import counter (kWh) read at {@code at}. */
    public void meter(double kWh, Instant at) {
        if (!Double.isFinite(kWh)) {
            return;
        }
        meterNow = kWh;
        if (nightStart != null && meterAtStart == null) {
            meterAtStart = kWh;
        }
    }

    /**
     * One step of the control loop.
     *
     * @param lit    whether the schedule lights the lamps now
     * @param levels the levels applied now, by lamp
     * @return the night that ended at this step, if one did
     */
    public Optional<NightEnergy> step(Instant now, boolean lit, Map<String, Double> levels) {
        Optional<NightEnergy> ended = Optional.empty();
        if (last != null && now.isAfter(last) && nightStart != null) {
            double seconds = Duration.between(last, now).toNanos() / 1e9;
            for (Map.Entry<String, LedDriverPower> lamp : lamps.entrySet()) {
                double level = this.levels.getOrDefault(lamp.getKey(), 0.0);
                actualWh += lamp.getValue().watts(level) * seconds / 3600;
                fullOnWh += lamp.getValue().watts(this.lit ? 1.0 : 0.0) * seconds / 3600;
            }
            if (this.lit) {
                litSeconds += seconds;
            }
        }
        if (lit && nightStart == null) {
            nightStart = now;
            litSeconds = 0;
            actualWh = 0;
            fullOnWh = 0;
            meterAtStart = meterNow;
        } else if (!lit && nightStart != null) {
            ended = Optional.of(current(now, true));
            nightStart = null;
        }
        this.last = now;
        this.lit = lit;
        this.levels = new HashMap<>(levels);
        return ended;
    }

    /**
     * Moves the night's times by a step of the wall clock (time sync setting it): what was counted stays, and
     * a night's end can never come before its start.
     */
    public void shift(Duration step) {
        if (last != null) {
            last = last.plus(step);
        }
        if (nightStart != null) {
            nightStart = nightStart.plus(step);
        }
    }

        /** The night so far; empty by day. */
    public Optional<NightEnergy> running(Instant now) {
        return nightStart == null ? Optional.empty() : Optional.of(current(now, false));
    }

    private NightEnergy current(Instant end, boolean complete) {
        double actual = actualWh;
        String source = "model";
        if (meterId.isPresent() && meterAtStart != null && meterNow != null && meterNow >= meterAtStart) {
            actual = (meterNow - meterAtStart) * 1000;
            source = "meter:" + meterId.get();
        }
        return new NightEnergy(nightStart, end, complete, lamps.size(), litSeconds / 3600, actual, fullOnWh, source);
    }
}
