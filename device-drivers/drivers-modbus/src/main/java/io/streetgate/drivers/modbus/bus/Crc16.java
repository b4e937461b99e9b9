package io.streetgate.drivers.modbus.bus;

/**
 * CRC-16/MODBUS by table (Modbus over serial line v1.02, section 6.2.2 and its table-driven appendix): initial
 * 0xFFFF, polynomial 0xA001 reflected, low byte sent first. Check value CRC("123456789") = 0x4B37.
 */
final class Crc16 {

    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xA001 : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private Crc16() {
    }

    static int of(byte[] data, int length) {
        int crc = 0xFFFF;
        for (int i = 0; i < length; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]) & 0xFF];
        }
        return crc;
    }

    /** Whether the first {@code length} bytes end in their own CRC, low byte first. */
    static boolean valid(byte[] frame, int length) {
        if (length < 4 || length > frame.length) {
            return false;
        }
        int crc = of(frame, length - 2);
        return (frame[length - 2] & 0xFF) == (crc & 0xFF) && (frame[length - 1] & 0xFF) == crc >>> 8;
    }
}
