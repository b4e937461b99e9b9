package io.streetgate.gateway.api;

import io.streetgate.analytics.privacy.UplinkMessage;

/**
 * The one way out of the node. Every record that leaves it (the analytics' summaries and indices, the control's
 * actuator states, audit records and energy, the OTA agent's reports) is handed here after its privacy gate, and
 * here alone the clock rule is applied (docs/security.md, "The clock"): a record made while the clock cannot be
 * believed is withheld and counted, or, for the kinds that must not be lost, held until the clock is plausible and
 * then sent with its time stamps corrected by the monotonic time that passed. What passes goes to every
 * {@link UplinkSink}. The gateway bundle registers it; producers never call an {@link UplinkSink} themselves.
 */
public interface Outbound {

    /** Which sinks a record goes to. */
    enum Route {
        /** The local broker and the store-and-forward alike: what most records need. */
        EVERY_SINK,
        /** Only the store-and-forward (the {@link UplinkSink} registered with the property {@code uplink}). */
        STORE,
        /** Only the sinks that pass messages on at once (the local broker), not the store-and-forward. */
        NOT_STORE
    }

    /** What became of a record. */
    enum Fate {
        /** Handed to the sinks of its route. */
        SENT,
        /** Kept until the clock is plausible, then sent with corrected time stamps. */
        HELD,
        /** Not sent: its time stamps are those of a wrong clock (counted as {@code withheld_by_clock}). */
        WITHHELD,
        /** Its route has no sink now (no store-and-forward yet): the caller keeps it if it must. */
        NO_SINK
    }

    /** Sends a record through the clock rule to the sinks of its route. Never blocks for long. */
    Fate send(UplinkMessage message, Route route);

    /** Sends a record through the clock rule to every sink. */
    default Fate send(UplinkMessage message) {
        return send(message, Route.EVERY_SINK);
    }
}
