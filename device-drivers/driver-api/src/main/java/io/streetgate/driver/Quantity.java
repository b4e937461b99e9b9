package io.streetgate.driver;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What a reading measures, with the unit it is reported in. Quantities are interned: two quantities with
 * the same name are the same object, so they compare by identity on hot paths.
 */
public final class Quantity {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    private static final Map<String, Quantity> KNOWN = new ConcurrentHashMap<>();

    public static final Quantity TEMPERATURE = define("temperature", Unit.CELSIUS);
    public static final Quantity HUMIDITY = define("humidity", Unit.RELATIVE_HUMIDITY_PERCENT);
    public static final Quantity PRESSURE = define("pressure", Unit.PASCAL);
    public static final Quantity ILLUMINANCE = define("illuminance", Unit.LUX);
    public static final Quantity PRESENCE = define("presence", Unit.BOOLEAN);
    public static final Quantity MOTION_EVENTS = define("motion_events", Unit.COUNT);
    public static final Quantity CO2 = define("co2", Unit.PPM);
    public static final Quantity PM1 = define("pm1", Unit.MICROGRAM_PER_CUBIC_METRE);
    public static final Quantity PM2_5 = define("pm2_5", Unit.MICROGRAM_PER_CUBIC_METRE);
    public static final Quantity PM10 = define("pm10", Unit.MICROGRAM_PER_CUBIC_METRE);
    public static final Quantity SOUND_LEVEL = define("sound_level", Unit.DECIBEL_A);
    public static final Quantity VOLTAGE = define("voltage", Unit.VOLT);
    public static final Quantity CURRENT = define("current", Unit.AMPERE);
    public static final Quantity ACTIVE_POWER = define("active_power", Unit.WATT);
    public static final Quantity ENERGY = define("energy", Unit.KILOWATT_HOUR);
    public static final Quantity FREQUENCY = define("frequency", Unit.HERTZ);
    public static final Quantity FLOW = define("flow", Unit.CUBIC_METRE_PER_SECOND);
    public static final Quantity VOLUME = define("volume", Unit.CUBIC_METRE);
    public static final Quantity LEVEL = define("level", Unit.RATIO);

    private final String name;
    private final Unit unit;

    private Quantity(String name, Unit unit) {
        this.name = name;
        this.unit = unit;
    }

    /**
     * Defines a quantity, or returns the one already defined under this name.
     *
     * @throws IllegalArgumentException if the name is not lower-case snake case, or is already defined with
     *                                  another unit
     */
    public static Quantity define(String name, Unit unit) {
        Objects.requireNonNull(unit, "unit");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("quantity name '" + name
                    + "' is not valid: use lower-case letters, digits and '_', starting with a letter");
        }
        Quantity quantity = KNOWN.computeIfAbsent(name, n -> new Quantity(n, unit));
        if (quantity.unit != unit) {
            throw new IllegalArgumentException("quantity '" + name + "' is measured in " + quantity.unit.senml()
                    + ", not " + unit.senml());
        }
        return quantity;
    }

    /** The quantity defined under this name, or null. */
    public static Quantity byName(String name) {
        return KNOWN.get(name);
    }

    public static Collection<Quantity> known() {
        return Collections.unmodifiableCollection(KNOWN.values());
    }

    public String name() {
        return name;
    }

    /** The unit readings of this quantity are reported in. */
    public Unit unit() {
        return unit;
    }

    @Override
    public String toString() {
        return name;
    }
}
