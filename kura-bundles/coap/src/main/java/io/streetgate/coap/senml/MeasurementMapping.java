package io.streetgate.coap.senml;

import io.streetgate.analytics.quality.ValueRange;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quality;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns resolved SenML records of one node into {@link Measurement}s.
 *
 * <ul>
 *   <li>The name is split at its last '/' or ':': the last segment names the quantity (a quantity the gateway
 *   knows, or an alias configured here), the part before it is the source id; a name of one segment belongs
 *   to the node itself ({@code bn "soil-17/", n "temperature"} and {@code n "temperature"} posted by node
 *   soil-17 both give source {@code soil-17}, quantity {@code temperature}).</li>
 *   <li>When the last segment names no quantity, the unit does, where exactly one standard quantity is
 *   measured in it ({@code Cel} is temperature), and the whole name is the source id: RFC 8428's own
 *   {@code [{"n":"urn:dev:ow:10e2073a01080063","u":"Cel","v":23.1}]} is a temperature of source
 *   {@code urn:dev:ow:10e2073a01080063}.</li>
 *   <li>The unit must be the quantity's own (no conversions); a record without a unit is taken in it.</li>
 *   <li>Numbers are ingested; booleans only for quantities measured as booleans (presence: 1 or 0); strings,
 *   data and sum-only records are counted and skipped.</li>
 *   <li>With ranges ({@link #withRanges}), a value that cannot be real refuses the pack
 *   ({@link #firstOutOfRange}).</li>
 * </ul>
 * Quantities are only ever defined from configuration, never from what a node sends. Immutable.
 */
public final class MeasurementMapping {

    /** Why a well-formed record was not ingested. */
    public enum Skip {
        STRING_VALUE, DATA_VALUE, BOOLEAN_VALUE, SUM_ONLY, UNKNOWN_QUANTITY, UNKNOWN_UNIT, UNIT_MISMATCH
    }

    /**
     * What a pack gave.
     *
     * @param measurements the readings, in the pack's order
     * @param skipped      how many records were skipped, by reason
     */
    public record Result(List<Measurement> measurements, Map<Skip, Integer> skipped) {
        public Result {
            measurements = List.copyOf(measurements);
            skipped = skipped.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(skipped));
        }

        public int skippedCount() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Units in which exactly one standard quantity is measured. */
    private static final Map<Unit, Quantity> BY_UNIT = Map.ofEntries(
            Map.entry(Unit.CELSIUS, Quantity.TEMPERATURE),
            Map.entry(Unit.RELATIVE_HUMIDITY_PERCENT, Quantity.HUMIDITY),
            Map.entry(Unit.PASCAL, Quantity.PRESSURE),
            Map.entry(Unit.LUX, Quantity.ILLUMINANCE),
            Map.entry(Unit.PPM, Quantity.CO2),
            Map.entry(Unit.DECIBEL_A, Quantity.SOUND_LEVEL),
            Map.entry(Unit.VOLT, Quantity.VOLTAGE),
            Map.entry(Unit.AMPERE, Quantity.CURRENT),
            Map.entry(Unit.WATT, Quantity.ACTIVE_POWER),
            Map.entry(Unit.KILOWATT_HOUR, Quantity.ENERGY),
            Map.entry(Unit.HERTZ, Quantity.FREQUENCY),
            Map.entry(Unit.CUBIC_METRE_PER_SECOND, Quantity.FLOW),
            Map.entry(Unit.CUBIC_METRE, Quantity.VOLUME));

    private static final Function<Quantity, Optional<ValueRange>> NO_RANGES = q -> Optional.empty();
    private static final MeasurementMapping STANDARD = new MeasurementMapping(Map.of(), NO_RANGES);

    private final Map<String, Quantity> aliases;
    private final Function<Quantity, Optional<ValueRange>> ranges;

    private MeasurementMapping(Map<String, Quantity> aliases, Function<Quantity, Optional<ValueRange>> ranges) {
        this.aliases = Map.copyOf(aliases);
        this.ranges = ranges;
    }

    /**
     * This mapping with the values each quantity can have at all (the gateway gives the plausible ranges widened by
     * the site file's own, {@code QualityConfig.acceptable}); a quantity without one takes any finite value.
     */
    public MeasurementMapping withRanges(Function<Quantity, Optional<ValueRange>> ranges) {
        return new MeasurementMapping(aliases, java.util.Objects.requireNonNull(ranges, "ranges"));
    }

    /**
     * Why the pack cannot be taken because of a value that cannot be real, naming the first such record, its
     * field, the value, the range and how a site widens it; empty when every reading is within its range. A
     * reading outside it is no measurement of the street (a broken or hostile node): it is refused with the pack,
     * not taken and flagged, so that the node hears of it.
     */
    public Optional<String> firstOutOfRange(String nodeId, List<SenmlRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            if (map(nodeId, records.get(i)) instanceof Measurement m) {
                Optional<ValueRange> range = ranges.apply(m.quantity());
                if (range.isPresent() && !range.get().contains(m.value())) {
                    String field = records.get(i).value() instanceof SenmlValue.Bool ? "vb" : "v";
                    return Optional.of("record " + (i + 1) + " ('" + records.get(i).name() + "'): '" + field + "' = "
                            + m.value() + (m.unit().senml().isEmpty() ? "" : " " + m.unit().senml())
                            + " is outside " + range.get() + ", what a " + m.quantity().name() + " can be: send "
                            + "real readings, or widen it with analytics.quality." + m.quantity().name()
                            + ".range in the site file");
                }
            }
        }
        return Optional.empty();
    }

    /** The gateway's own quantities by name, and by unit where that is unambiguous. */
    public static MeasurementMapping standard() {
        return STANDARD;
    }

    /**
     * Adds name aliases from configuration entries {@code segment=quantity} (an existing quantity, e.g.
     * {@code temp=temperature}) or {@code segment=quantity:unit} (defines the quantity in that SenML unit, e.g.
     * {@code moisture=soil_moisture:%}).
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static MeasurementMapping of(String... entries) {
        Map<String, Quantity> aliases = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException("quantity mapping '" + entry
                        + "' is not 'name=quantity' or 'name=quantity:unit' (e.g. temp=temperature, "
                        + "moisture=soil_moisture:%)");
            }
            String segment = trimmed.substring(0, eq).trim();
            String target = trimmed.substring(eq + 1).trim();
            int colon = target.indexOf(':');
            Quantity quantity;
            if (colon < 0) {
                quantity = Quantity.byName(target);
                if (quantity == null) {
                    throw new IllegalArgumentException("quantity mapping '" + entry + "': no quantity '" + target
                            + "' is known; define it with a unit, e.g. " + segment + "=" + target + ":%");
                }
            } else {
                String unitName = target.substring(colon + 1);
                Unit unit = Unit.fromSenml(unitName).orElseThrow(() -> new IllegalArgumentException(
                        "quantity mapping '" + entry + "': '" + unitName + "' is not a SenML unit this gateway "
                                + "knows; use one of " + senmlUnits()));
                quantity = Quantity.define(target.substring(0, colon), unit);
            }
            aliases.put(segment, quantity);
        }
        return new MeasurementMapping(aliases, NO_RANGES);
    }

    private static String senmlUnits() {
        List<String> names = new ArrayList<>();
        for (Unit unit : Unit.values()) {
            names.add("'" + unit.senml() + "'");
        }
        return String.join(", ", names);
    }

    /** The aliases, segment to quantity name. */
    public Map<String, String> aliases() {
        Map<String, String> names = new HashMap<>();
        aliases.forEach((segment, quantity) -> names.put(segment, quantity.name()));
        return names;
    }

    /**
     * The first record name that does not belong to the node: a node owns its id and every name below it
     * ({@code soil-17}, {@code soil-17/...}, {@code soil-17:...}), and names of one segment; an empty node id
     * owns nothing.
     */
    public static Optional<String> firstForeignName(String nodeId, List<SenmlRecord> records) {
        for (SenmlRecord record : records) {
            if (!owns(nodeId, record.name())) {
                return Optional.of(record.name());
            }
        }
        return Optional.empty();
    }

    static boolean owns(String nodeId, String name) {
        if (nodeId.isEmpty()) {
            return false;
        }
        if (name.equals(nodeId) || lastSeparator(name) < 0) {
            return true;
        }
        if (!name.startsWith(nodeId) || name.length() == nodeId.length()) {
            return false;
        }
        char next = name.charAt(nodeId.length());
        char last = nodeId.charAt(nodeId.length() - 1);
        return next == '/' || next == ':' || last == '/' || last == ':';
    }

    private static int lastSeparator(String name) {
        return Math.max(name.lastIndexOf('/'), name.lastIndexOf(':'));
    }

    /** Maps the records of one node; records that cannot be readings are counted in the result. */
    public Result map(String nodeId, List<SenmlRecord> records) {
        List<Measurement> measurements = new ArrayList<>(records.size());
        Map<Skip, Integer> skipped = new EnumMap<>(Skip.class);
        for (SenmlRecord record : records) {
            Object outcome = map(nodeId, record);
            if (outcome instanceof Measurement m) {
                measurements.add(m);
            } else {
                skipped.merge((Skip) outcome, 1, Integer::sum);
            }
        }
        return new Result(measurements, skipped);
    }

    private Object map(String nodeId, SenmlRecord record) {
        SenmlValue v = record.value();
        if (v instanceof SenmlValue.Text) {
            return Skip.STRING_VALUE;
        } else if (v instanceof SenmlValue.Data) {
            return Skip.DATA_VALUE;
        } else if (v == null) {
            return Skip.SUM_ONLY;
        }
        String name = record.name();
        while (name.length() > 1 && lastSeparator(name) == name.length() - 1) {
            name = name.substring(0, name.length() - 1);   // a base name alone: "soil-17/"
        }
        int cut = lastSeparator(name);
        String segment = name.substring(cut + 1);
        String source = cut < 0 ? nodeId : name.substring(0, cut);
        Quantity quantity = aliases.get(segment);
        if (quantity == null) {
            quantity = Quantity.byName(segment);
        }
        Unit unit = null;
        if (record.unit() != null) {
            unit = Unit.fromSenml(record.unit()).orElse(null);
            if (unit == null) {
                return Skip.UNKNOWN_UNIT;
            }
        }
        if (quantity == null && unit != null) {
            quantity = BY_UNIT.get(unit);
            source = cut < 0 ? nodeId : name;
        }
        if (quantity == null) {
            return Skip.UNKNOWN_QUANTITY;
        }
        if (unit != null && unit != quantity.unit()) {
            return Skip.UNIT_MISMATCH;
        }
        double value;
        if (v instanceof SenmlValue.Bool b) {
            if (quantity.unit() != Unit.BOOLEAN) {
                return Skip.BOOLEAN_VALUE;
            }
            value = b.value() ? 1 : 0;
        } else {
            value = ((SenmlValue.Number) v).value();
        }
        return new Measurement(source, quantity, quantity.unit(), value, record.time(), Quality.GOOD);
    }
}
