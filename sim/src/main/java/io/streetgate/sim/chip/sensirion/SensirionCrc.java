package io.streetgate.sim.chip.sensirion;

/**
 * The CRC-8 Sensirion's I2C sensors put after every 16-bit word (SHT4x, SCD4x and SPS30 datasheets,
 * "Checksum Calculation"): polynomial 0x31 (x^8 + x^5 + x^4 + 1), initial value 0xFF, no reflection, no final
 * XOR; CRC(0xBEEF) = 0x92. Table-driven here; the gateway's drivers compute it bit by bit in their own module,
 * so that the simulated chips check the drivers rather than repeat them.
 */
public final class SensirionCrc {

    private static final int POLYNOMIAL = 0x31;
    private static final int INIT = 0xFF;
    private static final int[] TABLE = new int[256];

    static {
        for (int value = 0; value < 256; value++) {
            int remainder = value;
            for (int bit = 0; bit < 8; bit++) {
                remainder = (remainder & 0x80) != 0 ? (remainder << 1) ^ POLYNOMIAL : remainder << 1;
            }
            TABLE[value] = remainder & 0xFF;
        }
    }

    private SensirionCrc() {
    }

    /** The CRC of one big-endian word. */
    public static int of(int word) {
        int crc = TABLE[(INIT ^ (word >> 8)) & 0xFF];
        return TABLE[(crc ^ word) & 0xFF];
    }

    /** Words as sent on the bus: each as two big-endian bytes and its CRC. */
    public static byte[] encode(int... words) {
        byte[] bytes = new byte[words.length * 3];
        for (int i = 0; i < words.length; i++) {
            bytes[3 * i] = (byte) (words[i] >> 8);
            bytes[3 * i + 1] = (byte) words[i];
            bytes[3 * i + 2] = (byte) of(words[i] & 0xFFFF);
        }
        return bytes;
    }
}
