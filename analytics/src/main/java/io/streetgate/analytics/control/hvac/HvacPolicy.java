package io.streetgate.analytics.control.hvac;

import io.streetgate.analytics.control.ManualOverride;
import io.streetgate.analytics.control.Reason;
import io.streetgate.analytics.control.Setting;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the heating, cooling and ventilation outputs of one zone at each step of the control loop (see
 * {@link HvacConfig}). Guarantees, whatever the readings and overrides: heating and cooling are never on
 * together (an output is switched on only while the other is off), and no switched output changes state
 * before its minimum on or off time has passed (overrides included: they take effect when it has). On sensor
 * loss: heating and cooling follow the fail-safe band on the fallback sensor (or stay off without one), and
 * the fan runs at the fail-safe ventilation. Not thread-safe: the control loop's thread owns it.
 */
public final class HvacPolicy {

    private final HvacConfig config;
    private final SwitchTimer heater;
    private final SwitchTimer cooler;
    private final SwitchTimer fanSwitch;

    /** A loop starting at {@code start} with every output off since then (the minimum off time holds from start). */
    public HvacPolicy(HvacConfig config, Instant start) {
        this(config, start, Map.of());
    }

    /**
     * A loop resuming after a restart.
     *
     * @param restored the switched outputs' last states and since when, by actuator id (from the saved state)
     */
    public HvacPolicy(HvacConfig config, Instant start, Map<String, Switched> restored) {
        this.config = config;
        this.heater = timer(config.heater(), start, restored);
        SwitchTimer c = timer(config.cooler(), start, restored);
        // a saved state never restarts heating and cooling together
        this.cooler = heater.on() && c.on() ? new SwitchTimer(config.minimumOn(), config.minimumOff(), false, start) : c;
        this.fanSwitch = config.fanSwitching() ? timer(config.fan(), start, restored) : null;
    }

    /** A switched output's state and since when. */
    public record Switched(boolean on, Instant since) {
    }

    private SwitchTimer timer(Optional<String> id, Instant start, Map<String, Switched> restored) {
        Switched s = id.map(restored::get).orElse(null);
        return s == null ? new SwitchTimer(config.minimumOn(), config.minimumOff(), false, start)
                : new SwitchTimer(config.minimumOn(), config.minimumOff(), s.on(), s.since().isAfter(start) ? start : s.since());
    }

    public HvacConfig config() {
        return config;
    }

    /** The switched outputs' states now, by actuator id (for saving across restarts). */
    public Map<String, Switched> switched() {
        Map<String, Switched> out = new LinkedHashMap<>();
        config.heater().ifPresent(id -> out.put(id, new Switched(heater.on(), heater.since())));
        config.cooler().ifPresent(id -> out.put(id, new Switched(cooler.on(), cooler.since())));
        if (fanSwitch != null) {
            config.fan().ifPresent(id -> out.put(id, new Switched(fanSwitch.on(), fanSwitch.since())));
        }
        return out;
    }

    /** Moves the outputs' minimum on and off times by a step of the wall clock (see {@link SwitchTimer#shift}). */
    public void shift(Duration step) {
        heater.shift(step);
        cooler.shift(step);
        if (fanSwitch != null) {
            fanSwitch.shift(step);
        }
    }

    /** One step: every output's setting, by actuator id. */
    public Map<String, Setting> step(Instant now, HvacInputs in, Map<String, ManualOverride> overrides) {
        Optional<ManualOverride> heatOverride = override(config.heater(), overrides, now);
        Optional<ManualOverride> coolOverride = override(config.cooler(), overrides, now);
        Optional<ManualOverride> fanOverride = override(config.fan(), overrides, now);

        Optional<Double> temperature = fresh(in.temperature(), now).filter(t -> !in.temperatureFaulty());
        Optional<Double> fallback = fresh(in.fallback(), now);
        Reason thermoReason;
        String thermoDetail;
        boolean heatWanted;
        boolean coolWanted;
        double db = config.deadband();
        if (temperature.isPresent()) {
            double t = temperature.get();
            heatWanted = heater.on() ? t < config.heatingSetpoint() + db / 2 : t <= config.heatingSetpoint() - db / 2;
            coolWanted = cooler.on() ? t > config.coolingSetpoint() - db / 2 : t >= config.coolingSetpoint() + db / 2;
            thermoReason = Reason.THERMOSTAT;
            thermoDetail = String.format(Locale.ROOT, "%.1f °C, band %.1f..%.1f °C", t, config.heatingSetpoint(),
                    config.coolingSetpoint());
        } else {
            String lost = "temperature sensor " + config.temperatureSensor()
                    + (in.temperatureFaulty() ? " is faulty" : " is silent");
            thermoReason = Reason.FAIL_SAFE;
            if (fallback.isPresent()) {
                double t = fallback.get();
                heatWanted = heater.on() ? t < config.safeLow() + db / 2 : t <= config.safeLow() - db / 2;
                coolWanted = cooler.on() ? t > config.safeHigh() - db / 2 : t >= config.safeHigh() + db / 2;
                thermoDetail = String.format(Locale.ROOT, "%s; safe band %.1f..%.1f °C on %s (%.1f °C)", lost,
                        config.safeLow(), config.safeHigh(), config.fallbackSensor().orElse(""), t);
            } else {
                heatWanted = false;
                coolWanted = false;
                thermoDetail = lost + "; no fallback sensor: heating and cooling off";
            }
        }
        if (heatOverride.isPresent()) {
            heatWanted = heatOverride.get().level() > 0;
        }
        if (coolOverride.isPresent()) {
            coolWanted = coolOverride.get().level() > 0;
        }
        // interlock: an override switching one on switches the other off; never ask for both
        if (heatOverride.isPresent() && heatWanted) {
            coolWanted = false;
        } else if (coolOverride.isPresent() && coolWanted) {
            heatWanted = false;
        } else if (heatWanted && coolWanted) {
            heatWanted = heater.on();
            coolWanted = cooler.on();
        }
        // off first, then on only while the other is off
        if (!heatWanted) {
            heater.request(false, now);
        }
        if (!coolWanted) {
            cooler.request(false, now);
        }
        if (heatWanted && !cooler.on()) {
            heater.request(true, now);
        }
        if (coolWanted && !heater.on()) {
            cooler.request(true, now);
        }

        Map<String, Setting> out = new LinkedHashMap<>();
        if (config.heater().isPresent()) {
            out.put(config.heater().get(), switched(heater, heatWanted, now, heatOverride, thermoReason, thermoDetail,
                    "heating", cooler));
        }
        if (config.cooler().isPresent()) {
            out.put(config.cooler().get(), switched(cooler, coolWanted, now, coolOverride, thermoReason, thermoDetail,
                    "cooling", heater));
        }
        if (config.fan().isPresent()) {
            out.put(config.fan().get(), fan(now, in, temperature.isEmpty(), fanOverride));
        }
        return out;
    }

