package io.streetgate.drivers.pi4j.ads1115;

/** Programmable gain: config bits 11:9 and the full-scale range they give (section 8.6.3). */
public enum Pga {
    FSR_6_144(0b000, 6.144),
    FSR_4_096(0b001, 4.096),
    FSR_2_048(0b010, 2.048),
    FSR_1_024(0b011, 1.024),
    FSR_0_512(0b100, 0.512),
    FSR_0_256(0b101, 0.256);

    final int code;
    final double fullScale;

    Pga(int code, double fullScale) {
        this.code = code;
        this.fullScale = fullScale;
    }

    /** Volts for a conversion result: two's complement, one LSB = FSR / 32768. */
    public double volts(int code16) {
        return (short) code16 * fullScale / 32768;
    }

    String optionValue() {
        return String.format(java.util.Locale.ROOT, "%.3f", fullScale);
    }

    static String[] optionValues() {
        String[] values = new String[values().length];
        for (Pga pga : values()) {
            values[pga.ordinal()] = pga.optionValue();
        }
        return values;
    }

    static Pga ofOptionValue(String value) {
        for (Pga pga : values()) {
            if (pga.optionValue().equals(value)) {
                return pga;
            }
        }
        throw new IllegalArgumentException("no range '" + value + "'");
    }
}
