package io.streetgate.sim.chip.bme280;

/**
 * The trimming parameters a simulated BME280 carries in its NVM, and their register images (datasheet
 * BST-BME280-DS002 section 4.2.2, table 16: little-endian words at 0x88..0x9F, H1 at 0xA1, H2..H6 at
 * 0xE1..0xE7 with H4 and H5 sharing 0xE5).
 */
public record Bme280Trimming(int t1, int t2, int t3,
                             int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9,
                             int h1, int h2, int h3, int h4, int h5, int h6) {

    /**
     * Temperature and pressure words from the worked example of the BMP280 datasheet (BST-BMP280-DS001
     * section 3.12, table of the compensation example), whose T/P trimming the BME280 shares; humidity
     * words of the size real BME280 parts carry (the datasheet gives no humidity example; verify on a part).
     */
    public static final Bme280Trimming SAMPLE = new Bme280Trimming(
            27504, 26435, -1000,
            36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
            75, 362, 0, 313, 50, 30);

    public Bme280Trimming {
        checkRange("dig_T1", t1, 0, 0xFFFF);
        checkRange("dig_P1", p1, 0, 0xFFFF);
        checkRange("dig_H1", h1, 0, 0xFF);
        checkRange("dig_H3", h3, 0, 0xFF);
        checkRange("dig_H4", h4, -2048, 2047);
        checkRange("dig_H5", h5, -2048, 2047);
        checkRange("dig_H6", h6, -128, 127);
        for (int word : new int[] {t2, t3, p2, p3, p4, p5, p6, p7, p8, p9, h2}) {
            checkRange("signed trimming word", word, Short.MIN_VALUE, Short.MAX_VALUE);
        }
    }

    /** Registers 0x88..0xA1 (26 bytes). */
    public byte[] lowBlock() {
        byte[] block = new byte[26];
        int[] words = {t1, t2, t3, p1, p2, p3, p4, p5, p6, p7, p8, p9};
        for (int i = 0; i < words.length; i++) {
            block[2 * i] = (byte) words[i];
            block[2 * i + 1] = (byte) (words[i] >> 8);
        }
        block[0xA1 - 0x88] = (byte) h1; // 0xA0 is reserved and reads 0
        return block;
    }

    /** Registers 0xE1..0xE7 (7 bytes): H2 LE, H3, H4 = E4[7:0]<<4 | E5[3:0], H5 = E6[7:0]<<4 | E5[7:4], H6. */
    public byte[] highBlock() {
        return new byte[] {
            (byte) h2, (byte) (h2 >> 8),
            (byte) h3,
            (byte) (h4 >> 4),
            (byte) (((h5 & 0x0F) << 4) | (h4 & 0x0F)),
            (byte) (h5 >> 4),
            (byte) h6
        };
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside " + min + ".." + max);
        }
    }
}