    private Setting fan(Instant now, HvacInputs in, boolean temperatureLost, Optional<ManualOverride> override) {
        double level;
        Reason reason;
        String detail;
        if (override.isPresent()) {
            level = override.get().level();
            reason = Reason.OVERRIDE;
            detail = override.get().setting().detail();
        } else {
            Optional<Double> co2 = fresh(in.co2(), now).filter(c -> !in.co2Faulty());
            if (config.co2Sensor().isPresent() && co2.isEmpty()) {
                level = config.failSafeVentilation();
                reason = Reason.FAIL_SAFE;
                detail = "CO2 sensor " + config.co2Sensor().get() + (in.co2Faulty() ? " is faulty" : " is silent")
                        + ": fail-safe ventilation";
            } else if (co2.isPresent()) {
                double share = Math.max(0, Math.min(1, (co2.get() - config.co2Setpoint()) / config.co2Band()));
                level = config.minimumVentilation() + (1 - config.minimumVentilation()) * share;
                reason = Reason.VENTILATION;
                detail = String.format(Locale.ROOT, "CO2 %.0f ppm, setpoint %.0f ppm", co2.get(), config.co2Setpoint());
            } else {
                level = config.minimumVentilation();
                reason = Reason.VENTILATION;
                detail = "minimum ventilation";
            }
            if (temperatureLost && level < config.failSafeVentilation()) {
                level = config.failSafeVentilation();
                reason = Reason.FAIL_SAFE;
                detail = "temperature sensor " + config.temperatureSensor() + " lost: fail-safe ventilation";
            }
        }
        if (fanSwitch == null) {
            return new Setting(level, reason, detail);
        }
        boolean wanted = level > 0;
        boolean on = fanSwitch.request(wanted, now);
        return new Setting(on ? 1 : 0, reason, detail + holding(fanSwitch, wanted, now));
    }

    private static Setting switched(SwitchTimer timer, boolean wanted, Instant now, Optional<ManualOverride> override,
                                    Reason reason, String detail, String what, SwitchTimer other) {
        String why = override.map(o -> o.setting().detail()).orElse(detail);
        String waiting = holding(timer, wanted, now);
        if (waiting.isEmpty() && wanted && !timer.on() && other.on()) {
            waiting = "; waiting for the other output to go off (interlock)";
        }
        return new Setting(timer.on() ? 1 : 0, override.isPresent() ? Reason.OVERRIDE : reason,
                what + (timer.on() ? " on: " : " off: ") + why + waiting);
    }

    private static String holding(SwitchTimer timer, boolean wanted, Instant now) {
        if (wanted == timer.on()) {
            return "";
        }
        return "; held " + (timer.on() ? "on" : "off") + " until " + timer.free() + " (minimum "
                + (timer.on() ? "on" : "off") + " time)";
    }

    private Optional<Double> fresh(Optional<HvacInputs.Reading> r, Instant now) {
        return r.filter(x -> Double.isFinite(x.value())
                        && Duration.between(x.at(), now).compareTo(config.sensorTimeout()) <= 0)
                .map(HvacInputs.Reading::value);
    }

    private static Optional<ManualOverride> override(Optional<String> id, Map<String, ManualOverride> overrides, Instant now) {
        return id.map(overrides::get).filter(o -> o.activeAt(now));
    }
}
