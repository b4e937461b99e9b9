package io.streetgate.gateway.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the gateway's clock can be believed. A Raspberry Pi has no real-time clock: after a cold boot it
 * may read 1970 until time sync sets it, and then a certificate is "not yet valid", a signed document "expired"
 * and a summary is stamped 1970. What depends on the time of the world (the uplink's TLS connection, command
 * freshness, OTA metadata expiry, the time stamps of summaries) waits while {@link #state()} is not plausible.
 * The gateway bundle registers it (docs/security.md, "The clock").
 */
public interface ClockCheck {

    /** The clock's state now. Cheap: callers may ask on every pass of a loop. */
    State state();

    /** Whether the clock can be believed now. */
    default boolean plausible() {
        return state().plausible();
    }

    /**
     * The clock's state.
     *
     * @param plausible whether the clock can be believed
     * @param now       what the clock reads
     * @param floor     no true time is before this: the distribution's build time or the clock saved at the last
     *                  stop (less the little a clock may go back), whichever is later; a time stamp before it was
     *                  taken on a wrong clock
     * @param floorFrom where the floor comes from ({@code build}, {@code saved clock} or {@code simulation start})
     * @param syncedBy  what set the clock, when the system says so (e.g. {@code systemd-timesyncd}); empty if unknown
     * @param reason    why the clock is not plausible, with what to do; empty when it is
     */
    record State(boolean plausible, Instant now, Instant floor, String floorFrom, String syncedBy, String reason) {
        public State {
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(floor, "floor");
            floorFrom = Objects.requireNonNullElse(floorFrom, "");
            syncedBy = Objects.requireNonNullElse(syncedBy, "");
            reason = Objects.requireNonNullElse(reason, "");
        }

        /** How the status shows it: {@code plausible} or {@code waiting}. */
        public String label() {
            return plausible ? "plausible" : "waiting";
        }
    }
}
