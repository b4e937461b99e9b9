package io.streetgate.ota.osgi;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.driver.time.TimeBase;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's passes wait for a plausible clock: on a clock before time sync the repository's TUF metadata would
 * be refused as expired or not yet valid (docs/security.md, "The clock"). While the clock waits nothing is
 * fetched, and the part {@code ota} says why.
 */
final class ClockWait {

    private final ClockCheck clock;
    private final HealthRegistry health;
    private final TimeBase time;
    private final String part;

    ClockWait(ClockCheck clock, HealthRegistry health, TimeBase time, String part) {
        this.clock = clock;
        this.health = health;
        this.time = time;
        this.part = part;
    }

    /**
     * Runs the pass when the clock is plausible; else reports the part as waiting, with the clock's reason, and
     * returns false.
     *
     * @param details what the part shows meanwhile (the running version)
     */
    boolean run(Runnable pass, Supplier<Map<String, Object>> details) {
        ClockCheck.State c = clock.state();
        if (!c.plausible()) {
            health.report(part, Health.degraded("waiting for a plausible clock: " + c.reason(), time.now()),
                    details.get());
            return false;
        }
        pass.run();
        return true;
    }
}
