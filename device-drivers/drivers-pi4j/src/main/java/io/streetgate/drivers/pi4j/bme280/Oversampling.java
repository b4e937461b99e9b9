package io.streetgate.drivers.pi4j.bme280;

/** The osrs_t, osrs_p and osrs_h field values (datasheet sections 5.4.3 and 5.4.5). */
public enum Oversampling {
    SKIP(0b000, 0),
    X1(0b001, 1),
    X2(0b010, 2),
    X4(0b011, 4),
    X8(0b100, 8),
    X16(0b101, 16);

    private final int code;
    private final int factor;

    Oversampling(int code, int factor) {
        this.code = code;
        this.factor = factor;
    }

    /** The register field value. */
    public int code() {
        return code;
    }

    /** How many samples are averaged; 0 when the measurement is skipped. */
    public int factor() {
        return factor;
    }

    /** The option value: {@code x1 .. x16}, or {@code skip}. */
    public String optionValue() {
        return this == SKIP ? "skip" : "x" + factor;
    }

    static Oversampling ofOptionValue(String value) {
        for (Oversampling o : values()) {
            if (o.optionValue().equals(value)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no oversampling '" + value + "'");
    }
}
