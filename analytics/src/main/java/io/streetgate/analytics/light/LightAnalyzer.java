package io.streetgate.analytics.light;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Analyzer;
import io.streetgate.analytics.Event;
import io.streetgate.analytics.EventType;
import io.streetgate.analytics.quality.Rejection;
import io.streetgate.analytics.window.PercentileConfig;
import io.streetgate.analytics.window.Periods;
import io.streetgate.analytics.window.WindowStats;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ambient light ({@link Quantity#ILLUMINANCE}, lx) for the lighting control: per-period statistics, a
 * smoothed level with a dark/light state that switches with hysteresis, and {@link EventType#DARKNESS} /
 * {@link EventType#DAYLIGHT} events when it switches. The control loop reads {@link #ambient(String)}.
 * Smoothing is exponential with the configured time constant τ: s ← s + (1 − e^(−Δt/τ))·(x − s), so memory
 * is constant per sensor; the state switches only when the smoothed level has stayed across the threshold
 * for τ as well, so a passing headlight or shadow does not switch it.
 */
public final class LightAnalyzer implements Analyzer {

    private final LightConfig config;
    private final Periods<Acc> periods;
    private final Map<String, State> states = new HashMap<>();
    private final List<AnalyticsRecord> pending = new ArrayList<>();

    public LightAnalyzer(LightConfig config) {
        this.config = config;
        this.periods = new Periods<>(Periods.fixed(config.period()), config.allowedLateness(), Acc::new);
    }

    @Override
    public void accept(Measurement m, Instant watermark) {
        if (m.quantity() != Quantity.ILLUMINANCE || Rejection.isRejected(m.quality()) || !Double.isFinite(m.value())) {
            return;
        }
        State s = states.get(m.sourceId());
        long t = m.timestamp().toEpochMilli();
        if (s == null) {
            s = new State(m.value(), t);
            s.dark = m.value() < config.darkBelowLux();
            states.put(m.sourceId(), s);
        } else if (t >= s.time) {
            double tau = config.smoothing().toMillis();
            double weight = tau == 0 ? 1 : 1 - Math.exp(-(t - s.time) / tau);
            s.smoothed += weight * (m.value() - s.smoothed);
            s.time = t;
            s.lux = m.value();
            boolean crossing = s.dark ? s.smoothed > config.lightAboveLux() : s.smoothed < config.darkBelowLux();
            if (!crossing) {
                s.crossingSince = -1;
            } else if (s.crossingSince < 0) {
                s.crossingSince = t;
            }
            if (crossing && t - s.crossingSince >= config.smoothing().toMillis()) {
                s.dark = !s.dark;
                s.crossingSince = -1;
                pending.add(new Event(s.dark ? EventType.DARKNESS : EventType.DAYLIGHT, m.sourceId(),
                        Quantity.ILLUMINANCE, Unit.LUX, m.timestamp(), m.timestamp(), s.smoothed,
                        s.dark ? config.darkBelowLux() : config.lightAboveLux(),
                        s.dark ? "ambient light fell below the dark level" : "ambient light rose above the light level"));
            }
        }
        Acc acc = periods.get(m.sourceId(), m.timestamp(), watermark);
        if (acc != null) {
            acc.stats.add(m.value());
            if (s.dark) {
                acc.dark++;
            }
        }
    }

    /** The current ambient light at a sensor, if it has reported. */
    public Optional<AmbientLight> ambient(String sourceId) {
        State s = states.get(sourceId);
        return s == null ? Optional.empty()
                : Optional.of(new AmbientLight(sourceId, Instant.ofEpochMilli(s.time), s.lux, s.smoothed, s.dark));
    }

    @Override
    public List<AnalyticsRecord> advanceTo(Instant watermark) {
        List<AnalyticsRecord> out = new ArrayList<>(pending);
        pending.clear();
        periods.closeUpTo(watermark, (id, start, end, acc) -> {
            WindowStats st = acc.stats;
            out.add(new LightStats(id, start, end, st.count(), st.min(), st.mean(), st.quantile(0.1), st.quantile(0.5),
                    st.quantile(0.9), st.max(), (double) acc.dark / st.count()));
        });
        return out;
    }

    @Override
    public long lateDropped() {
        return periods.lateDropped();
    }

    @Override
    public int forgetIdle(Instant silentBefore) {
        int before = states.size();
        states.values().removeIf(s -> s.time < silentBefore.toEpochMilli());
        return before - states.size();
    }

    private static final class Acc {
        final WindowStats stats = new WindowStats(PercentileConfig.DEFAULT);
        long dark;
    }

    private static final class State {
        double lux;
        double smoothed;
        long time;
        boolean dark;
        /** When the smoothed level crossed the threshold toward the other state, or -1. */
        long crossingSince = -1;

        State(double lux, long time) {
            this.lux = lux;
            this.smoothed = lux;
            this.time = time;
        }
    }
}
