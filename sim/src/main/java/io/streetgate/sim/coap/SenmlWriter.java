package io.streetgate.sim.coap;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What a small node's firmware would write: one SenML pack of numeric readings taken at one instant, with the
 * node's base name and base time in the first record (RFC 8428 sections 4.1, 5 and 6). Written by hand, as a
 * node would, so that the gateway's decoder is tested against an encoder that is not its own.
 */
public final class SenmlWriter {

    /** CoAP Content-Formats (RFC 8428 section 12.3). */
    public enum Encoding {
        JSON(110), CBOR(112);

        public final int contentFormat;

        Encoding(int contentFormat) {
            this.contentFormat = contentFormat;
        }
    }

    /** One reading: the name below the base name, its SenML unit and its value. */
    public record Reading(String name, String unit, double value) {
    }

    /** A node sends what its sensor resolves, not a double's 17 digits. */
    private static final MathContext SIX_DIGITS = new MathContext(6);

    private SenmlWriter() {
    }

    public static byte[] write(Encoding encoding, String baseName, Instant time, List<Reading> readings) {
        return encoding == Encoding.JSON ? json(baseName, time, readings) : cbor(baseName, time, readings);
    }

    static byte[] json(String baseName, Instant time, List<Reading> readings) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            out.append(i == 0 ? "{" : ",{");
            if (i == 0) {
                out.append("\"bn\":\"").append(baseName).append("\",\"bt\":").append(seconds(time)).append(',');
            }
            out.append("\"n\":\"").append(r.name()).append("\",\"u\":\"").append(r.unit()).append("\",\"v\":")
                    .append(new BigDecimal(r.value()).round(SIX_DIGITS).stripTrailingZeros())
                    .append('}');
        }
        return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String seconds(Instant time) {
        return time.getNano() == 0 ? Long.toString(time.getEpochSecond())
                : String.format(Locale.ROOT, "%d.%03d", time.getEpochSecond(), time.getNano() / 1_000_000);
    }

    /** CBOR (RFC 8949) with SenML's integer labels: bn -2, bt -3, n 0, u 1, v 2 (RFC 8428 section 6). */
    static byte[] cbor(String baseName, Instant time, List<Reading> readings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 4, readings.size());
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            head(out, 5, i == 0 ? 5 : 3);
            if (i == 0) {
                head(out, 1, 1);    // -2: negative integers are stored as -1 - n
                text(out, baseName);
                head(out, 1, 2);    // -3
                float64(out, time.getEpochSecond() + time.getNano() / 1e9);
            }
            head(out, 0, 0);
            text(out, r.name());
            head(out, 0, 1);
            text(out, r.unit());
            head(out, 0, 2);
            float64(out, r.value());
        }
        return out.toByteArray();
    }

    /** A CBOR head: major type in the top 3 bits, the argument in the rest or in 1, 2 or 4 following bytes. */
    private static void head(ByteArrayOutputStream out, int major, long argument) {
        int type = major << 5;
        if (argument < 24) {
            out.write(type | (int) argument);
        } else if (argument < 0x100) {
            out.write(type | 24);
            out.write((int) argument);
        } else if (argument < 0x10000) {
            out.write(type | 25);
            out.write((int) (argument >> 8));
            out.write((int) argument);
        } else {
            out.write(type | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (argument >> shift));
            }
        }
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, utf8.length);
        out.write(utf8, 0, utf8.length);
    }

    private static void float64(ByteArrayOutputStream out, double value) {
        out.write(0xfb);
        long bits = Double.doubleToLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >> shift));
        }
    }
}
