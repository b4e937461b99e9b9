package io.streetgate.ota.osgi;

import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.ota.agent.HealthCheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Decides whether an update works: within the timeout, every bundle is active, no part of the gateway is
 * faulty, every sensor has reported ok, and the uplink (when there is one) is connected. Polled, so a part
 * that needs a few seconds after start gets them; but a bundle that cannot resolve fails the check at once:
 * the installed bundles do not change during a trial, so waiting cannot help, and meanwhile the pole runs
 * without what that bundle (and whatever needs it) does.
 */
final class GatewayHealthCheck implements HealthCheck {

    private final HealthRegistry health;
    private final Supplier<List<String>> inactiveBundles;
    private final Supplier<List<String>> unresolvableBundles;
    private final Duration pollEvery;

    /**
     * @param inactiveBundles     bundles not active (yet)
     * @param unresolvableBundles bundles that cannot resolve against the installed ones, each with what it lacks
     */
    GatewayHealthCheck(HealthRegistry health, Supplier<List<String>> inactiveBundles,
                       Supplier<List<String>> unresolvableBundles, Duration pollEvery) {
        this.health = health;
        this.inactiveBundles = inactiveBundles;
        this.unresolvableBundles = unresolvableBundles;
        this.pollEvery = pollEvery;
    }

    @Override
    public Result check(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> problems = problems();
        while (!problems.isEmpty() && System.nanoTime() < deadline) {
            List<String> hopeless = unresolvableBundles.get();
            if (!hopeless.isEmpty()) {
                return Result.failed("bundles cannot resolve: " + String.join("; ", hopeless));
            }
            try {
                Thread.sleep(pollEvery.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.failed("health check interrupted");
            }
            problems = problems();
        }
        return problems.isEmpty() ? Result.ok()
                : Result.failed("not healthy after " + timeout.toSeconds() + " s: " + String.join("; ", problems));
    }

    /** What is wrong now; empty when healthy. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        List<String> bundles = inactiveBundles.get();
        if (!bundles.isEmpty()) {
            problems.add("bundles not active: " + String.join(", ", bundles));
        }
        List<ComponentStatus> parts = health.snapshot();
        boolean sensors = false;
        for (ComponentStatus part : parts) {
            boolean sensor = part.name().startsWith("sensor/");
            sensors |= sensor;
            if (part.health().state() == HealthState.FAULTY
                    || (sensor || part.name().equals("uplink")) && part.health().state() != HealthState.OK) {
                problems.add(part.name() + " " + part.health().state().name().toLowerCase() + ": "
                        + part.health().reason());
            }
        }
        if (!sensors && parts.stream().noneMatch(p -> p.name().equals("pipeline"))) {
            problems.add("the pipeline has not started");
        }
        return problems;
    }
}
