package io.streetgate.sim.chip.bme280;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Bme280TrimmingTest {

    @Test
    void wordsAreLittleEndianFrom0x88AndH1SitsAt0xA1() {
        byte[] low = Bme280Trimming.SAMPLE.lowBlock();

        assertEquals(26, low.length);
        assertEquals(27504, (low[0] & 0xFF) | (low[1] & 0xFF) << 8); // dig_T1 at 0x88/0x89
        assertEquals(-1000, (short) ((low[4] & 0xFF) | (low[5] & 0xFF) << 8)); // dig_T3 at 0x8C/0x8D
        assertEquals(0, low[0xA0 - 0x88]);
        assertEquals(75, low[0xA1 - 0x88] & 0xFF);
    }

    @Test
    void h4AndH5ShareRegister0xE5() {
        Bme280Trimming negative = new Bme280Trimming(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, -2048, 0x7AB, -1);

        // H4 = E4<<4 | E5[3:0]; H5 = E6<<4 | E5[7:4]
        assertArrayEquals(new byte[] {1, 0, 0, (byte) 0x80, (byte) 0xB0, (byte) 0x7A, (byte) 0xFF}, negative.highBlock());
    }

    @Test
    void valuesOutsideTheirFieldsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Bme280Trimming(70000, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Bme280Trimming(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 2048, 0, 0));
    }
}
