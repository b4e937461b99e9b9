package io.streetgate.coap.senml;

import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementMappingTest {

    static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private final MeasurementMapping standard = MeasurementMapping.standard();

    @Test
    void theLastSegmentNamesTheQuantityAndTheRestTheSource() {
        MeasurementMapping.Result result = standard.map("soil-17", List.of(
                SenmlRecord.number("soil-17/temperature", "Cel", T, 11.5),
                SenmlRecord.number("soil-17/probe-2:humidity", "%RH", T, 80),
                SenmlRecord.number("pressure", null, T, 101_325)));

        assertEquals(List.of(
                Measurement.of("soil-17", Quantity.TEMPERATURE, 11.5, T),
                Measurement.of("soil-17/probe-2", Quantity.HUMIDITY, 80, T),
                Measurement.of("soil-17", Quantity.PRESSURE, 101_325, T)), result.measurements());
        assertEquals(Map.of(), result.skipped());
    }

    @Test
    void rfc8428Section511IsATemperatureByItsUnit() {
        MeasurementMapping.Result result = standard.map("urn:dev:ow:10e2073a01080063",
                List.of(SenmlRecord.number("urn:dev:ow:10e2073a01080063", "Cel", T, 23.1)));

        assertEquals(List.of(Measurement.of("urn:dev:ow:10e2073a01080063", Quantity.TEMPERATURE, 23.1, T)),
                result.measurements());
    }

    @Test
    void configuredAliasesNameExistingOrNewQuantities() {
        MeasurementMapping mapping = MeasurementMapping.of("temp=temperature", " moisture = soil_moisture:% ", "");

        MeasurementMapping.Result result = mapping.map("soil-17", List.of(
                SenmlRecord.number("soil-17/temp", "Cel", T, 9),
                SenmlRecord.number("soil-17/moisture", "%", T, 31)));

        assertEquals(List.of(Measurement.of("soil-17", Quantity.TEMPERATURE, 9, T),
                Measurement.of("soil-17", Quantity.byName("soil_moisture"), 31, T)), result.measurements());
        assertEquals(Unit.PERCENT, Quantity.byName("soil_moisture").unit());
        assertEquals(Map.of("temp", "temperature", "moisture", "soil_moisture"), mapping.aliases());
    }

    @Test
    void badMappingEntriesNameTheEntryAndTheFix() {
        assertEquals("quantity mapping 'temp' is not 'name=quantity' or 'name=quantity:unit' (e.g. temp=temperature, "
                + "moisture=soil_moisture:%)", assertThrows(IllegalArgumentException.class,
                () -> MeasurementMapping.of("temp")).getMessage());
        assertEquals("quantity mapping 'x=no_such': no quantity 'no_such' is known; define it with a unit, e.g. "
                + "x=no_such:%", assertThrows(IllegalArgumentException.class,
                () -> MeasurementMapping.of("x=no_such")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MeasurementMapping.of("x=y:furlong"))
                .getMessage().startsWith("quantity mapping 'x=y:furlong': 'furlong' is not a SenML unit"));
    }

    @Test
    void recordsThatCannotBeReadingsAreCountedByReason() {
        MeasurementMapping.Result result = standard.map("n", List.of(
                new SenmlRecord("n/label", null, T, new SenmlValue.Text("x"), null),
                new SenmlRecord("n/blob", null, T, new SenmlValue.Data(new byte[1]), null),
                new SenmlRecord("n/temperature", null, T, new SenmlValue.Bool(true), null),
                new SenmlRecord("n/presence", null, T, new SenmlValue.Bool(true), null),
                new SenmlRecord("n/volume", "m3", T, null, 3.0),
                SenmlRecord.number("n/wobble", null, T, 1),
                SenmlRecord.number("n/temperature", "degF", T, 50),
                SenmlRecord.number("n/temperature", "%RH", T, 50)));

        assertEquals(List.of(Measurement.of("n", Quantity.PRESENCE, 1, T)), result.measurements());
        assertEquals(Map.of(MeasurementMapping.Skip.STRING_VALUE, 1, MeasurementMapping.Skip.DATA_VALUE, 1,
                MeasurementMapping.Skip.BOOLEAN_VALUE, 1, MeasurementMapping.Skip.SUM_ONLY, 1,
                MeasurementMapping.Skip.UNKNOWN_QUANTITY, 1, MeasurementMapping.Skip.UNKNOWN_UNIT, 1,
                MeasurementMapping.Skip.UNIT_MISMATCH, 1), result.skipped());
        assertEquals(7, result.skippedCount());
    }

    @Test
    void aNodeOwnsItsIdTheNamesBelowItAndNamesOfOneSegment() {
        assertTrue(MeasurementMapping.owns("soil-17", "soil-17"));
        assertTrue(MeasurementMapping.owns("soil-17", "soil-17/temperature"));
        assertTrue(MeasurementMapping.owns("soil-17", "soil-17:probe/temperature"));
        assertTrue(MeasurementMapping.owns("soil-17", "temperature"));
        assertFalse(MeasurementMapping.owns("soil-1", "soil-17/temperature"), "a prefix is not enough");
        assertFalse(MeasurementMapping.owns("soil-17", "soil-18/temperature"));
        assertFalse(MeasurementMapping.owns("soil-17", "x/soil-17/temperature"));
        assertEquals(Optional.of("pump-3/flow"), MeasurementMapping.firstForeignName("soil-17", List.of(
                SenmlRecord.number("soil-17/temperature", null, T, 1), SenmlRecord.number("pump-3/flow", null, T, 1))));
    }
}
