package io.streetgate.drivers.pi4j.support;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebouncerTest {

    final Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    final Debouncer debouncer = new Debouncer(Duration.ofMillis(50), false, t0);

    Instant ms(double millis) {
        return t0.plusNanos((long) (millis * 1_000_000));
    }

    @Test
    void aBouncingRiseCountsOnceWhenItHasSettled() {
        debouncer.edge(true, ms(1000));
        debouncer.edge(false, ms(1000.6));
        debouncer.edge(true, ms(1001.3));
        debouncer.edge(false, ms(1002.1));
        debouncer.edge(true, ms(1002.9));

        debouncer.settle(ms(1040));
        assertFalse(debouncer.high(), "not yet held for 50 ms");
        debouncer.settle(ms(1053));
        assertTrue(debouncer.high());
        assertEquals(ms(1002.9), debouncer.highSince());
        assertEquals(1, debouncer.takeRises());
        assertEquals(0, debouncer.takeRises());
    }

    @Test
    void aGlitchShorterThanTheSettleTimeIsDropped() {
        debouncer.edge(true, ms(10));
        debouncer.edge(false, ms(11));
        debouncer.settle(ms(5000));

        assertFalse(debouncer.high());
        assertEquals(0, debouncer.takeRises());
    }

    @Test
    void separatePulsesCountSeparately() {
        debouncer.edge(true, ms(0));
        debouncer.edge(false, ms(3000));
        debouncer.edge(true, ms(6000));
        debouncer.edge(false, ms(9000));
        debouncer.settle(ms(9100));

        assertEquals(2, debouncer.takeRises());
        assertFalse(debouncer.high());
    }
}
