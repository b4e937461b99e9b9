package io.streetgate.gateway.status;

import io.streetgate.driver.Durations;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.driver.SelfTestResult.Check;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.CommandRouter;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.SelfTestable;
import io.streetgate.site.SiteConfig;
import io.streetgate.driver.time.TimeBase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The self-test of the site file's sensors and actuators in the running gateway (docs/selftest.md). A device
 * is tested by the component that owns it ({@link SelfTestable}: a sensor's sampler runs its driver's
 * self-test on the bus thread). An actuator without one is tested through the control that owns it, with the
 * same commands a person would use: an override to a test level (expiring by itself within a minute, should
 * the test be cut short), the level the output took and reported back, and a release that gives it back to its
 * control. Each step is in the control's audit log as a command from {@code local:selftest}.
 */
public final class SelfTests {

    /** How long an actuator's test level holds at most, in real time, when nobody releases it. */
    static final Duration SAFETY_EXPIRY = Duration.ofSeconds(60);
    /** The longest a technician may hold an actuator at its test level to look at it. */
    static final Duration MAX_HOLD = Duration.ofMinutes(5);
    static final String ORIGIN = "selftest";

    /** A device of the site file. */
    public record Device(String id, String kind, String type) {
        Map<String, Object> toMap() {
            return Map.of("device", id, "kind", kind, "type", type);
        }
    }

    private final Supplier<Optional<SiteConfig>> site;
    private final Collection<SelfTestable> testables;
    private final Collection<CommandHandler> handlers;
    private final HealthRegistry health;
    private final TimeBase time;
    private final String origin;

    /**
     * @param testables the registered {@link SelfTestable}s (a live collection)
     * @param handlers  the registered command handlers (a live collection)
     */
    public SelfTests(Supplier<Optional<SiteConfig>> site, Collection<SelfTestable> testables,
                     Collection<CommandHandler> handlers, HealthRegistry health, TimeBase time) {
        this(site, testables, handlers, health, time, "local:" + ORIGIN);
    }

    /** ... whose actuator steps the control audits as commands from {@code origin} (e.g. {@code console:alice}). */
    public SelfTests(Supplier<Optional<SiteConfig>> site, Collection<SelfTestable> testables,
                     Collection<CommandHandler> handlers, HealthRegistry health, TimeBase time, String origin) {
        this.site = site;
        this.testables = testables;
        this.handlers = handlers;
        this.health = health;
        this.time = time;
        this.origin = origin;
    }

    /** The sensors, then the actuators, in site-file order. */
    public List<Device> devices() {
        List<Device> devices = new ArrayList<>();
        site.get().ifPresent(config -> {
            config.sensors().forEach(d -> devices.add(new Device(d.id(), SelfTestable.SENSOR, d.type())));
            config.actuators().forEach(d -> devices.add(new Device(d.id(), SelfTestable.ACTUATOR, d.type())));
        });
        return devices;
    }

    public Optional<Device> device(String id) {
        return devices().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** Tests one device; the JSON-friendly result: device, kind, type, passed, checks. */
    public Map<String, Object> test(Device device, Duration timeout) {
        SelfTestResult result = testables.stream()
                .filter(t -> t.deviceId().equals(device.id()) && t.kind().equals(device.kind()))
                .findFirst()
                .map(t -> safely(device, () -> t.selfTest(timeout)))
                .orElseGet(() -> device.kind().equals(SelfTestable.ACTUATOR) ? actuatorThroughControl(device, timeout)
                        : notRunning(device));
        return toMap(device, result);
    }

    public static Map<String, Object> toMap(Device device, SelfTestResult result) {
        Map<String, Object> m = new LinkedHashMap<>(device.toMap());
        m.put("passed", result.passed());
        m.put("checks", result.checks().stream().map(SelfTestResult.Check::toMap).toList());
        return m;
    }

    private static SelfTestResult safely(Device device, Supplier<SelfTestResult> test) {
        try {
            return test.get();
        } catch (RuntimeException e) {
            return SelfTestResult.of(device.id(), List.of(Check.fail("self-test", "error: " + e)));
        }
    }

    /** A configured sensor whose sampler does not run (its driver could not be made, or its component failed). */
    private SelfTestResult notRunning(Device device) {
        String reason = part(device).map(p -> p.health().reason()).filter(r -> !r.isEmpty())
                .orElse("no component samples it; see streetgate status");
        return SelfTestResult.of(device.id(), List.of(Check.fail("running", reason)));
    }

    private Optional<ComponentStatus> part(Device device) {
        String name = device.kind() + "/" + device.id();
        return health.snapshot().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private SelfTestResult actuatorThroughControl(Device device, Duration timeout) {
        List<Check> checks = new ArrayList<>();
        Held held = hold(device, SAFETY_EXPIRY);
        if (!held.accepted()) {
            checks.add(Check.fail(held.step(), held.reason()));
            return SelfTestResult.of(device.id(), checks);
        }
        checks.add(Check.pass("set " + level(held.level()), held.reason()));
        Optional<Double> applied = awaitApplied(device, held, timeout);
        boolean reported = applied.isPresent() && Math.abs(applied.get() - held.level()) < 1e-6;
        String why = reported ? "" : appliedDetail(device);
        checks.add(new Check("read back", reported, applied.map(a -> "reports " + level(a)
                        + (why.isEmpty() ? "" : " (" + why + ")"))
                .orElse("the control did not say what the output took")));
        CommandResult released = release(device);
        checks.add(new Check("restore", released.accepted(), released.reason()));
        return SelfTestResult.of(device.id(), checks);
    }

    /**
     * The level the output reports, waiting (within the device's timeout) while the control holds it back: a
     * compressor's minimum off time, for one, outranks an override, and the control switches once it has passed.
     */
    private Optional<Double> awaitApplied(Device device, Held held, Duration timeout) {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), SAFETY_EXPIRY.toNanos() / 2);
        Optional<Double> applied = held.applied();
        while (applied.isEmpty() || Math.abs(applied.get() - held.level()) >= 1e-6) {
            if (System.nanoTime() >= deadline) {
                return applied;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return applied;
            }
            applied = part(device).map(ComponentStatus::details).flatMap(d -> number(d.get("applied")));
        }
        return applied;
    }

