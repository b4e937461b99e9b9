package io.streetgate.driver;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What a reading measures, with the unit it is reported in and whether it is a measurement or a state the
 * device reports ({@link Kind}). Quantities are interned: two quantities with the same name are the same
 * object, so they compare by identity on hot paths.
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

    /**
     * Whether a quantity's readings measure something that varies or report how the device is set or what state
     * it is in. Windows summarise a measurement (count, min, mean, max, percentiles) but keep a state's last
     * value: the min, mean and max of an integration period or an overload flag say nothing.
     */
    public enum Kind {
        /** A value that varies with what is measured: a level, a temperature, a power. */
        MEASUREMENT,
        /** A setting or state the device reports (an integration period, a mode, an overload flag). */
        STATE;

        /** The kind's name in register maps and messages: {@code measurement} or {@code state}. */
        public String mapName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final Unit unit;
    private final Kind kind;

    private Quantity(String name, Unit unit, Kind kind) {
        this.name = name;
        this.unit = unit;
        this.kind = kind;
    }

    /**
     * Defines a measured quantity, or returns the one already defined under this name.
     *
     * @throws IllegalArgumentException if the name is not lower-case snake case, or is already defined with
     *                                  another unit or as a state
     */
    public static Quantity define(String name, Unit unit) {
        return define(name, unit, Kind.MEASUREMENT);
    }

    /**
     * Defines a quantity of the given kind, or returns the one already defined under this name.
     *
     * @throws IllegalArgumentException if the name is not lower-case snake case, or is already defined with
     *                                  another unit or kind
     */
    public static Quantity define(String name, Unit unit, Kind kind) {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(kind, "kind");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("quantity name '" + name
                    + "' is not valid: use lower-case letters, digits and '_', starting with a letter");
        }
        Quantity quantity = KNOWN.computeIfAbsent(name, n -> new Quantity(n, unit, kind));
        if (quantity.unit != unit) {
            throw new IllegalArgumentException("quantity '" + name + "' is measured in " + quantity.unit.senml()
                    + ", not " + unit.senml());
        }
        if (quantity.kind != kind) {
            throw new IllegalArgumentException("quantity '" + name + "' is already defined as a "
                    + quantity.kind.mapName() + ", not a " + kind.mapName() + "; give it kind "
                    + quantity.kind.mapName() + " or use another quantity name");
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

    /** Whether readings of this quantity are measurements or a state the device reports. */
    public Kind kind() {
        return kind;
    }

    /** Whether this is a setting or state the device reports, summarised by its last value. */
    public boolean isState() {
        return kind == Kind.STATE;
    }

    @Override
    public String toString() {
        return name;
    }
}
