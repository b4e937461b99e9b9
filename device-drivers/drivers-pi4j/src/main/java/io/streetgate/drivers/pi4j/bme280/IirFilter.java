package io.streetgate.drivers.pi4j.bme280;

/** The filter field of config: the IIR filter's coefficient (datasheet sections 3.4.4 and 5.4.6). */
public enum IirFilter {
    OFF(0b000, 0),
    X2(0b001, 2),
    X4(0b010, 4),
    X8(0b011, 8),
    X16(0b100, 16);

    private final int code;
    private final int coefficient;

    IirFilter(int code, int coefficient) {
        this.code = code;
        this.coefficient = coefficient;
    }

    public int code() {
        return code;
    }

    public int coefficient() {
        return coefficient;
    }

    /** The option value: {@code off}, or the coefficient. */
    public String optionValue() {
        return this == OFF ? "off" : Integer.toString(coefficient);
    }

    static IirFilter ofOptionValue(String value) {
        for (IirFilter f : values()) {
            if (f.optionValue().equals(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no filter '" + value + "'");
    }
}
