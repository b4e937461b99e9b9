package io.streetgate.drivers.modbus.map;

/**
 * How a device lays out a value of more than one register. The letters name the bytes of a 32-bit value from
 * most to least significant (A..D) in the order they arrive; longer values extend the same pattern. Modbus
 * itself sends each register high byte first and says nothing about register order, so vendors differ
 * (Modbus Application Protocol v1.1b3, section 4.2; the meter's own protocol sheet names its order).
 */
public enum WordOrder {
    /** Big-endian: high register first, high byte first ("Modbus standard"; Eastron meters). */
    ABCD(false, false),
    /** Word-swapped: low register first, each register high byte first (TUF-2000M floats, many PLCs). */
    CDAB(true, false),
    /** Byte-swapped: high register first, each register low byte first. */
    BADC(false, true),
    /** Little-endian: low register first, low byte first. */
    DCBA(true, true);

    private final boolean wordsSwapped;
    private final boolean bytesSwapped;

    WordOrder(boolean wordsSwapped, boolean bytesSwapped) {
        this.wordsSwapped = wordsSwapped;
        this.bytesSwapped = bytesSwapped;
    }

    /** Whether the least significant register comes first. */
    public boolean wordsSwapped() {
        return wordsSwapped;
    }

    /** Whether each register carries its low byte first. */
    public boolean bytesSwapped() {
        return bytesSwapped;
    }

    /**
     * The value of registers as they were read, most significant bits first: {@code words} as received,
     * {@code count} of them from {@code offset}.
     */
    public long assemble(int[] words, int offset, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            int w = words[offset + (wordsSwapped ? count - 1 - i : i)] & 0xFFFF;
            value = (value << 16) | (bytesSwapped ? swapBytes(w) : w);
        }
        return value;
    }

    /** The registers to send for a value of {@code count} registers, most significant bits in {@code value}'s top. */
    public int[] split(long value, int count) {
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            int w = (int) (value >>> (16 * (count - 1 - i))) & 0xFFFF;
            words[wordsSwapped ? count - 1 - i : i] = bytesSwapped ? swapBytes(w) : w;
        }
        return words;
    }

    private static int swapBytes(int w) {
        return ((w & 0xFF) << 8) | (w >>> 8);
    }
}
