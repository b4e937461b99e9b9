package io.streetgate.drivers.pi4j.sensirion;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.sim.chip.sensirion.SensirionCrc;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SensirionCrc8Test {

    @Test
    void theDatasheetCheckValue() {
        // SHT4x/SCD4x datasheets, "Checksum Calculation": CRC(0xBEEF) = 0x92
        assertEquals(0x92, SensirionCrc8.of(new byte[] {(byte) 0xBE, (byte) 0xEF}, 0, 2));
        assertEquals(0x92, SensirionCrc8.ofWord(0xBEEF));
    }

    @Test
    void theSimulatedChipsComputeTheSameCrcForEveryWord() {
        // two independent implementations (bitwise here, table-driven in the simulator) agree everywhere
        for (int word = 0; word <= 0xFFFF; word++) {
            assertEquals(SensirionCrc.of(word), SensirionCrc8.ofWord(word), String.format("word 0x%04X", word));
        }
    }

    @Test
    void aCommandFrameCarriesACrcAfterEachArgument() {
        // set_temperature_offset 0x241D with 0x07E6 (about 5.4 Cel)
        byte[] frame = SensirionI2c.frame(0x241D, 0x07E6);

        assertArrayEquals(new byte[] {0x24, 0x1D, 0x07, (byte) 0xE6, (byte) SensirionCrc8.ofWord(0x07E6)}, frame);
        assertEquals(2, SensirionI2c.frame(0x3F86).length);
    }

    @Test
    void repliesAreCheckedWordByWord() throws DriverException {
        byte[] reply = {(byte) 0xBE, (byte) 0xEF, (byte) 0x92, 0x12, 0x34, (byte) SensirionCrc8.ofWord(0x1234)};
        assertArrayEquals(new int[] {0xBEEF, 0x1234}, SensirionI2c.words(reply, "here", "testing"));

        reply[4] ^= 0x01;
        DriverException e = assertThrows(DriverException.class, () -> SensirionI2c.words(reply, "here", "testing"));
        assertEquals(DriverFault.CHECKSUM, e.fault());
        assertTrue(e.getMessage().startsWith("here sent word 1 (0x1235) with CRC 0x"), e.getMessage());
    }

    @Test
    void floatsComeAsTwoWordsMostSignificantFirst() {
        int bits = Float.floatToIntBits(12.5f);
        assertEquals(12.5f, SensirionI2c.toFloat(bits >>> 16, bits & 0xFFFF));
    }
}
