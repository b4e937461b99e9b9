package io.streetgate.gateway.pipeline;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.ClockCheck;

import java.time.Instant;

/**
 * Which summaries carry the time stamps of a wrong clock. A message made while the clock is not plausible, or
 * whose latest time stamp is before the clock's floor (a window that closed at 1970 before time sync set the
 * clock), is withheld: its stamps say nothing true, and restamping it would need the offset between the wrong
 * clock and the right one, which a board without a real-time clock does not know.
 */
final class ClockStamps {

    private ClockStamps() {
    }

    static boolean takenOnWrongClock(UplinkMessage message, ClockCheck.State clock) {
        if (!clock.plausible()) {
            return true;
        }
        Instant latest = null;
        for (Object value : message.fields().values()) {
            if (value instanceof Instant t && (latest == null || t.isAfter(latest))) {
                latest = t;
            }
        }
        return latest != null && latest.isBefore(clock.floor());
    }
}
