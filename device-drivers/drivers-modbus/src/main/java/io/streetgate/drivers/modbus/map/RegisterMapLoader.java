package io.streetgate.drivers.modbus.map;

import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads register maps from YAML (JSON is YAML too, so a JSON map file reads the same). The format is described
 * with a worked example in {@code docs/modbus.md}; in short:
 *
 * <pre>
 * type: eastron-sdm630            # the site file's device type
 * model: Eastron SDM630
 * addressing: pdu                 # pdu: protocol addresses (30001 is 0); one-based: the manual's numbers
 * defaults: { table: input, data-type: FLOAT32, word-order: ABCD }
 * polling: { max-registers-per-request: 125, max-gap: 8 }
 * refused: [ { table: input, from: 0x0100, to: 0x010F } ]
 * points:
 *   - { name: voltage_l1, address: 0x0000, unit: V }
 *   - { name: mode, address: 0x0100, unit: count, kind: state }   # a setting: summarised by its last value
 * </pre>
 *
 * Every mistake is reported, each with its key path, the bad value and what would be valid.
 * <p>
 * It stays one class because every key's check collects into the same list of problems with the same key
 * paths, and the defaults of the map apply to every entry as it is read.
 */
public final class RegisterMapLoader {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,47}");
    private static final Set<String> TOP_KEYS = Set.of("type", "model", "description", "addressing", "defaults",
            "polling", "refused", "points", "source", "note");
    private static final Set<String> DEFAULT_KEYS = Set.of("table", "data-type", "word-order", "scale");
    private static final Set<String> POLLING_KEYS = Set.of("max-registers-per-request", "max-bits-per-request",
            "max-gap");
    private static final Set<String> RANGE_KEYS = Set.of("table", "from", "to", "note");
    private static final Set<String> POINT_KEYS = Set.of("name", "address", "table", "data-type", "word-order",
            "bit", "scale", "offset", "transform", "quantity", "unit", "kind", "status", "write", "description",
            "note");
    private static final Set<String> WRITE_KEYS = Set.of("range", "steps");

    /** A map of a device's every register is tens of kilobytes; anything far bigger is not a map. */
    private static final int MAX_BYTES = 1 << 20;

    private RegisterMapLoader() {
    }

    /** A map from a file (YAML or JSON). */
    public static RegisterMap load(Path file) throws RegisterMapException {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new RegisterMapException(file.toString(), List.of("has " + size + " bytes, more than "
                        + (MAX_BYTES >> 20) + " MiB; a register map is a few kilobytes: is it the right file?"));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RegisterMapException(file.toString(), List.of("cannot be read (" + e.getMessage()
                    + "); give the path of a readable YAML or JSON map file"));
        }
        return parse(new StringReader(text), file.toString());
    }

    /** A map from a class-path resource. */
    public static RegisterMap resource(Class<?> anchor, String name) throws RegisterMapException {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new RegisterMapException(name, List.of("no such resource next to " + anchor.getName()));
            }
            return parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new RegisterMapException(name, List.of("cannot be read: " + e.getMessage()));
        }
    }

    /** A map from YAML text; {@code source} names it in messages. */
    public static RegisterMap parse(Reader text, String source) throws RegisterMapException {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            // bounded whatever the source (a file, a resource, a reader): the size, and aliases that multiply it
            options.setCodePointLimit(MAX_BYTES);
            options.setMaxAliasesForCollections(20);
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException | IllegalArgumentException e) {
            // SnakeYAML throws IllegalArgumentException too, for a malformed tag such as !?%d (found by
            // RegisterMapLoaderFuzzTest, docs/security.md)
            throw new RegisterMapException(source, List.of("is not valid YAML or JSON: "
                    + String.valueOf(e.getMessage()).replace('\n', ' ')));
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new RegisterMapException(source, List.of("must be a mapping with type, model and points"));
        }
        Reading r = new Reading(source);
        RegisterMap map = r.map(top);
        if (!r.problems.isEmpty() || map == null) {
            throw new RegisterMapException(source, r.problems);
        }
        return map;
    }

    /** One pass over a file, collecting every problem. */
    private static final class Reading {
        final String source;
        final List<String> problems = new ArrayList<>();

        Reading(String source) {
            this.source = source;
        }

        RegisterMap map(Map<?, ?> top) {
            unknownKeys("", top, TOP_KEYS);
            String type = text(top, "type", null);
            if (type == null || !TYPE_NAME.matcher(type).matches()) {
                problem("type", type, "must be a lower-case name of letters, digits and '-' (e.g. eastron-sdm630)");
            }
            String model = text(top, "model", type);
            String description = text(top, "description", model);
            String addressing = text(top, "addressing", "pdu");
            int addressOffset = 0;
            if ("one-based".equals(addressing)) {
                addressOffset = 1;
            } else if (!"pdu".equals(addressing)) {
                problem("addressing", addressing, "is not pdu (protocol addresses, 30001 = 0) or one-based "
                        + "(register numbers as a manual counts them from 1)");
            }
            Map<?, ?> defaults = section(top, "defaults");
            unknownKeys("defaults.", defaults, DEFAULT_KEYS);
            RegisterTable defaultTable = table("defaults.table", defaults.get("table"), RegisterTable.HOLDING_REGISTER);
            DataType defaultType = dataType("defaults.data-type", defaults.get("data-type"), DataType.UINT16);
            WordOrder defaultOrder = wordOrder("defaults.word-order", defaults.get("word-order"), WordOrder.ABCD);
            double defaultScale = number("defaults.scale", defaults.get("scale"), 1.0);

            Map<?, ?> pollingSection = section(top, "polling");
            unknownKeys("polling.", pollingSection, POLLING_KEYS);
            Polling polling = Polling.DEFAULT;
            try {
                polling = new Polling(
                        integer("polling.max-registers-per-request", pollingSection.get("max-registers-per-request"),
                                Polling.DEFAULT.maxRegisters()),
                        integer("polling.max-bits-per-request", pollingSection.get("max-bits-per-request"),
                                Polling.DEFAULT.maxBits()),
                        integer("polling.max-gap", pollingSection.get("max-gap"), Polling.DEFAULT.maxGap()));
            } catch (IllegalArgumentException e) {
                problems.add("polling: " + e.getMessage());
            }

            List<AddressRange> refused = new ArrayList<>();
            List<?> ranges = list(top, "refused");
            for (int i = 0; i < ranges.size(); i++) {
                String at = "refused[" + i + "]";
                if (!(ranges.get(i) instanceof Map<?, ?> m)) {
                    problem(at, ranges.get(i), "must be {table, from, to}");
                    continue;
                }
                unknownKeys(at + ".", m, RANGE_KEYS);
                RegisterTable t = table(at + ".table", m.get("table"), defaultTable);
                int from = address(at + ".from", m.get("from"), addressOffset);
                int to = m.containsKey("to") ? address(at + ".to", m.get("to"), addressOffset) : from;
                try {
                    refused.add(new AddressRange(t, from, to));
                } catch (IllegalArgumentException e) {
                    problems.add(at + ": " + e.getMessage());
                }
            }

            List<Point> points = new ArrayList<>();
            List<?> entries = list(top, "points");
            if (entries.isEmpty()) {
                problem("points", "", "is missing or empty: list the device's registers");
            }
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < entries.size(); i++) {
                if (!(entries.get(i) instanceof Map<?, ?> m)) {
                    problem("points[" + i + "]", entries.get(i), "must be a mapping with name and address");
                    continue;
                }
                Point p = point(i, m, defaultTable, defaultType, defaultOrder, defaultScale, addressOffset);
                if (p != null && !names.add(p.name())) {
                    problem("points[" + i + "].name", p.name(), "is used twice; give every entry its own name");
                } else if (p != null) {
                    for (AddressRange r : refused) {
                        if (r.overlaps(p.table(), p.address(), p.span())) {
                            problem("points[" + i + "] (" + p.name() + ").address", p.address(),
                                    "lies in the refused range " + r + "; remove one of them");
                        }
                    }
                    points.add(p);
                }
            }
            if (!problems.isEmpty()) {
                return null;
            }
            return new RegisterMap(type, model, description, points, polling, refused, source);
        }

        Point point(int index, Map<?, ?> m, RegisterTable defaultTable, DataType defaultType, WordOrder defaultOrder,
                    double defaultScale, int addressOffset) {
            int before = problems.size();
            String name = text(m, "name", null);
            String at = "points[" + index + "]" + (name == null ? "" : " (" + name + ")");
            unknownKeys(at + ".", m, POINT_KEYS);
            if (name == null || !NAME.matcher(name).matches()) {
                problem(at + ".name", name, "must be lower-case letters, digits and '_', starting with a letter");
            }
            RegisterTable table = table(at + ".table", m.get("table"), defaultTable);
            DataType type = dataType(at + ".data-type", m.get("data-type"), table.isBits() ? DataType.BOOL : defaultType);
            if (table.isBits() && type != DataType.BOOL) {
                problem(at + ".data-type", type, "is not BOOL; " + table.mapName() + " entries are single bits");
            }
            WordOrder order = wordOrder(at + ".word-order", m.get("word-order"), defaultOrder);
            int address = m.containsKey("address") ? address(at + ".address", m.get("address"), addressOffset) : -1;
            if (!m.containsKey("address")) {
                problem(at + ".address", "", "is missing; give the register's address");
            } else if (address >= 0 && address + (table.isBits() ? 1 : type.registers()) > 0x10000) {
                problem(at + ".address", address, "leaves no room for the " + type.registers() + " registers of "
                        + type + "; the last address is 65535");
            }
            int bit = integer(at + ".bit", m.get("bit"), -1);
            if (m.containsKey("bit") && (bit < 0 || bit > 15 || table.isBits())) {
                problem(at + ".bit", m.get("bit"), "must be 0..15 and is only for a flag inside a register");
            }
            if (bit >= 0 && type.registers() != 1 && type != DataType.BOOL) {
                problem(at + ".bit", bit, "applies to one register; use data-type UINT16 or BOOL with it");
            }
            double scale = number(at + ".scale", m.get("scale"), defaultScale);
            if (scale == 0 || !Double.isFinite(scale)) {
                problem(at + ".scale", m.get("scale"), "must be a non-zero number (e.g. 0.1 or 1/3600)");
            }
            double offset = number(at + ".offset", m.get("offset"), 0.0);
            if (!Double.isFinite(offset)) {
                problem(at + ".offset", m.get("offset"), "must be a finite number (e.g. -40 or 0.5)");
            }
            Transform transform = Transform.NONE;
            if (m.containsKey("transform")) {
                transform = Transform.fromMapName(String.valueOf(m.get("transform")));
                if (transform == null) {
                    problem(at + ".transform", m.get("transform"), "is not none or dali-arc-level");
                    transform = Transform.NONE;
                }
            }
            Quantity quantity = null;
            String unitName = m.containsKey("unit") ? String.valueOf(m.get("unit")) : null;
            String quantityName = text(m, "quantity", name);
            Quantity.Kind kind = kind(at + ".kind", m.get("kind"));
            if (m.containsKey("kind") && unitName == null) {
                problem(at + ".kind", m.get("kind"), "is only for a measured entry; give the entry its unit "
                        + "(e.g. s, or \"\" for a flag) or remove kind");
            }
            if (unitName != null) {
                Unit unit = Unit.fromSenml(unitName).orElse(null);
                if (unit == null) {
                    problem(at + ".unit", unitName, "is not a SenML unit this gateway knows; use one of "
                            + Arrays.stream(Unit.values()).map(Unit::senml).filter(s -> !s.isEmpty()).toList()
                            + " or \"\" for a flag");
                } else {
                    try {
                        quantity = Quantity.define(quantityName, unit, kind);
                    } catch (IllegalArgumentException e) {
                        problem(at + ".quantity", quantityName, e.getMessage());
                    }
                }
            } else if (m.containsKey("quantity")) {
                problem(at + ".unit", "", "is missing; a measured entry needs its SenML unit (e.g. V, kWh, Cel)");
            }
            boolean status = bool(at + ".status", m.get("status"), false);
            Actuation actuation = null;
            if (m.containsKey("write")) {
                actuation = actuation(at, m.get("write"), table);
            }
            if (problems.size() > before || name == null) {
                return null;
            }
            return new Point(name, table, address, type, order, bit, scale, offset, transform, quantity, status,
                    actuation, text(m, "description", ""));
        }

        Actuation actuation(String at, Object value, RegisterTable table) {
            if (!table.isWritable()) {
                problem(at + ".write", value, "is only for holding registers and coils; "
                        + table.mapName() + " entries are read-only");
                return null;
            }
            if (Boolean.TRUE.equals(value) && table.isBits()) {
                return new Actuation(0, 1, true);
            }
            if (!(value instanceof Map<?, ?> w)) {
                problem(at + ".write", value, "must be {range: [low, high], steps: true|false}");
                return null;
            }
            unknownKeys(at + ".write.", w, WRITE_KEYS);
            boolean steps = bool(at + ".write.steps", w.get("steps"), table.isBits());
            if (table.isBits()) {
                return new Actuation(0, 1, true);
            }
            if (!(w.get("range") instanceof List<?> range) || range.size() != 2) {
                problem(at + ".write.range", w.get("range"), "must be [low, high]: the values at level 0 and 1");
                return null;
            }
            double low = number(at + ".write.range[0]", range.get(0), Double.NaN);
            double high = number(at + ".write.range[1]", range.get(1), Double.NaN);
            try {
                return new Actuation(low, high, steps);
            } catch (IllegalArgumentException e) {
                problem(at + ".write.range", range, e.getMessage());
                return null;
            }
        }

        // ---- values

        Quantity.Kind kind(String key, Object v) {
            if (v == null) {
                return Quantity.Kind.MEASUREMENT;
            }
            for (Quantity.Kind k : Quantity.Kind.values()) {
                if (k.mapName().equals(String.valueOf(v).trim())) {
                    return k;
                }
            }
            problem(key, v, "is not measurement (a value that varies: min, mean and max per window) or state (a "
                    + "setting or flag the device reports: its last value per window)");
            return Quantity.Kind.MEASUREMENT;
        }

        void problem(String key, Object value, String fix) {
            problems.add(key + "='" + (value == null ? "" : value) + "' " + fix);
        }

        void unknownKeys(String prefix, Map<?, ?> m, Set<String> valid) {
            for (Object k : m.keySet()) {
                if (!valid.contains(String.valueOf(k))) {
                    problems.add(prefix + k + ": is not a known key; valid here: "
                            + valid.stream().sorted().toList());
                }
            }
        }

        Map<?, ?> section(Map<?, ?> m, String key) {
            Object v = m.get(key);
            if (v == null) {
                return Map.of();
            }
            if (v instanceof Map<?, ?> s) {
                return s;
            }
            problem(key, v, "must be a mapping");
            return Map.of();
        }

        List<?> list(Map<?, ?> m, String key) {
            Object v = m.get(key);
            if (v == null) {
                return List.of();
            }
            if (v instanceof List<?> l) {
                return l;
            }
            problem(key, v, "must be a list");
            return List.of();
        }

        String text(Map<?, ?> m, String key, String fallback) {
            Object v = m.get(key);
            return v == null ? fallback : String.valueOf(v).trim();
        }

        RegisterTable table(String key, Object v, RegisterTable fallback) {
            if (v == null) {
                return fallback;
            }
            RegisterTable t = RegisterTable.fromMapName(String.valueOf(v));
            if (t == null) {
                problem(key, v, "is not coil, discrete, input or holding");
                return fallback;
            }
            return t;
        }

        DataType dataType(String key, Object v, DataType fallback) {
            if (v == null) {
                return fallback;
            }
            DataType t = DataType.fromMapName(String.valueOf(v));
            if (t == null) {
                problem(key, v, "is not one of " + Arrays.toString(DataType.values()));
                return fallback;
            }
            return t;
        }

        WordOrder wordOrder(String key, Object v, WordOrder fallback) {
            if (v == null) {
                return fallback;
            }
            try {
                return WordOrder.valueOf(String.valueOf(v).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(key, v, "is not ABCD (big-endian), CDAB (word-swapped), BADC (byte-swapped) or DCBA "
                        + "(little-endian)");
                return fallback;
            }
        }

        int address(String key, Object v, int addressOffset) {
            long a = integer(key, v, Integer.MIN_VALUE);
            if (a == Integer.MIN_VALUE) {
                return -1;
            }
            long pdu = a - addressOffset;
            if (pdu < 0 || pdu > 0xFFFF) {
                problem(key, v, addressOffset == 0 ? "is outside 0..65535 (protocol addresses; register 30001 "
                        + "or 40001 is address 0)" : "is outside 1..65536 (one-based register numbers)");
                return -1;
            }
            return (int) pdu;
        }

        int integer(String key, Object v, int fallback) {
            if (v == null) {
                return fallback;
            }
            if (v instanceof Integer || v instanceof Long) {
                long n = ((Number) v).longValue();
                if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                    return (int) n;
                }
            }
            try {
                return Integer.decode(String.valueOf(v).trim());
            } catch (NumberFormatException e) {
                problem(key, v, "is not a whole number (decimal, or hex as 0x1A)");
                return fallback;
            }
        }

        double number(String key, Object v, double fallback) {
            if (v == null) {
                return fallback;
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            String s = String.valueOf(v).trim();
            try {
                int slash = s.indexOf('/');
                if (slash > 0) {
                    return Double.parseDouble(s.substring(0, slash).trim()) / Double.parseDouble(s.substring(slash + 1).trim());
                }
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                problem(key, v, "is not a number (e.g. 0.1, 10 or 1/3600)");
                return fallback;
            }
        }

        boolean bool(String key, Object v, boolean fallback) {
            if (v == null) {
                return fallback;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            problem(key, v, "is not true or false");
            return fallback;
        }
    }
}
