package io.streetgate.sim.modbus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** -123.456f is 0xC2F6E979 (IEEE 754): the four orders lay it out as the letters say. */
class WordOrderTest {

    @Test
    void everyOrderOfAKnownFloat() {
        RegisterBank bank = new RegisterBank();
        int[][] expected = {{0xC2F6, 0xE979}, {0xE979, 0xC2F6}, {0xF6C2, 0x79E9}, {0x79E9, 0xF6C2}};
        for (WordOrder order : WordOrder.values()) {
            bank.setFloat32(Table.INPUT_REGISTERS, 0, order, -123.456f);
            assertArrayEquals(expected[order.ordinal()], new int[]{bank.get(Table.INPUT_REGISTERS, 0),
                    bank.get(Table.INPUT_REGISTERS, 1)}, order.name());
            assertEquals(-123.456f, (float) bank.float32(Table.INPUT_REGISTERS, 0, order));
        }
    }

    @Test
    void aTotalizerIsALongAndAFraction() {
        RegisterBank bank = new RegisterBank();
        bank.setLongReal(Table.HOLDING_REGISTERS, 8, WordOrder.CDAB, 1234.5);
        // 1234 = 0x000004D2 and 0.5f = 0x3F000000, both word-swapped
        assertArrayEquals(new int[]{0x04D2, 0x0000, 0x0000, 0x3F00}, new int[]{bank.get(Table.HOLDING_REGISTERS, 8),
                bank.get(Table.HOLDING_REGISTERS, 9), bank.get(Table.HOLDING_REGISTERS, 10),
                bank.get(Table.HOLDING_REGISTERS, 11)});
    }
}
