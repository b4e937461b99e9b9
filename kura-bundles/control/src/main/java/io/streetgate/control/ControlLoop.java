package io.streetgate.control;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.control.ActuatorLimits;
import io.streetgate.analytics.control.ActuatorState;
import io.streetgate.analytics.control.AuditRecord;
import io.streetgate.analytics.control.ManualOverride;
import io.streetgate.analytics.control.Overrides;
import io.streetgate.analytics.control.Reason;
import io.streetgate.analytics.control.Setting;
import io.streetgate.analytics.control.hvac.HvacConfig;
import io.streetgate.analytics.control.hvac.HvacInputs;
import io.streetgate.analytics.control.hvac.HvacPolicy;
import io.streetgate.analytics.control.lighting.EnergyTally;
import io.streetgate.analytics.control.lighting.LampConfig;
import io.streetgate.analytics.control.lighting.LedDriverPower;
import io.streetgate.analytics.control.lighting.LightingConfig;
import io.streetgate.analytics.control.lighting.LightingPolicy;
import io.streetgate.analytics.control.lighting.NightEnergy;
import io.streetgate.analytics.light.AmbientLight;
import io.streetgate.driver.sun.SolarPosition;
import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.Health;
import io.streetgate.driver.Quantity;
import io.streetgate.gateway.api.ActuatorFactory;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.ThrottledLog;
import io.streetgate.site.ControlConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The node's control loops as one step function: each step expires overrides, takes the presence detections
 * and readings that arrived, asks the lighting and HVAC policies for every actuator's setting, writes them
 * through the drivers, adds up the night's energy, saves the last safe state, reports every actuator's state
 * and reason to the health registry, and sends upstream what changed. Commands (overrides, releases,
 * presence from a neighbouring node) run between steps on the same thread. If a step fails, whatever it throws
 * (an {@link Error} too), every actuator is put in its fail-safe state. Each step ends with one report of every
 * actuator and of the control itself, so that a status read never sees the actuators of one step beside the
 * schedule of another. After a restart, the saved state is given back at once and held until the loop
 * has its inputs (its sensor reported, or its timeout passed). Plain Java and single-threaded: the OSGi
 * component drives it from one thread ({@link ControlRunner}); tests drive it with a manual clock.
 * <p>
 * It stays one class because every part of a step reads and changes the same state (the channels, the
 * overrides, the outputs still waiting for their inputs, the saved state), and the commands between steps
 * must see it whole; the actuators' drivers are in {@link ActuatorChannel}, the inputs in {@link ControlInputs}.
 */
