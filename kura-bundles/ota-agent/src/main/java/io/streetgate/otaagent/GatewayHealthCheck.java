package io.streetgate.otaagent;

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
 * that needs a few seconds after start gets them.
 */
final class GatewayHealthCheck implements HealthCheck {

    private final HealthRegistry health;
    private final Supplier<List<String>> inactiveBundles;
    private final Duration pollEvery;

    GatewayHealthCheck(HealthRegistry health, Supplier<List<String>> inactiveBundles, Duration pollEvery) {
        this.health = health;
        this.inactiveBundles = inactiveBundles;
        this.pollEvery = pollEvery;
    }

    @Override
    public Result check(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> problems = problems();
        while (!problems.isEmpty() && System.nanoTime() < deadline) {
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
