package io.streetgate.drivers.pi4j.sensirion;

/**
 * The CRC-8 that follows every 16-bit word on Sensirion's I2C sensors, in both directions (SHT4x, SCD4x and
 * SPS30 datasheets, "Checksum Calculation"; also torvalds/linux drivers/iio/chemical/scd4x.c): polynomial 0x31
 * (x^8 + x^5 + x^4 + 1), initial value 0xFF, no reflection, no final XOR. Check value: CRC(0xBE 0xEF) = 0x92.
 * The one implementation every Sensirion driver of this module uses.
 */
public final class SensirionCrc8 {

    private static final int POLYNOMIAL = 0x31;
    private static final int INIT = 0xFF;

    private SensirionCrc8() {
    }

    /** The CRC of {@code length} bytes from {@code offset}. */
    public static int of(byte[] data, int offset, int length) {
        int crc = INIT;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ POLYNOMIAL) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    /** The CRC of one word sent most significant byte first. */
    public static int ofWord(int word) {
        return of(new byte[] {(byte) (word >> 8), (byte) word}, 0, 2);
    }
}