final class ControlLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);

    /** What the loop needs from the gateway around it. */
    interface Environment {
        /** The light sensor's smoothed state (analytics.light). */
        Optional<AmbientLight> ambient(String sensorId);

        /** Whether a sensor reports faulty health. */
        boolean faulty(String sensorId);

        /** Reports these parts' health as one change (the actuators and the control, after each step). */
        void report(List<ComponentStatus> parts);

        /** Sends a record upstream (actuator states, audit records, the night's energy). */
        void publish(AnalyticsRecord record);

        /** Tells the node's local broker that presence raised these neighbouring lamps (for neighbouring nodes). */
        void announce(String lampId, List<String> neighbours, Instant at);
    }

    public static final String OVERRIDE = "actuator.override";
    public static final String RELEASE = "actuator.release";
    public static final String PRESENCE = "lighting.presence";

    private final ControlConfig config;
    private final Environment env;
    private final StateStore store;
    private final AuditLog audit;
    private final ControlInputs inputs;
    private final Map<String, ActuatorChannel> channels = new LinkedHashMap<>();
    private final Overrides overrides;
    private final LightingPolicy lighting;
    private final EnergyTally energy;
    private final Map<HvacConfig, HvacPolicy> hvac = new LinkedHashMap<>();
    private final Map<String, StateStore.Saved> restored;
    private final Map<String, StateStore.Saved> saved = new HashMap<>();
    private final Set<String> waiting = new HashSet<>();
    /** The level an actuator no loop drives had when an override took it: where it goes when the override ends. */
    private final Map<String, Double> beforeOverride = new HashMap<>();
    /** When the loop started, moved by the wall clock's steps: the wait for sensors counts from it. */
    private Instant started;
    /** Gateway time on the monotonic clock ({@code TimeBase.nanos}), and the wall clock it was last read with. */
    private final LongSupplier nanos;
    private long lastNanos;
    private Instant lastSeen;
    private final SolarPosition sun;
    private final Map<String, String> published = new HashMap<>();
    private final ThrottledLog failures = new ThrottledLog(LOG);
    private Instant lastReport = Instant.MIN;
    private LightingPolicy.Schedule schedule;
    private Optional<NightEnergy> lastNight = Optional.empty();
    private long steps;
    private long stepFailures;
    private boolean lastStepFailed;
    private String lastFailure = "";
    /** Steps whose actuators were decided, by the policies or the fail-safe state. */
    private long decided;
    private Instant lastStep;

    /** A loop on a clock that is the only time there is (tests stepping it by hand): no clock steps to follow. */
    ControlLoop(ControlConfig config, List<DeviceConfig> actuators, ActuatorFactory drivers, Environment env,
                StateStore store, AuditLog audit, Instant now) {
        this(config, actuators, drivers, env, store, audit, now, null);
    }

    /**
     * @param nanos gateway time on the monotonic clock ({@code TimeBase::nanos}): the loop's durations (the wait
     *              for sensors, {@code report-every}, an override's time left, the HVAC's minimum times, presence
     *              hold and fade, an output's back-off) are measured on it, so a step of
     *              the wall clock neither cuts them short nor stretches them; null when {@code now} is the only time
     */
    ControlLoop(ControlConfig config, List<DeviceConfig> actuators, ActuatorFactory drivers, Environment env,
                StateStore store, AuditLog audit, Instant now, LongSupplier nanos) {
        this.nanos = nanos;
        this.lastNanos = nanos == null ? 0 : nanos.getAsLong();
        this.lastSeen = nanos == null ? null : now;
        this.config = config;
        this.env = env;
        this.store = store;
        this.audit = audit;
        this.started = now;
        this.restored = store.load();
        this.saved.putAll(restored);
        Map<String, String> roles = config.roles();
        Map<String, ActuatorLimits> limits = new LinkedHashMap<>();
        Set<String> switched = new HashSet<>();
        for (HvacConfig zone : config.hvac()) {
            zone.heater().ifPresent(switched::add);
            zone.cooler().ifPresent(switched::add);
            if (zone.fanSwitching()) {
                zone.fan().ifPresent(switched::add);
            }
        }
        for (DeviceConfig device : actuators) {
            String role = roles.getOrDefault(device.id(), "output");
            ActuatorDriver driver = null;
            String unusable = "";
            try {
                driver = drivers.createActuator(device);
            } catch (DriverException | RuntimeException e) {
                unusable = "no driver: " + e.getMessage();
                LOG.error("Actuator {} ({}) cannot run: {}", device.id(), device.type(), e.getMessage());
            }
            channels.put(device.id(), new ActuatorChannel(device, role, switched.contains(device.id()), driver,
                    unusable, now));
            limits.put(device.id(), switched.contains(device.id()) ? ActuatorLimits.onOff() : ActuatorLimits.dimmable());
        }
        this.lighting = config.lighting().map(LightingPolicy::new).orElse(null);
        Set<String> presence = new HashSet<>();
        Set<String> watched = new HashSet<>();
        Map<String, LedDriverPower> lamps = new LinkedHashMap<>();
        config.lighting().ifPresent(l -> {
            for (LampConfig lamp : l.lamps()) {
                presence.addAll(lamp.presenceSensors());
                lamp.statusSource().ifPresent(watched::add);
                limits.put(lamp.id(), ActuatorLimits.lamp(lamp.floor(), lamp.floorName()));
                lamps.put(lamp.id(), lamp.power());
                waiting.add(lamp.id());
            }
            l.energyMeter().ifPresent(watched::add);
        });
        this.energy = lighting == null ? null : new EnergyTally(lamps, config.lighting().get().energyMeter());
        this.sun = config.lighting().map(l -> new SolarPosition(l.latitude(), l.longitude())).orElse(null);
        for (HvacConfig zone : config.hvac()) {
            watched.add(zone.temperatureSensor());
            zone.co2Sensor().ifPresent(watched::add);
            zone.fallbackSensor().ifPresent(watched::add);
            Map<String, HvacPolicy.Switched> saved = new HashMap<>();
            restored.forEach((id, s) -> {
                if (s.switchedOn() != null) {
                    saved.put(id, new HvacPolicy.Switched(s.switchedOn(), s.switchedSince()));
                }
            });
            hvac.put(zone, new HvacPolicy(zone, now, saved));
            zone.heater().ifPresent(waiting::add);
            zone.cooler().ifPresent(waiting::add);
            zone.fan().ifPresent(waiting::add);
            zone.heater().ifPresent(h -> zone.cooler().ifPresent(c -> {
                limits.put(h, limits.get(h).interlockedWith(c));
                limits.put(c, limits.get(c).interlockedWith(h));
            }));
        }
        limits.keySet().retainAll(channels.keySet());
        this.overrides = new Overrides(limits, config.maxOverride());
        this.inputs = new ControlInputs(presence, watched);
        // give the saved state back at once: the lamps keep their last safe state until the loop can decide
        for (ActuatorChannel c : channels.values()) {
            StateStore.Saved s = restored.get(c.id());
            if (s != null) {
                c.apply(new Setting(s.level(), Reason.RESTORED, "last safe state (" + s.reason() + " since " + s.since()
                        + "), kept until control resumes"), now);
            }
        }
    }

    ControlInputs inputs() {
        return inputs;
    }

    /** The commands the loop owns. */
    static Set<String> commands() {
        return Set.of(OVERRIDE, RELEASE, PRESENCE);
    }

    /**
     * One step of every loop at {@code now}: the actuators are decided (by the policies, or put in their
     * fail-safe state if that fails, whatever it throws), then reported. What the report throws goes to the
     * caller: the actuators keep what this step gave them.
     */
    void step(Instant now) {
        followClockSteps(now);
        steps++;
        lastStep = now;
        try {
            run(now);
            lastStepFailed = false;
            failures.recovered("Control steps succeed");
        } catch (Throwable e) {
            stepFailures++;
            lastStepFailed = true;
            lastFailure = e.toString();
            failures.failed("Control step failed; actuators go to their fail-safe state", e);
            failSafe(now, "control loop failed: " + e);
        }
        decided++;
        report(now);
    }

    /**
     * Moves the loop's timers by however far the wall clock stepped since it was last read (the wall clock's
     * advance less the monotonic clock's): time sync setting the clock after a cold boot must not end an
     * override, the wait for sensors, the report interval, the HVAC's minimum on and off times, a presence
     * raise's hold and fade or an output's back-off at once (a step forward) nor stretch them (back), nor make
     * the night's energy end before it began. Their times stay in the wall clock's terms, for the
     * status, the audit and the records upstream.
     */
    private void followClockSteps(Instant now) {
        if (nanos == null) {
            return;
        }
        long n = nanos.getAsLong();
        if (lastSeen != null) {
            Duration step = Duration.between(lastSeen, now).minusNanos(n - lastNanos);
            if (!step.isZero()) {
                started = started.plus(step);
                if (!lastReport.equals(Instant.MIN)) {
                    lastReport = lastReport.plus(step);
                }
                overrides.shift(step);
                if (energy != null) {
                    energy.shift(step);
                }
                if (lighting != null) {
                    lighting.shift(step);
                }
                hvac.values().forEach(p -> p.shift(step));
                channels.values().forEach(c -> c.shift(step));
                if (step.abs().compareTo(Duration.ofSeconds(1)) >= 0) {
                    LOG.info("The wall clock stepped by {} s; overrides, the wait for sensors, the report interval, "
                            + "the HVAC's minimum on and off times, presence hold and fade and the outputs' back-off "
                            + "keep the time they had left", step.toSeconds());
                }
            }
        }
        lastSeen = now;
        lastNanos = n;
    }

    /** How many steps decided the actuators; a pass that did not add one left them undecided. */
    long decided() {
        return decided;
    }

    /**
     * When a pass of the loop failed before its step decided the actuators (the clock failed, say): every
     * actuator to its fail-safe state, at the last step's time, and reported.
     */
    void failedBeforeDeciding(Throwable failure) {
        Instant at = lastStep == null ? started : lastStep;
        stepFailures++;
        lastStepFailed = true;
        lastFailure = failure.toString();
        failSafe(at, "control loop failed: " + failure);
        report(at);
    }

    private void run(Instant now) {
        Map<String, Setting> wanted = new LinkedHashMap<>();
        Map<String, Setting> upstream = new LinkedHashMap<>();
        List<ManualOverride> expired = overrides.expire(now);
        Map<String, ManualOverride> active = overrides.all();

        if (lighting != null) {
            LightingConfig lc = lighting.config();
            for (ControlInputs.Detection d : inputs.drainDetections()) {
                List<String> neighbours = lighting.presence(d.sensorId(), d.at());
                if (!neighbours.isEmpty()) {
                    lc.lamps().stream().filter(l -> l.presenceSensors().contains(d.sensorId()))
                            .forEach(l -> env.announce(l.id(), l.neighbours(), d.at()));
                }
            }
            Optional<AmbientLight> ambient = lc.lightSensor().flatMap(env::ambient);
            boolean faulty = lc.lightSensor().map(env::faulty).orElse(false);
            boolean ready = lc.lightSensor().isEmpty() || ambient.isPresent()
                    || !now.isBefore(started.plus(lc.sensorTimeout()));
            schedule = lighting.schedule(now, ambient, faulty);
            Map<String, Setting> lamps = lighting.step(now, ambient, faulty, active);
            lamps.forEach((id, s) -> wanted.put(id, hold(id, s, ready, now)));
            lighting.base().forEach((id, s) -> upstream.put(id, s));
        }
        for (Map.Entry<HvacConfig, HvacPolicy> zone : hvac.entrySet()) {
            HvacConfig z = zone.getKey();
            Optional<HvacInputs.Reading> temperature = inputs.latest(z.temperatureSensor(), Quantity.TEMPERATURE);
            HvacInputs in = new HvacInputs(temperature, env.faulty(z.temperatureSensor()),
                    z.co2Sensor().flatMap(c -> inputs.latest(c, Quantity.CO2)),
                    z.co2Sensor().map(env::faulty).orElse(false),
                    z.fallbackSensor().flatMap(f -> inputs.latest(f, Quantity.TEMPERATURE)));
            boolean ready = temperature.isPresent() || !now.isBefore(started.plus(z.sensorTimeout()));
            List<String> outputs = new ArrayList<>();
            z.heater().ifPresent(outputs::add);
            z.cooler().ifPresent(outputs::add);
            z.fan().ifPresent(outputs::add);
            if (!ready && outputs.stream().anyMatch(restored::containsKey)) {
                // the policy does not step while the outputs hold their saved state, so that its minimum on and
                // off times count from what the outputs really did
                String why = "waiting for temperature sensor " + z.temperatureSensor();
                for (String id : outputs) {
                    double safe = z.fan().map(id::equals).orElse(false) ? (z.fanSwitching() ? 1 : z.failSafeVentilation()) : 0;
                    wanted.put(id, hold(id, new Setting(safe, Reason.FAIL_SAFE, why), false, now));
                }
                continue;
            }
            outputs.forEach(waiting::remove);
            zone.getValue().step(now, in, active).forEach((id, s) -> wanted.put(id, s));
        }
        for (ActuatorChannel c : channels.values()) {
            if (!wanted.containsKey(c.id())) {
                ManualOverride o = active.get(c.id());
                if (o != null) {
                    if (c.setting() == null || c.setting().reason() != Reason.OVERRIDE) {
                        // an output the gateway never set is off until it is: that is where it goes back to
                        beforeOverride.put(c.id(), c.setting() == null ? 0.0 : c.setting().level());
                    }
                    wanted.put(c.id(), o.setting());
                } else if (c.setting() != null && c.setting().reason() == Reason.OVERRIDE) {
                    Double before = beforeOverride.remove(c.id());
                    wanted.put(c.id(), before == null
                            ? new Setting(c.setting().level(), Reason.RESTORED, "no control loop drives it: left at "
                                    + "its level after the override ended (its level before is not known)")
                            : new Setting(before, Reason.RESTORED, "no control loop drives it: back to its level "
                                    + "before the override"));
                }
            }
        }
        Map<String, Double> levels = new LinkedHashMap<>();
        wanted.forEach((id, s) -> {
            ActuatorChannel c = channels.get(id);
            if (c != null) {
                c.apply(s, now);
                levels.put(id, Double.isNaN(c.applied()) ? 0 : c.applied());
            }
        });
        for (ManualOverride o : expired) {
            ActuatorChannel c = channels.get(o.actuatorId());
            Setting after = c == null ? null : c.setting();
            record(new AuditRecord(now, "expired", o.actuatorId(), "control", o.commandId(), o.level(), "override",
                    after == null ? Double.NaN : after.level(), after == null ? "" : after.reason().label(), o.until(),
                    "override by " + o.origin() + " ended at its expiry"));
        }
        if (energy != null) {
            lighting.config().energyMeter().flatMap(m -> inputs.latest(m, Quantity.ENERGY))
                    .ifPresent(r -> energy.meter(r.value(), r.at()));
            Optional<NightEnergy> night = energy.step(now, schedule.lit(), levels);
            night.ifPresent(n -> {
                lastNight = Optional.of(n);
                LOG.info("Night {} to {}: lamps used {} Wh against {} Wh at full light: {} % saved ({})", n.start(),
                        n.end(), Math.round(n.actualWh()), Math.round(n.fullOnWh()),
                        String.format(Locale.ROOT, "%.1f", n.savedPercent()), n.source());
                env.publish(n);
            });
        }
        save(now);
        publish(now, upstream);
    }

    /** Until a loop has its inputs, an actuator with a saved state keeps it (overrides still apply). */
    private Setting hold(String id, Setting s, boolean ready, Instant now) {
        if (ready) {
            waiting.remove(id);
        }
        if (!waiting.contains(id) || s.reason() == Reason.OVERRIDE) {
            return s;
        }
        StateStore.Saved saved = restored.get(id);
        if (saved == null) {
            return s;
        }
        return new Setting(saved.level(), Reason.RESTORED, "last safe state (" + saved.reason() + " since "
                + saved.since() + "), kept until control resumes");
    }

    /** Every actuator to its fail-safe state: lamps at their safe level after sunset, HVAC off with fail-safe ventilation. */
    private void failSafe(Instant now, String why) {
        try {
            boolean night = sun != null && sun.elevation(now) < SolarPosition.SUNRISE_ELEVATION;
            config.lighting().ifPresent(l -> l.lamps().forEach(lamp -> apply(lamp.id(),
                    new Setting(night ? Math.max(l.safeLevel(), lamp.floor()) : 0, Reason.FAIL_SAFE, why), now)));
            for (HvacConfig z : config.hvac()) {
                z.heater().ifPresent(id -> apply(id, new Setting(0, Reason.FAIL_SAFE, why), now));
                z.cooler().ifPresent(id -> apply(id, new Setting(0, Reason.FAIL_SAFE, why), now));
                z.fan().ifPresent(id -> apply(id, new Setting(z.fanSwitching() ? 1 : z.failSafeVentilation(),
                        Reason.FAIL_SAFE, why), now));
            }
        } catch (Throwable e) {
            failures.failed("Fail-safe state could not be applied", e);
        }
    }

    private void apply(String id, Setting s, Instant now) {
        ActuatorChannel c = channels.get(id);
        if (c != null) {
            c.apply(s, now);
        }
    }

    /**
     * Carries out a command or refuses it. An override that its output cannot take is refused and removed
     * again, so nothing is left half-way.
     */
    CommandResult command(Command command, Instant now) {
        followClockSteps(now);
        String target = command.target();
        ActuatorChannel channel = channels.get(target);
        Setting before = channel == null ? null : channel.setting();
        double oldLevel = before == null ? Double.NaN : before.level();
        String oldReason = before == null ? "" : before.reason().label();
        switch (command.name()) {
            case OVERRIDE -> {
                if (channel != null && !channel.usable() && channel.problem() != null && !channel.problem().isEmpty()) {
                    return refuse(command, now, target + " cannot be set now (" + channel.problem() + "); nothing changed");
                }
                // a duration counts from when the command was issued: one held up on its way holds no longer
                Overrides.Outcome outcome = overrides.request(command.id(), target, command.arguments(),
                        command.origin(), command.issuedAt(), now);
                if (outcome instanceof Overrides.Refused r) {
                    return refuse(command, now, r.reason());
                }
                Overrides.Accepted a = (Overrides.Accepted) outcome;
                step(now);
                ActuatorChannel c = channels.get(target);
                if (!c.usable() && !c.problem().isEmpty()) {
                    overrides.release(target, now);
                    a.replaced().filter(o -> !o.equals(a.override())).ifPresent(o -> overrides.request(o.commandId(),
                            target, Map.of("level", o.level(), "until", o.until().toString()), o.origin(), now));
                    step(now);
                    return refuse(command, now, target + " did not take the level (" + c.problem() + "); the override "
                            + "was withdrawn, nothing changed");
                }
                ManualOverride o = a.override();
                Setting after = c.setting();
                record(new AuditRecord(now, "override", target, command.origin(), command.id(), oldLevel, oldReason,
                        after.level(), after.reason().label(), o.until(), o.note()));
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("actuator", target);
                details.put("level", o.level());
                details.put("until", o.until().toString());
                details.put("previous_level", Double.isNaN(oldLevel) ? null : oldLevel);
                details.put("previous_reason", oldReason);
                details.put("applied", Double.isNaN(c.applied()) ? null : c.applied());
                String held = after.level() == o.level() ? "" : "; " + after.detail();
                details.values().removeIf(java.util.Objects::isNull);
                return CommandResult.done(target + " overridden to " + o.level() + " until " + o.until() + held, details);
            }
            case RELEASE -> {
                Overrides.Outcome outcome = overrides.release(target, now);
                if (outcome instanceof Overrides.Refused r) {
                    return refuse(command, now, r.reason());
                }
                ManualOverride o = ((Overrides.Accepted) outcome).override();
                step(now);
                Setting after = channels.get(target).setting();
                record(new AuditRecord(now, "release", target, command.origin(), command.id(), oldLevel, oldReason,
                        after.level(), after.reason().label(), o.until(), "override by " + o.origin() + " released"));
                return CommandResult.done(target + " released; now " + after.level() + " (" + after.reason().label() + ")",
                        Map.of("actuator", target, "level", after.level(), "reason", after.reason().label()));
            }
            case PRESENCE -> {
                if (lighting == null || lighting.config().lamp(target).isEmpty()) {
                    return CommandResult.refused("no lamp '" + target + "' under the lighting control");
                }
                Object from = command.arguments().getOrDefault("from", command.origin());
                if (!lighting.neighbourPresence(target, now, String.valueOf(from))) {
                    return CommandResult.refused("neighbours are not raised here (presence.neighbour-level is 0)");
                }
                // the reply goes upstream: it names the neighbour's lamp when given, never who sent the command
                return CommandResult.done(target + " raised for presence" + (command.arguments().containsKey("from")
                        ? " at " + from : ""), Map.of("actuator", target));
            }
            default -> {
                return CommandResult.refused("not a control command: " + command.name());
            }
        }
    }

    private CommandResult refuse(Command command, Instant now, String reason) {
        record(AuditLog.refusal(now, command.id(), command.name(), command.target(), command.origin(),
                command.arguments().keySet(), reason));
        return CommandResult.refused(reason);
    }

    /** Records a command refused before it reached the loop (by the uplink); any thread may call it. */
    void refusedUpstream(AuditRecord r) {
        record(r);
    }

    private void record(AuditRecord r) {
        audit.append(r);
        env.publish(r);
    }

    /** Sends upstream the actuators whose level or reason changed, and every one of them at the report interval. */
    private void publish(Instant now, Map<String, Setting> baseOfLamps) {
        boolean report = !now.isBefore(lastReport.plus(config.reportEvery()));
        for (ActuatorChannel c : channels.values()) {
            Setting s = c.setting();
            if (s == null) {
                continue;
            }
            // a presence raise stays on the node: upstream sees the lamp's schedule level
            Setting out = s.reason() == Reason.PRESENCE && baseOfLamps.containsKey(c.id()) ? baseOfLamps.get(c.id()) : s;
            String key = Math.round(out.level() * 100) + "/" + out.reason();
            if (report || !key.equals(published.get(c.id()))) {
                published.put(c.id(), key);
                env.publish(new ActuatorState(c.id(), c.role(), out.level(), out.reason(), out.detail(), c.since(), now));
            }
        }
        if (report) {
            lastReport = now;
            if (energy != null) {
                energy.running(now).ifPresent(env::publish);
            }
        }
    }

    /**
     * The saved state: the schedule's level of lamps, the switched outputs' states; never an override, and
     * nothing new for an output still holding its restored state.
     */
    private void save(Instant now) {
        Map<String, Setting> bases = lighting == null ? Map.of() : lighting.base();
        Map<String, HvacPolicy.Switched> switched = new HashMap<>();
        hvac.values().forEach(p -> switched.putAll(p.switched()));
        for (ActuatorChannel c : channels.values()) {
            Setting s = bases.containsKey(c.id()) ? bases.get(c.id()) : c.setting();
            if (s == null || s.reason() == Reason.OVERRIDE || s.reason() == Reason.RESTORED || waiting.contains(c.id())) {
                continue;
            }
            HvacPolicy.Switched sw = switched.get(c.id());
            StateStore.Saved last = saved.get(c.id());
            boolean same = last != null && last.level() == s.level() && last.reason().equals(s.reason().label())
                    && java.util.Objects.equals(last.switchedOn(), sw == null ? null : sw.on());
            if (!same) {
                saved.put(c.id(), new StateStore.Saved(s.level(), s.reason().label(), now, sw == null ? null : sw.on(),
                        sw == null ? null : sw.since()));
            }
        }
        saved.keySet().retainAll(channels.keySet());
        store.save(new LinkedHashMap<>(saved));
    }

    private void lampStatus(String id, Map<String, Object> details) {
        if (lighting == null) {
            return;
        }
        lighting.config().lamp(id).flatMap(LampConfig::statusSource).ifPresent(source -> {
            inputs.latest(source, "lamp_failure").ifPresent(r -> details.put("lamp_failure", r.value() >= 0.5));
            inputs.latest(source, "burning_time").ifPresent(r -> details.put("burning_hours", Math.floor(r.value() / 3600)));
            inputs.latest(source, "lamp_power").ifPresent(r -> details.put("lamp_power_w", r.value()));
        });
    }

    private boolean lampFailed(String id) {
        return lighting != null && lighting.config().lamp(id).flatMap(LampConfig::statusSource)
                .flatMap(s -> inputs.latest(s, "lamp_failure")).map(r -> r.value() >= 0.5).orElse(false);
    }

    /** Every actuator and the control itself, as one report. */
    private void report(Instant now) {
        List<ComponentStatus> parts = new ArrayList<>();
        for (ActuatorChannel c : channels.values()) {
            Map<String, Object> details = c.details();
            overrides.active(c.id(), now).ifPresent(o -> {
                details.put("override_until", o.until().toString());
                details.put("override_by", o.origin());
            });
            lampStatus(c.id(), details);
            parts.add(new ComponentStatus("actuator/" + c.id(), lampFailed(c.id())
                    ? Health.faulty("the lamp controller reports a lamp failure", c.since()) : c.health(now), details));
        }
        parts.add(controlStatus(now));
        env.report(parts);
    }

    private ComponentStatus controlStatus(Instant now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("steps", steps);
        d.put("step_failures", stepFailures);
        d.put("actuators", channels.size());
        Map<String, Object> active = new LinkedHashMap<>();
        overrides.all().forEach((id, o) -> active.put(id, o.level() + " until " + o.until() + " by " + o.origin()));
        d.put("overrides", active);
        d.put("waiting_for_inputs", List.copyOf(waiting));
        if (schedule != null) {
            d.put("lit", schedule.lit());
            d.put("schedule", schedule.detail());
        }
        if (energy != null) {
            energy.running(now).or(() -> lastNight).ifPresent(n -> d.put("energy", Map.of(
                    "start", n.start().toString(), "end", n.end().toString(), "complete", n.complete(),
                    "actual_wh", Math.round(n.actualWh() * 10) / 10.0, "full_on_wh", Math.round(n.fullOnWh() * 10) / 10.0,
                    "saved_percent", Math.round(n.savedPercent() * 10) / 10.0, "source", n.source())));
        }
        d.put("presence_dropped", inputs.droppedDetections());
        if (!lastFailure.isEmpty()) {
            d.put("last_failure", lastFailure);
        }
        return new ComponentStatus("control", lastStepFailed ? Health.faulty("the control loop failed (" + lastFailure
                + "); actuators are in their fail-safe state", now) : Health.ok(started), d);
    }

    /** The actuators' ids. */
    Set<String> actuators() {
        return channels.keySet();
    }

    /** The setting an actuator has now (for tests and the component's status). */
    Optional<Setting> setting(String id) {
        return Optional.ofNullable(channels.get(id)).map(ActuatorChannel::setting);
    }

    double applied(String id) {
        ActuatorChannel c = channels.get(id);
        return c == null ? Double.NaN : c.applied();
    }

    /** The last night's energy and the running one. */
    Optional<NightEnergy> energy(Instant now) {
        return energy == null ? Optional.empty() : energy.running(now).or(() -> lastNight);
    }

    void close() {
        channels.values().forEach(ActuatorChannel::close);
    }

    Duration period() {
        return config.period();
    }
}
