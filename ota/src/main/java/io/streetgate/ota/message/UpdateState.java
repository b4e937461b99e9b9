package io.streetgate.ota.message;

import java.util.Locale;

/** The states a node reports for an update; on the wire in lower case ({@link #wire()}). */
public enum UpdateState {
    /** A campaign notice was taken; the work starts when the update under way (if any) has ended. */
    PENDING,
    /** Downloading, with bytes done and total (a few reports per download). */
    DOWNLOADING,
    /** The verified artifact is written (bundle set folder, inactive slot); the node switches to it on trial. */
    INSTALLED,
    /** Running the new version on trial until the health check passes. */
    AWAITING_HEALTH,
    /** The new version is permanent (also: a campaign's version was already running). */
    COMMITTED,
    /** The new version failed (health check, or its trial ended without a commit) and the old one runs again. */
    ROLLED_BACK,
    /** The update could not proceed; the reason says why; the running version is unchanged. */
    FAILED,
    /** The campaign was halted; a download in flight stopped. */
    HALTED,
    /** A timestamp poll found nothing newer to install (no campaign). */
    UP_TO_DATE;

    /** The name in messages: {@code rolled_back}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a wire name, or null if there is none. */
    public static UpdateState fromWire(String s) {
        for (UpdateState u : values()) {
            if (u.wire().equals(s)) {
                return u;
            }
        }
        return null;
    }

    /** Whether the update attempt has ended (the campaign waits for this on every node of a phase). */
    public boolean terminal() {
        return this == COMMITTED || this == ROLLED_BACK || this == FAILED || this == HALTED || this == UP_TO_DATE;
    }

    /** Whether it counts as a failure toward a campaign's threshold. */
    public boolean failure() {
        return this == ROLLED_BACK || this == FAILED;
    }
}
