package io.streetgate.driver;

import java.time.Instant;
import java.util.Objects;

/**
 * A health report: the state, a reason a person can act on, and since when the state holds.
 *
 * @param state  ok, degraded or faulty
 * @param reason why; empty when ok
 * @param since  when the component entered this state
 */
public record Health(HealthState state, String reason, Instant since) {

    public Health {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
    }

    public static Health ok(Instant since) {
        return new Health(HealthState.OK, "", since);
    }

    public static Health degraded(String reason, Instant since) {
        return new Health(HealthState.DEGRADED, reason, since);
    }

    public static Health faulty(String reason, Instant since) {
        return new Health(HealthState.FAULTY, reason, since);
    }
}
