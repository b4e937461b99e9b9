package io.streetgate.drivers.modbus.map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every word order against known values. -123.456f is 0xC2F6E979 in IEEE 754 single precision (bytes
 * A=C2 B=F6 C=E9 D=79, all different, so a swapped pair cannot pass by accident).
 */
class WordOrderTest {

    static final float KNOWN_FLOAT = -123.456f;

    static int[] registersOf(WordOrder order) {
        return switch (order) {
            case ABCD -> new int[]{0xC2F6, 0xE979};
            case CDAB -> new int[]{0xE979, 0xC2F6};
            case BADC -> new int[]{0xF6C2, 0x79E9};
            case DCBA -> new int[]{0x79E9, 0xF6C2};
        };
    }

    @Test
    void theKnownValueIsWhatIeee754Says() {
        assertEquals(0xC2F6E979, Float.floatToIntBits(KNOWN_FLOAT));
    }

    @ParameterizedTest
    @EnumSource(WordOrder.class)
    void readsAFloatInEveryOrder(WordOrder order) {
        Point p = MapFixtures.point("f", RegisterTable.INPUT_REGISTER, 0, DataType.FLOAT32, order);
        assertEquals(KNOWN_FLOAT, (float) p.decode(registersOf(order), 0));
    }

    @ParameterizedTest
    @EnumSource(WordOrder.class)
    void writesAFloatInEveryOrder(WordOrder order) {
        Point p = MapFixtures.point("f", RegisterTable.HOLDING_REGISTER, 0, DataType.FLOAT32, order);
        assertArrayEquals(registersOf(order), p.encode(KNOWN_FLOAT));
    }

    @Test
    void readsLongerValuesWithTheSamePattern() {
        // -1234567890123 as INT64 is 0xFFFFFEE08E04FB35
        assertEquals(-1234567890123L, (long) MapFixtures.point("q", RegisterTable.INPUT_REGISTER, 0, DataType.INT64,
                WordOrder.ABCD).decode(new int[]{0xFFFF, 0xFEE0, 0x8E04, 0xFB35}, 0));
        assertEquals(-1234567890123L, (long) MapFixtures.point("q", RegisterTable.INPUT_REGISTER, 0, DataType.INT64,
                WordOrder.CDAB).decode(new int[]{0xFB35, 0x8E04, 0xFEE0, 0xFFFF}, 0));
        assertEquals(-1234567890123L, (long) MapFixtures.point("q", RegisterTable.INPUT_REGISTER, 0, DataType.INT64,
                WordOrder.DCBA).decode(new int[]{0x35FB, 0x048E, 0xE0FE, 0xFFFF}, 0));
        // -123.456 as FLOAT64 is 0xC05EDD2F1A9FBE77
        assertEquals(-123.456, MapFixtures.point("d", RegisterTable.INPUT_REGISTER, 0, DataType.FLOAT64,
                WordOrder.BADC).decode(new int[]{0x5EC0, 0x2FDD, 0x9F1A, 0x77BE}, 0));
    }

    @Test
    void readsSixteenBitValuesSignedOrNot() {
        assertEquals(-2, MapFixtures.point("s", RegisterTable.INPUT_REGISTER, 0, DataType.INT16, WordOrder.ABCD)
                .decode(new int[]{0xFFFE}, 0));
        assertEquals(65534, MapFixtures.point("u", RegisterTable.INPUT_REGISTER, 0, DataType.UINT16, WordOrder.ABCD)
                .decode(new int[]{0xFFFE}, 0));
        // the byte-swapping orders swap the bytes of a single register too
        assertEquals(0x1234, MapFixtures.point("u", RegisterTable.INPUT_REGISTER, 0, DataType.UINT16, WordOrder.DCBA)
                .decode(new int[]{0x3412}, 0));
    }

    @Test
    void readsThirtyTwoBitIntegers() {
        // -123456789 is 0xF8A432EB
        assertEquals(-123456789, MapFixtures.point("i", RegisterTable.INPUT_REGISTER, 0, DataType.INT32,
                WordOrder.CDAB).decode(new int[]{0x32EB, 0xF8A4}, 0));
        assertEquals(0xF8A432EBL, (long) MapFixtures.point("i", RegisterTable.INPUT_REGISTER, 0, DataType.UINT32,
                WordOrder.ABCD).decode(new int[]{0xF8A4, 0x32EB}, 0));
    }
}
