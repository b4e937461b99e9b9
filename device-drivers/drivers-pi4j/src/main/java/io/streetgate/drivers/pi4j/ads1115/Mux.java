package io.streetgate.drivers.pi4j.ads1115;

/** Input multiplexer: config bits 14:12 (section 8.6.3): AINx against GND, or a differential pair. */
public enum Mux {
    AIN0_AIN1(0b000, "0-1"),
    AIN0_AIN3(0b001, "0-3"),
    AIN1_AIN3(0b010, "1-3"),
    AIN2_AIN3(0b011, "2-3"),
    AIN0(0b100, "0"),
    AIN1(0b101, "1"),
    AIN2(0b110, "2"),
    AIN3(0b111, "3");

    final int code;
    final String optionValue;

    Mux(int code, String optionValue) {
        this.code = code;
        this.optionValue = optionValue;
    }

    static String[] optionValues() {
        return new String[] {"0", "1", "2", "3", "0-1", "0-3", "1-3", "2-3"};
    }

    static Mux ofOptionValue(String value) {
        for (Mux mux : values()) {
            if (mux.optionValue.equals(value)) {
                return mux;
            }
        }
        throw new IllegalArgumentException("no channel '" + value + "'");
    }
}
