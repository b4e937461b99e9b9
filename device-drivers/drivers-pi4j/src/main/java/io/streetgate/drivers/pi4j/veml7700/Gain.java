package io.streetgate.drivers.pi4j.veml7700;

/** ALS_CONF gain, bits 12:11 (datasheet, "ALS_CONF_0"): 00 ×1, 01 ×2, 10 ×1/8, 11 ×1/4. */
public enum Gain {
    X1_8(0b10, 0.125, "x1/8"),
    X1_4(0b11, 0.25, "x1/4"),
    X1(0b00, 1, "x1"),
    X2(0b01, 2, "x2");

    final int code;
    final double factor;
    final String optionValue;

    Gain(int code, double factor, String optionValue) {
        this.code = code;
        this.factor = factor;
        this.optionValue = optionValue;
    }

    public double factor() {
        return factor;
    }

    static Gain ofCode(int code) {
        for (Gain gain : values()) {
            if (gain.code == code) {
                return gain;
            }
        }
        throw new IllegalArgumentException("no gain code " + code);
    }

    static Gain ofOptionValue(String value) {
        for (Gain gain : values()) {
            if (gain.optionValue.equals(value)) {
                return gain;
            }
        }
        throw new IllegalArgumentException("no gain '" + value + "'");
    }
}
