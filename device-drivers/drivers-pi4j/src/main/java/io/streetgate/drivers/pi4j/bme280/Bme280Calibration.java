package io.streetgate.drivers.pi4j.bme280;

import java.util.ArrayList;
import java.util.List;

/**
 * The trimming parameters a BME280 carries in NVM (datasheet section 4.2.2, table 16): little-endian
 * words at 0x88..0x9F (dig_T1 and dig_P1 unsigned, the rest signed), dig_H1 at 0xA1, and at 0xE1..0xE7
 * dig_H2 (signed word), dig_H3, then dig_H4 and dig_H5 as signed 12-bit values sharing 0xE5, and dig_H6.
 */
public record Bme280Calibration(int t1, int t2, int t3,
                                int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9,
                                int h1, int h2, int h3, int h4, int h5, int h6) {

    /**
     * @param low  registers 0x88..0xA1 (26 bytes)
     * @param high registers 0xE1..0xE7 (7 bytes)
     */
    public static Bme280Calibration parse(byte[] low, byte[] high) {
        if (low.length != Bme280Registers.CALIB_LOW_LENGTH || high.length != Bme280Registers.CALIB_HIGH_LENGTH) {
            throw new IllegalArgumentException("trimming blocks are 26 and 7 bytes, not " + low.length + " and "
                    + high.length);
        }
        return new Bme280Calibration(
                unsigned16(low, 0), signed16(low, 2), signed16(low, 4),
                unsigned16(low, 6), signed16(low, 8), signed16(low, 10), signed16(low, 12), signed16(low, 14),
                signed16(low, 16), signed16(low, 18), signed16(low, 20), signed16(low, 22),
                low[25] & 0xFF,
                signed16(high, 0),
                high[2] & 0xFF,
                // H4 = 0xE4[7:0] << 4 | 0xE5[3:0]; the MSB byte is signed, so the 12-bit value keeps its sign
                (high[3] << 4) | (high[4] & 0x0F),
                // H5 = 0xE6[7:0] << 4 | 0xE5[7:4]
                (high[5] << 4) | ((high[4] & 0xFF) >> 4),
                high[6]);
    }

    /**
     * What is wrong with these values for a working part: an erased or unreadable NVM reads all 0x00 or all
     * 0xFF, which leaves dig_T1 or dig_P1 at 0 or 0xFFFF (dig_P1 = 0 would also divide by zero in the
     * pressure compensation). Empty when they look sane.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (t1 == 0 || t1 == 0xFFFF) {
            problems.add("dig_T1 is " + t1);
        }
        if (p1 == 0 || p1 == 0xFFFF) {
            problems.add("dig_P1 is " + p1);
        }
        if (t2 == 0 || t2 == -1) {
            problems.add("dig_T2 is " + t2);
        }
        if (h2 == 0 || h2 == -1) {
            problems.add("dig_H2 is " + h2);
        }
        return problems;
    }

    private static int unsigned16(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static int signed16(byte[] b, int i) {
        return (short) unsigned16(b, i);
    }
}
