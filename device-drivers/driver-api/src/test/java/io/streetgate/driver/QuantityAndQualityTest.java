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