    /** Why the control holds the output where it is, as it says. */
    private String appliedDetail(Device device) {
        return part(device).map(ComponentStatus::details).map(d -> String.valueOf(d.getOrDefault("detail", "")))
                .orElse("");
    }

    /**
     * What a test level did.
     *
     * @param step     the step that failed when not accepted
     * @param level    the test level
     * @param applied  the level the output took and reported back
     * @param previous the level before the test
     * @param role     lamp, heating, cooling, ventilation or output
     */
    public record Held(boolean accepted, String step, String reason, double level, Optional<Double> applied,
                       double previous, String role) {
        public Map<String, Object> toMap(String device) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("device", device);
            m.put("accepted", accepted);
            m.put("reason", reason);
            m.put("level", level);
            applied.ifPresent(a -> m.put("applied", a));
            m.put("previous", previous);
            m.put("role", role);
            return m;
        }
    }

    /**
     * Puts an actuator at its test level (the end of its range farther from where it is: 1 when it is below
     * half, else 0) with an override of the control that ends by itself after {@code realHold} of real time.
     */
    public Held hold(Device device, Duration realHold) {
        if (realHold.compareTo(MAX_HOLD) > 0 || realHold.isNegative() || realHold.isZero()) {
            throw new IllegalArgumentException("a test level holds 1 s to " + MAX_HOLD.toMinutes() + " min, not "
                    + realHold.toSeconds() + " s");
        }
        Optional<ComponentStatus> part = part(device);
        Map<String, Object> details = part.map(ComponentStatus::details).orElse(Map.of());
        String role = String.valueOf(details.getOrDefault("role", "output"));
        if (part.isEmpty()) {
            return new Held(false, "control", "no control reports actuator/" + device.id() + ": is the site file's "
                    + "control running? (streetgate status)", Double.NaN, Optional.empty(), Double.NaN, role);
        }
        if (details.containsKey("override_until")) {
            return new Held(false, "free", "under a manual override by " + details.get("override_by") + " until "
                    + details.get("override_until") + "; release it first (streetgate override " + device.id()
                    + " --release)", Double.NaN, Optional.empty(), Double.NaN, role);
        }
        double previous = number(details.get("applied")).or(() -> number(details.get("level"))).orElse(0.0);
        double level = previous >= 0.5 ? 0 : 1;
        // the override's expiry is in gateway time, which may run faster than real time on a simulated street
        Duration gatewayHold = Duration.ofMillis(Math.max(1000, (long) (realHold.toMillis() * time.speed())));
        Map<String, Object> arguments = Map.of("level", level, "for", Durations.format(gatewayHold),
                "note", "self-test");
        CommandResult set = route("actuator.override", device.id(), arguments);
        if (!set.accepted()) {
            return new Held(false, "set " + level(level), set.reason(), level, Optional.empty(), previous, role);
        }
        return new Held(true, "set", set.reason(), level, number(set.details().get("applied")), previous, role);
    }

    /** Gives an actuator back to its control after {@link #hold}. */
    public CommandResult release(Device device) {
        return route("actuator.release", device.id(), Map.of());
    }

    private CommandResult route(String name, String target, Map<String, Object> arguments) {
        Command command = new Command(UUID.randomUUID().toString(), name, target, arguments, origin, time.now());
        return CommandRouter.route(command, handlers);
    }

    private static Optional<Double> number(Object o) {
        return o instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
    }

    private static String level(double level) {
        return level == Math.rint(level) ? String.valueOf((int) level) : String.valueOf(level);
    }
}
