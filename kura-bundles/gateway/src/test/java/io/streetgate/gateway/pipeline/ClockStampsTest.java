package io.streetgate.gateway.pipeline;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.ClockCheck;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A summary with the stamps of a wrong clock is withheld; one after the floor goes out. */
class ClockStampsTest {

    private static final Instant FLOOR = Instant.parse("2026-12-07T10:00:00Z");

    private static ClockCheck.State clock(boolean plausible) {
        return new ClockCheck.State(plausible, Instant.parse("2026-12-07T12:00:00Z"), FLOOR, "saved clock", "",
                plausible ? "" : "the clock reads 1970");
    }

    private static UplinkMessage summary(Instant start, Instant end) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("quantity", "temperature");
        fields.put("start", start);
        fields.put("end", end);
        fields.put("mean", 21.5);
        return PrivacyGate.readBack("summary", "bme280-1", fields);
    }

    @Test
    void aWindowThatClosedBeforeTheFloorIsWithheld() {
        UplinkMessage at1970 = summary(Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("1970-01-01T00:01:00Z"));
        assertTrue(ClockStamps.takenOnWrongClock(at1970, clock(true)));
    }

    @Test
    void aWindowThatClosedAfterTheFloorGoesOutEvenWhenItStartedBefore() {
        UplinkMessage hour = summary(FLOOR.minusSeconds(1200), FLOOR.plusSeconds(2400));
        assertFalse(ClockStamps.takenOnWrongClock(hour, clock(true)));
    }

    @Test
    void nothingGoesOutWhileTheClockIsNotPlausible() {
        UplinkMessage recent = summary(FLOOR.plusSeconds(60), FLOOR.plusSeconds(120));
        assertTrue(ClockStamps.takenOnWrongClock(recent, clock(false)));
    }
}
