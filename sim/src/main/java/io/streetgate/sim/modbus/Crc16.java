package io.streetgate.sim.modbus;

/**
 * CRC-16/MODBUS (Modbus over serial line v1.02, section 6.2.2): initial value 0xFFFF, each byte XORed into the
 * low byte, then eight shifts right with XOR 0xA001 (0x8005 reflected) whenever a 1 is shifted out; sent low
 * byte first. Check value: CRC("123456789") = 0x4B37.
 */
public final class Crc16 {

    private Crc16() {
    }

    public static int of(byte[] data, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                boolean carry = (crc & 1) != 0;
                crc >>>= 1;
                if (carry) {
                    crc ^= 0xA001;
                }
            }
        }
        return crc;
    }

    /** A copy of {@code frame} with its CRC appended, low byte first. */
    public static byte[] append(byte[] frame) {
        int crc = of(frame, 0, frame.length);
        byte[] out = java.util.Arrays.copyOf(frame, frame.length + 2);
        out[frame.length] = (byte) crc;
        out[frame.length + 1] = (byte) (crc >>> 8);
        return out;
    }

    /** Whether a whole frame (ending in its CRC, low byte first) checks out. */
    public static boolean valid(byte[] frame, int length) {
        if (length < 3) {
            return false;
        }
        int crc = of(frame, 0, length - 2);
        return (frame[length - 2] & 0xFF) == (crc & 0xFF) && (frame[length - 1] & 0xFF) == (crc >>> 8);
    }
}
