package io.streetgate.drivers.pi4j.output;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DutyCurveTest {

    @Test
    void levelsMapLinearlyBetweenTheMinimumAndMaximumDutyAndZeroIsOff() {
        DutyCurve curve = new DutyCurve(10, 90, false);

        assertEquals(0, curve.duty(0));
        assertEquals(10, curve.duty(1e-9), 1e-6);
        assertEquals(50, curve.duty(0.5), 1e-9);
        assertEquals(90, curve.duty(1), 1e-9);
    }

    @Test
    void anInvertedOutputTakesTheDutyFrom100Percent() {
        DutyCurve curve = new DutyCurve(0, 100, true);

        assertEquals(100, curve.duty(0));
        assertEquals(75, curve.duty(0.25), 1e-9);
        assertEquals(0, curve.duty(1));
    }

    @Test
    void readingBackInvertsTheCurve() {
        DutyCurve curve = new DutyCurve(10, 90, true);
        for (double level = 0.05; level <= 1; level += 0.05) {
            assertEquals(level, curve.level(curve.duty(level)), 1e-9);
        }
        assertEquals(0, curve.level(curve.duty(0)));
        assertEquals(0, curve.level(95), "below the minimum duty is off");
    }

    @Test
    void limitsOutOfOrderAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DutyCurve(60, 40, false));
        assertThrows(IllegalArgumentException.class, () -> new DutyCurve(0, 120, false));
    }
}
