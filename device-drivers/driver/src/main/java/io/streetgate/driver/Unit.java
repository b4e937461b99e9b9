package io.streetgate.driver;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Units by their SenML names (RFC 8428 section 12.1 and the IANA "SenML Units" registry), so that a reading
 * can leave the node as SenML without translation. Only units this gateway measures or accepts are listed.
 */
public enum Unit {
    CELSIUS("Cel"),
    RELATIVE_HUMIDITY_PERCENT("%RH"),
    PASCAL("Pa"),
    LUX("lx"),
    PPM("ppm"),
    MICROGRAM_PER_CUBIC_METRE("ug/m3"),
    COUNT_PER_CUBIC_CENTIMETRE("/cm3"),
    MICROMETRE("um"),
    DECIBEL_A("dBA"),
    DECIBEL("dB"),
    VOLT("V"),
    AMPERE("A"),
    WATT("W"),
    WATT_HOUR("Wh"),
    KILOWATT_HOUR("kWh"),
    VOLT_AMPERE("VA"),
    VAR("var"),
    HERTZ("Hz"),
    CUBIC_METRE("m3"),
    CUBIC_METRE_PER_SECOND("m3/s"),
    LITRE("l"),
    LITRE_PER_SECOND("l/s"),
    METRE("m"),
    METRE_PER_SECOND("m/s"),
    SECOND("s"),
    PERCENT("%"),
    /** Dimensionless ratio 0..1 (a dimming level, a duty cycle). SenML "/". */
    RATIO("/"),
    /** A count of events or objects (SenML "count"). */
    COUNT("count"),
    /** A boolean state carried as 0 or 1 (presence, relay on). */
    BOOLEAN("");

    private static final Map<String, Unit> BY_SENML = new HashMap<>();

    static {
        for (Unit unit : values()) {
            BY_SENML.put(unit.senml, unit);
        }
    }

    private final String senml;

    Unit(String senml) {
        this.senml = senml;
    }

    /** The unit's name in the SenML units registry. */
    public String senml() {
        return senml;
    }

    public static Optional<Unit> fromSenml(String name) {
        return Optional.ofNullable(BY_SENML.get(name));
    }
}
