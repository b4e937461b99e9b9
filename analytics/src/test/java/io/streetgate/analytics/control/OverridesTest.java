package io.streetgate.analytics.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A person's override: accepted with a bounded expiry, or refused with a reason and nothing changed. */
class OverridesTest {

    final Instant now = Instant.parse("2026-12-01T22:00:00Z");
    final Overrides overrides = new Overrides(Map.of(
            "lamp-1", ActuatorLimits.lamp(0.3, "the M4 (0.75 cd/m²) floor"),
            "heater", ActuatorLimits.onOff().interlockedWith("cooler"),
            "cooler", ActuatorLimits.onOff().interlockedWith("heater"),
            "fan", ActuatorLimits.dimmable()), Duration.ofHours(8));

    Overrides.Outcome request(String target, Object... args) {
        Map<String, Object> a = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            a.put((String) args[i], args[i + 1]);
        }
        return overrides.request("c-1", target, a, "local:cli:anna", now);
    }

    String refusal(Overrides.Outcome outcome) {
        return assertInstanceOf(Overrides.Refused.class, outcome).reason();
    }

    @Test
    void aLevelWithADurationIsInForceUntilItsExpiry() {
        Overrides.Accepted a = assertInstanceOf(Overrides.Accepted.class, request("lamp-1", "level", 0.8, "for", "30m",
                "note", "market night"));
        ManualOverride o = a.override();
        assertEquals(0.8, o.level());
        assertEquals(now.plus(Duration.ofMinutes(30)), o.until());
        assertEquals("local:cli:anna", o.origin());
        assertEquals(Reason.OVERRIDE, o.setting().reason());
        assertTrue(overrides.active("lamp-1", now.plusSeconds(1799)).isPresent());
        assertTrue(overrides.active("lamp-1", now.plusSeconds(1800)).isEmpty());
        assertEquals(1, overrides.expire(now.plusSeconds(1800)).size());
        assertTrue(overrides.all().isEmpty());
    }

    @Test
    void aDurationCountsFromWhenTheRequestWasIssuedNotFromItsArrival() {
        Instant issued = now.minus(Duration.ofMinutes(10));
        Overrides.Accepted a = assertInstanceOf(Overrides.Accepted.class, overrides.request("c-2", "lamp-1",
                Map.of("level", 0.8, "for", "30m"), "key:ops-console", issued, now));
        assertEquals(issued.plus(Duration.ofMinutes(30)), a.override().until(), "20 minutes left, not 30");

        String late = refusal(overrides.request("c-3", "lamp-1", Map.of("level", 0.8, "for", "30m"), "key:ops-console",
                now.minus(Duration.ofHours(1)), now));
        assertEquals("the override ended before it arrived: issued at 2026-12-01T21:00:00Z for 30m, arrived at "
                + "2026-12-01T22:00:00Z", late);

        Overrides.Accepted ahead = assertInstanceOf(Overrides.Accepted.class, overrides.request("c-4", "lamp-1",
                Map.of("level", 0.8, "for", "30m"), "key:ops-console", now.plusSeconds(30), now));
        assertEquals(now.plus(Duration.ofMinutes(30)), ahead.override().until(), "a sender's clock ahead counts as now");
    }

    @Test
    void onOffWithAnUntilTimeAndANewOverrideReplacesTheOldOne() {
        assertInstanceOf(Overrides.Accepted.class, request("heater", "on", true, "until", "2026-12-01T23:00:00Z"));
        Overrides.Accepted second = assertInstanceOf(Overrides.Accepted.class, request("heater", "on", "off", "for", 600));
        assertEquals(0.0, second.override().level());
        assertEquals(1.0, second.replaced().orElseThrow().level());
        assertEquals(now.plusSeconds(600), second.override().until());
    }

    @Test
    void anOverrideWithoutExpiryOrBeyondTheLongestIsRefused() {
        assertTrue(refusal(request("lamp-1", "level", 1.0)).contains("needs an expiry"));
        assertTrue(refusal(request("lamp-1", "level", 1.0, "for", "9h")).contains("longest allowed is 8h"));
        assertTrue(refusal(request("lamp-1", "level", 1.0, "for", "0s")).contains("not a positive duration"));
        assertTrue(refusal(request("lamp-1", "level", 1.0, "for", "soon")).contains("not a duration"));
        assertTrue(refusal(request("lamp-1", "level", 1.0, "for", "1h", "until", "2026-12-01T23:00:00Z")).contains("not both"));
    }

    @Test
    void malformedAndOutOfRangeRequestsAreRefusedWithTheReason() {
        assertTrue(refusal(request("lamp-1", "for", "1h")).contains("either level (0..1) or on"));
        assertTrue(refusal(request("lamp-1", "level", 1, "on", true, "for", "1h")).contains("not both"));
        assertTrue(refusal(request("lamp-1", "level", "bright", "for", "1h")).contains("not a number"));
        assertTrue(refusal(request("lamp-1", "level", 1.5, "for", "1h")).contains("outside 0..1"));
        assertTrue(refusal(request("lamp-1", "level", 80, "for", "30m")).contains("for 80.0 % give level=0.8"));
        assertTrue(refusal(request("lamp-1", "on", "maybe", "for", "1h")).contains("not true or false"));
        assertTrue(refusal(request("lamp-1", "lvl", 1, "for", "1h")).contains("unknown argument 'lvl'"));
        assertTrue(refusal(request("heater", "level", 0.5, "for", "1h")).contains("on/off output"));
        assertTrue(refusal(request("lamp-1", "level", "1", "for", "1h", "note", "x".repeat(201))).contains("longer than 200"));
    }

    @Test
    void aLampLevelBetweenOffAndItsClassFloorIsRefusedButOffIsAllowed() {
        String reason = refusal(request("lamp-1", "level", 0.2, "for", "1h"));
        assertTrue(reason.contains("below the M4 (0.75 cd/m²) floor (0.3)"), reason);
        assertTrue(reason.contains("give 0 to switch it off"), reason);
        assertInstanceOf(Overrides.Accepted.class, request("lamp-1", "level", 0, "for", "1h", "note", "maintenance"));
    }

    @Test
    void unknownOrMissingActuatorsAreRefusedNamingTheKnownOnes() {
        assertTrue(refusal(request("lamp-9", "on", true, "for", "1h")).contains("no actuator 'lamp-9'; known: cooler, fan, heater, lamp-1"));
        assertTrue(refusal(request("", "on", true, "for", "1h")).contains("names no actuator"));
    }

    @Test
    void expiredCommandsAreRefused() {
        assertTrue(refusal(request("fan", "level", 1, "until", "2026-12-01T21:59:59Z")).contains("expired before it arrived"));
        assertTrue(refusal(request("fan", "level", 1, "for", "1h", "not-after", "2026-12-01T21:00:00Z"))
                .contains("the command expired"));
        assertInstanceOf(Overrides.Accepted.class, request("fan", "level", 1, "for", "1h", "not-after", "2026-12-01T22:01:00Z"));
    }

    @Test
    void heatingAndCoolingCannotBothBeOverriddenOn() {
        assertInstanceOf(Overrides.Accepted.class, request("cooler", "on", true, "for", "1h"));
        assertTrue(refusal(request("heater", "on", true, "for", "1h")).contains("interlocked"));
        assertInstanceOf(Overrides.Accepted.class, request("heater", "on", false, "for", "1h"));
    }

    @Test
    void aRefusedRequestChangesNothing() {
        assertInstanceOf(Overrides.Accepted.class, request("lamp-1", "level", 0.9, "for", "1h"));
        Map<String, ManualOverride> before = overrides.all();
        refusal(request("lamp-1", "level", 0.1, "for", "1h"));
        refusal(request("lamp-1", "level", 0.5, "for", "10h"));
        assertEquals(before, overrides.all());
    }

    @Test
    void releaseEndsAnOverrideEarlyAndNeedsOneInForce() {
        assertTrue(refusal(overrides.release("lamp-1", now)).contains("no override in force"));
        request("lamp-1", "level", 0.9, "for", "1h");
        assertInstanceOf(Overrides.Accepted.class, overrides.release("lamp-1", now.plusSeconds(60)));
        assertTrue(overrides.active("lamp-1", now.plusSeconds(61)).isEmpty());
        assertTrue(refusal(overrides.release("nope", now)).contains("no actuator 'nope'"));
    }
}
