package io.streetgate.drivers.pi4j.bme280;

import java.util.LinkedHashMap;
import java.util.Map;

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

    /** Accepted option spellings: {@code 1 2 4 8 16}, {@code x1 .. x16}, {@code skip}. */
    static Map<String, Oversampling> spellings(boolean skippable) {
        Map<String, Oversampling> map = new LinkedHashMap<>();
        for (Oversampling o : values()) {
            if (o == SKIP) {
                if (skippable) {
                    map.put("skip", o);
                    map.put("0", o);
                }
            } else {
                map.put(Integer.toString(o.factor), o);
                map.put("x" + o.factor, o);
            }
        }
        return map;
    }
}
