package io.streetgate.sim.chip.sensirion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SensirionCrcTest {

    @Test
    void theDatasheetCheckValue() {
        assertEquals(0x92, SensirionCrc.of(0xBEEF)); // CRC(0xBEEF) = 0x92
        assertEquals(0x81, SensirionCrc.of(0x0000)); // the initial 0xFF run through two zero bytes
    }

    @Test
    void wordsGoOutMostSignificantByteFirstEachWithItsCrc() {
        assertArrayEquals(new byte[] {(byte) 0xBE, (byte) 0xEF, (byte) 0x92, 0x00, 0x00, (byte) 0x81},
                SensirionCrc.encode(0xBEEF, 0x0000));
    }
}
