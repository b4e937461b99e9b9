package io.streetgate.sim.modbus;

/**
 * How a device lays out a value of more than one register: the letters name the bytes of a 32-bit value from
 * most to least significant, in the order they go on the wire (ABCD big-endian, CDAB word-swapped, BADC
 * byte-swapped, DCBA little-endian); 64-bit values follow the same pattern per register pair.
 */
public enum WordOrder {
    ABCD, CDAB, BADC, DCBA;

    /** The registers for big-endian {@code bytes} (2, 4 or 8 of them) in this order. */
    int[] registers(byte[] bytes) {
        int n = bytes.length / 2;
        int[] out = new int[n];
        boolean lowWordFirst = this == CDAB || this == DCBA;
        boolean lowByteFirst = this == BADC || this == DCBA;
        for (int i = 0; i < n; i++) {
            int from = lowWordFirst ? n - 1 - i : i;
            int hi = bytes[2 * from] & 0xFF;
            int lo = bytes[2 * from + 1] & 0xFF;
            out[i] = lowByteFirst ? (lo << 8) | hi : (hi << 8) | lo;
        }
        return out;
    }

    /** The big-endian bytes of registers laid out in this order (the inverse of {@link #registers}). */
    byte[] bytes(int[] registers) {
        int n = registers.length;
        byte[] out = new byte[2 * n];
        boolean lowWordFirst = this == CDAB || this == DCBA;
        boolean lowByteFirst = this == BADC || this == DCBA;
        for (int i = 0; i < n; i++) {
            int r = registers[lowWordFirst ? n - 1 - i : i];
            int hi = lowByteFirst ? r & 0xFF : (r >>> 8) & 0xFF;
            int lo = lowByteFirst ? (r >>> 8) & 0xFF : r & 0xFF;
            out[2 * i] = (byte) hi;
            out[2 * i + 1] = (byte) lo;
        }
        return out;
    }
}
