package io.streetgate.drivers.modbus.map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PointTest {

    static RegisterMap hvac = BuiltInMaps.forType("hvac-controller").orElseThrow();
    static RegisterMap tuf = BuiltInMaps.forType("tuf-2000m").orElseThrow();
    static RegisterMap lamp = BuiltInMaps.forType("dali-lamp-gateway").orElseThrow();

    @Test
    void scaledSetpointsTakeTenthsOfADegree() {
        Point setpoint = hvac.point("heating_setpoint").orElseThrow();
        assertEquals(21.5, setpoint.decode(new int[]{215}, 0), 1e-9);
        assertEquals(-5.5, hvac.point("outdoor_temperature").orElseThrow().decode(new int[]{0xFFC9}, 0), 1e-9);
        assertArrayEquals(new int[]{215}, setpoint.encode(21.5));
    }

    @Test
    void tenthsAreExactlyTheDecimalTheDeviceMeant() {
        // 519 * 0.1 would be 51.900000000000006; the sound level meter means 51.9 dBA
        assertEquals(51.9, BuiltInMaps.forType("sound-level-meter").orElseThrow().point("sound_level").orElseThrow()
                .decode(new int[]{519}, 0));
        assertEquals(-5.5, hvac.point("outdoor_temperature").orElseThrow().decode(new int[]{0xFFC9}, 0));
    }

    @Test
    void aFloatIsTheDecimalTheMeterMeant() {
        // 231.4f is 0x43676666: widened as it is, it would read 231.39999389648438
        Point voltage = BuiltInMaps.forType("eastron-sdm630").orElseThrow().point("voltage_l1").orElseThrow();
        assertEquals(231.4, voltage.decode(new int[]{0x4367, 0x6666}, 0));
        assertEquals(Double.NaN, voltage.decode(new int[]{0x7FC0, 0x0000}, 0));
        assertArrayEquals(new int[]{0x4367, 0x6666}, voltage.encode(231.4));
    }

    @Test
    void aTotalizerIsItsIntegerPlusItsFraction() {
        // LONG 1234 and REAL 0.5 (0x3F000000), both word-swapped: 1234 = 0x000004D2
        Point volume = tuf.point("volume").orElseThrow();
        assertEquals(1234.5, volume.decode(new int[]{0x04D2, 0x0000, 0x0000, 0x3F00}, 0), 1e-6);
        assertArrayEquals(new int[]{0x04D2, 0x0000, 0x0000, 0x3F00}, volume.encode(1234.5));
    }

    @Test
    void flowInCubicMetresPerHourIsReportedPerSecond() {
        // 36.0f = 0x42100000, word-swapped
        assertEquals(0.01, tuf.point("flow").orElseThrow().decode(new int[]{0x0000, 0x4210}, 0), 1e-9);
    }

    @Test
    void aFlagIsOneBitOfARegister() {
        Point overload = BuiltInMaps.forType("sound-level-meter").orElseThrow().point("overload").orElseThrow();
        assertEquals(1.0, overload.decode(new int[]{0b1001}, 0));
        assertEquals(0.0, overload.decode(new int[]{0b1000}, 0));
        assertThrows(IllegalArgumentException.class, () -> overload.encode(1));
    }

    @Test
    void daliArcLevelsFollowTheLogarithmicCurve() {
        Point level = lamp.point("level").orElseThrow();
        // IEC 62386-102: level 1 is 0.1 %, level 254 is 100 %, level 0 is off, 255 is MASK
        assertEquals(0.001, level.decode(new int[]{1}, 0), 1e-9);
        assertEquals(1.0, level.decode(new int[]{254}, 0), 1e-9);
        assertEquals(0.0, level.decode(new int[]{0}, 0));
        assertTrue(Double.isNaN(level.decode(new int[]{255}, 0)));
        // level 170 is about 10 %, 85 about 1 %
        assertEquals(0.10, level.decode(new int[]{170}, 0), 0.005);
        assertEquals(0.01, level.decode(new int[]{85}, 0), 0.0005);
        assertArrayEquals(new int[]{254}, level.encode(1.0));
        assertArrayEquals(new int[]{170}, level.encode(0.1));
        assertArrayEquals(new int[]{0}, level.encode(0.0));
        assertArrayEquals(new int[]{1}, level.encode(0.0001));
    }

    @Test
    void writingMoreThanTheRegisterHoldsIsRefused() {
        Point mode = hvac.point("hvac_mode").orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mode.encode(70000));
        assertTrue(e.getMessage().startsWith("hvac_mode: raw value 70000.0 is outside UINT16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mode.encode(Double.NaN));
    }

    @Test
    void actuatorLevelsMapOntoTheEntrysRange() {
        Actuation fan = hvac.point("fan_speed").orElseThrow().actuation();
        assertEquals(0, fan.value(0.0));
        assertEquals(1, fan.value(0.34));
        assertEquals(3, fan.value(1.0));
        assertEquals(2.0 / 3, fan.level(2), 1e-9);
        Actuation heating = hvac.point("heating_setpoint").orElseThrow().actuation();
        assertEquals(17.5, heating.value(0.5), 1e-9);
        assertEquals(1.0, heating.level(40), 1e-9);
    }
}
