package io.streetgate.drivers.pi4j.veml7700;

import java.time.Duration;

/** ALS_CONF integration time, bits 9:6 (datasheet, "ALS_CONF_0"). */
public enum IntegrationTime {
    MS25(0b1100, 25),
    MS50(0b1000, 50),
    MS100(0b0000, 100),
    MS200(0b0001, 200),
    MS400(0b0010, 400),
    MS800(0b0011, 800);

    final int code;
    final int millis;

    IntegrationTime(int code, int millis) {
        this.code = code;
        this.millis = millis;
    }

    public Duration duration() {
        return Duration.ofMillis(millis);
    }

    String optionValue() {
        return millis + "ms";
    }

    static IntegrationTime ofCode(int code) {
        for (IntegrationTime it : values()) {
            if (it.code == code) {
                return it;
            }
        }
        throw new IllegalArgumentException("no integration time code " + code);
    }

    static IntegrationTime ofOptionValue(String value) {
        for (IntegrationTime it : values()) {
            if (it.optionValue().equals(value)) {
                return it;
            }
        }
        throw new IllegalArgumentException("no integration time '" + value + "'");
    }
}
