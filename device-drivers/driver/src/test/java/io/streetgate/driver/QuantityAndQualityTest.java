package io.streetgate.driver;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantityAndQualityTest {

    @Test
    void quantitiesAreInternedByName() {
        assertSame(Quantity.TEMPERATURE, Quantity.define("temperature", Unit.CELSIUS));
        assertSame(Quantity.TEMPERATURE, Quantity.byName("temperature"));
    }

    @Test
    void aQuantityKeepsItsUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantity.define("temperature", Unit.PASCAL));
        assertEquals("quantity 'temperature' is measured in Cel, not Pa", e.getMessage());
    }

    @Test
    void aQuantityIsAMeasurementUnlessDefinedAsAState() {
        assertEquals(Quantity.Kind.MEASUREMENT, Quantity.TEMPERATURE.kind());
        assertFalse(Quantity.TEMPERATURE.isState());

        Quantity period = Quantity.define("test_integration_period", Unit.SECOND, Quantity.Kind.STATE);
        assertTrue(period.isState());
        assertSame(period, Quantity.define("test_integration_period", Unit.SECOND, Quantity.Kind.STATE));
        assertEquals("state", period.kind().mapName());
    }

    @Test
    void aQuantityKeepsItsKind() {
        Quantity.define("test_mode", Unit.COUNT, Quantity.Kind.STATE);
        IllegalArgumentException asMeasurement = assertThrows(IllegalArgumentException.class,
                () -> Quantity.define("test_mode", Unit.COUNT));
        assertEquals("quantity 'test_mode' is already defined as a state, not a measurement; give it kind state "
                + "or use another quantity name", asMeasurement.getMessage());
        IllegalArgumentException asState = assertThrows(IllegalArgumentException.class,
                () -> Quantity.define("temperature", Unit.CELSIUS, Quantity.Kind.STATE));
        assertEquals("quantity 'temperature' is already defined as a measurement, not a state; give it kind "
                + "measurement or use another quantity name", asState.getMessage());
    }

    @Test
    void quantityNamesAreSnakeCase() {
        assertThrows(IllegalArgumentException.class, () -> Quantity.define("Bad Name", Unit.COUNT));
        assertThrows(IllegalArgumentException.class, () -> Quantity.define(null, Unit.COUNT));
    }

    @Test
    void unitsRoundTripThroughTheirSenmlNames() {
        for (Unit unit : Unit.values()) {
            assertSame(unit, Unit.fromSenml(unit.senml()).orElseThrow());
        }
        assertTrue(Unit.fromSenml("furlong").isEmpty());
    }

    @Test
    void qualityFlagsAccumulateWithoutChangingTheOriginal() {
        Quality q = Quality.GOOD.with(QualityFlag.OUTLIER);
        Quality both = q.with(QualityFlag.STUCK);

        assertTrue(Quality.GOOD.isGood());
        assertFalse(q.isGood());
        assertEquals(Set.of(QualityFlag.OUTLIER), q.flags());
        assertEquals(Set.of(QualityFlag.OUTLIER, QualityFlag.STUCK), both.flags());
        assertEquals(both, Quality.fromBits(both.bits()));
        assertEquals(Quality.of(QualityFlag.STUCK, QualityFlag.OUTLIER), both);
    }

    @Test
    void aFlaggedMeasurementKeepsItsValue() {
        Measurement m = Measurement.of("env-1", Quantity.TEMPERATURE, 99.5, java.time.Instant.EPOCH);
        Measurement flagged = m.flagged(QualityFlag.OUT_OF_RANGE);
        assertEquals(99.5, flagged.value());
        assertTrue(flagged.quality().has(QualityFlag.OUT_OF_RANGE));
        assertTrue(m.quality().isGood());
    }
}
