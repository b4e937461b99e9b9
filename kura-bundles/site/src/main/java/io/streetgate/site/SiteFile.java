package io.streetgate.site;

import io.streetgate.analytics.pipeline.AnalyticsConfig;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.OptionSpec;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a site file. Every problem is reported with the file, line, dotted key, the bad value and what would
 * be valid; an entry with a problem is left out and the others are kept. The result is usable when the
 * file parsed and the node section is valid.
 */
public final class SiteFile {

    /** Ids of nodes, buses and devices: they appear in MQTT topics and configuration PIDs. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** What {@link #ID} allows, for messages that refuse an id. */
    public static final String ID_RULE = "use 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit";
    private static final List<String> SECTIONS =
            List.of("node", "buses", "sensors", "actuators", "analytics", "control", "local-broker", "status", "simulation",
                    "ota", "coap", "uplink", "console");
    /** A site file is a few kilobytes; more is a mistake (and an unbounded read). */
    public static final int MAX_BYTES = 1 << 20;
    private static final List<String> ADDRESS_KEYS = List.of("address", "pin", "unit");

    private SiteFile() {
    }

    /**
     * The outcome of reading a site file.
     *
     * @param config   the valid part; empty when the file could not be used at all
     * @param problems everything that is wrong, in file order
     */
    public record Result(Optional<SiteConfig> config, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean isValid() {
            return config.isPresent() && problems.isEmpty();
        }
    }

    public static Result read(Path file, DeviceCatalog catalog) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            if (Files.size(file) > MAX_BYTES) {
                return failed(name, "is larger than 1 MiB; a site file is a few kilobytes");
            }
            Path folder = file.toAbsolutePath().getParent();
            return parse(Files.readString(file, StandardCharsets.UTF_8), name, catalog, folder);
        } catch (IOException e) {
            return failed(name, "cannot be read: " + e.getMessage());
        }
    }

    /** A site file's text; files it names (Modbus register maps) are not read. */
    public static Result parse(String text, String sourceName, DeviceCatalog catalog) {
        return parse(text, sourceName, catalog, null);
    }

    /**
     * A site file's text, with the files it names read relative to {@code folder}.
     *
     * @param folder the site file's folder; null to leave the files it names unread
     */
    public static Result parse(String text, String sourceName, DeviceCatalog catalog, Path folder) {
        Problems problems = new Problems(sourceName);
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(MAX_BYTES);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
            return new Result(Optional.empty(), List.of(new Problem(sourceName, line, Problems.WHOLE_FILE, null,
                    "is not valid YAML: " + what + "; check the indentation and the ':' after each key")));
        } catch (YAMLException | IllegalArgumentException e) {
            // SnakeYAML throws IllegalArgumentException too, for a malformed tag such as !?%d (found by fuzzing
            // register maps, docs/security.md)
            return failed(sourceName, "is not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return failed(sourceName, "is empty; it needs at least a node section with an id");
        }
        return new Reader(catalog, folder, problems).read(YamlSection.of("", root, problems));
    }

    private static Result failed(String source, String message) {
        return new Result(Optional.empty(), List.of(new Problem(source, 0, Problems.WHOLE_FILE, null, message)));
    }

    private static final class Reader {
        private final DeviceCatalog catalog;
        private final Path folder;
        private final Problems problems;

        Reader(DeviceCatalog catalog, Path folder, Problems problems) {
            this.catalog = catalog;
            this.folder = folder;
            this.problems = problems;
        }

        Result read(YamlSection top) {
            top.rejectUnknownKeys(SECTIONS);
            Optional<NodeConfig> node = node(top.section("node"));
            Map<String, BusConfig> buses = buses(top.section("buses"));
            List<DeviceConfig> sensors = sensors(top.section("sensors"), buses);
            List<DeviceConfig> actuators = devices(top.section("actuators"), buses, "actuator");
            sensors.stream().filter(d -> actuators.stream().anyMatch(a -> a.id().equals(d.id()))).forEach(d ->
                    problems.add(top.section("actuators").keyNode(d.id()), "actuators." + d.id(), d.id(),
                            "is also a sensor id; give the actuator an id of its own"));
            AnalyticsConfig analytics = AnalyticsSection.read(top.section("analytics"), sensors);
            Optional<ControlConfig> control = ControlSection.read(top.section("control"), node, sensors, actuators,
                    analytics);
            LocalBrokerConfig broker = localBroker(top.section("local-broker"));
            StatusConfig status = status(top.section("status"));
            SimulationConfig simulation = simulation(top.section("simulation"));
            Optional<OtaConfig> ota = OtaSection.read(top.section("ota"));
            Optional<CoapConfig> coap = CoapSection.read(top.section("coap"));
            Optional<UplinkConfig> uplink = UplinkSection.read(top.section("uplink"), node);
            ConsoleConfig console = console(top.section("console"));
            if (broker.enabled() && broker.port() == status.port() && broker.host().equals(status.host())) {
                problems.add(top.node(), "status.port", Integer.toString(status.port()),
                        "is also the local broker's port; give them different ports");
            }
            if (console.enabled() && (console.port() == status.port()
                    || broker.enabled() && console.port() == broker.port())) {
                problems.add(top.section("console").node(), "console.port", Integer.toString(console.port()),
                        "is also the " + (console.port() == status.port() ? "status endpoint's" : "local broker's")
                                + " port; give the console a port of its own, e.g. 8443");
            }
            Optional<SiteConfig> config = node.map(n -> new SiteConfig(n, buses, sensors, analytics, broker,
                    status, simulation, ota, actuators, control, coap, uplink, console));
            return new Result(config, problems.list());
        }

        Optional<NodeConfig> node(YamlSection s) {
            if (s.node() == null) {
                problems.add(null, "node", null, "is missing; add a node section with at least 'id: <node id>'");
                return Optional.empty();
            }
            Optional<String> id = s.requiredScalar(SiteSettings.NODE_ID.name(), "name this gateway, e.g. id: pole-0042");
            id.filter(v -> !ID.matcher(v).matches()).ifPresent(v -> s.problem("id", v, "is not a valid id; " + ID_RULE));
            String site = s.text(SiteSettings.NODE_SITE);
            Optional<Double> lat = s.decimal(SiteSettings.LATITUDE);
            Optional<Double> lon = s.decimal(SiteSettings.LONGITUDE);
            s.rejectUnknownKeys(List.of("id", "site", "latitude", "longitude"));
            if (!s.clean() || id.isEmpty() || lat.isEmpty() || lon.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new NodeConfig(id.get(), site, lat.get(), lon.get()));
        }

        Map<String, BusConfig> buses(YamlSection s) {
            Map<String, BusConfig> buses = new LinkedHashMap<>();
            for (String id : s.keys()) {
                YamlSection b = s.section(id);
                if (!ID.matcher(id).matches()) {
                    problems.add(s.keyNode(id), b.path(), id, "is not a valid bus id; " + ID_RULE);
                    continue;
                }
                Optional<String> kind = b.requiredScalar("kind", "one of " + String.join(", ", BusKinds.names()));
                if (kind.isPresent() && !BusKinds.isKnown(kind.get())) {
                    String hint = Problems.suggestion(kind.get(), BusKinds.names());
                    b.problem("kind", kind.get(), "is not a bus kind" + (hint.isEmpty() ? "" : "; did you mean '" + hint + "'?")
                            + " Valid: " + String.join(", ", BusKinds.names()));
                    continue;
                }
                Map<String, String> settings = new HashMap<>();
                List<String> valid = new ArrayList<>(List.of("kind"));
                for (OptionSpec spec : BusKinds.settings(kind.orElse(""))) {
                    valid.add(spec.name());
                    b.option(spec.name(), spec).or(() -> Optional.ofNullable(spec.defaultValue()))
                            .ifPresent(v -> settings.put(spec.name(), v));
                    if (spec.defaultValue() == null && !b.has(spec.name())) {
                        b.problem(spec.name(), null, "is missing; " + spec.description());
                    }
                }
                b.rejectUnknownKeys(valid);
                if (b.clean() && kind.isPresent()) {
                    buses.put(id, new BusConfig(id, kind.get(), settings));
                }
            }
            return buses;
        }

        List<DeviceConfig> sensors(YamlSection s, Map<String, BusConfig> buses) {
            return devices(s, buses, "sensor");
        }

        /** Sensors or actuators: each a device of a known type on a bus, at an address no other of them uses. */
        List<DeviceConfig> devices(YamlSection s, Map<String, BusConfig> buses, String what) {
            List<DeviceConfig> sensors = new ArrayList<>();
            Map<String, String> usedAddresses = new HashMap<>();
            for (String id : s.keys()) {
                YamlSection d = s.section(id);
                if (!ID.matcher(id).matches()) {
                    problems.add(s.keyNode(id), d.path(), id, "is not a valid " + what + " id; " + ID_RULE);
                    continue;
                }
                sensor(id, d, buses, usedAddresses).ifPresent(sensors::add);
            }
            return sensors;
        }

        Optional<DeviceConfig> sensor(String id, YamlSection d, Map<String, BusConfig> buses,
                                      Map<String, String> usedAddresses) {
            List<String> valid = new ArrayList<>(List.of("type", "bus", "period", "options", "enabled", "zone",
                    "description"));
            Optional<String> typeName = d.requiredScalar("type",
                    "one of " + String.join(", ", catalog.names()));
            Optional<DeviceType> type = typeName.flatMap(catalog::type);
            if (typeName.isPresent() && type.isEmpty()) {
                String hint = Problems.suggestion(typeName.get(), catalog.names());
                d.problem("type", typeName.get(), "is not a device type this gateway knows"
                        + (hint.isEmpty() ? "." : "; did you mean '" + hint + "'?")
                        + " Known: " + String.join(", ", catalog.names()));
            }
            Optional<String> busId = d.requiredScalar("bus", "the id of a bus from the buses section ("
                    + String.join(", ", buses.keySet()) + ")");
            Optional<BusConfig> bus = busId.map(buses::get);
            if (busId.isPresent() && bus.isEmpty()) {
                d.problem("bus", busId.get(), "is not a bus in the buses section; defined: "
                        + (buses.isEmpty() ? "none" : String.join(", ", buses.keySet())));
            }
            if (type.isPresent() && bus.isPresent() && !type.get().busKinds().contains(bus.get().kind())) {
                d.problem("bus", busId.get(), "is a " + bus.get().kind() + " bus, but a " + type.get().name()
                        + " sits on " + String.join(" or ", type.get().busKinds()));
            }
            int address = -1;
            if (type.isPresent()) {
                DeviceType.Addressing addressing = type.get().addressing();
                if (addressing.key() != null) {
                    valid.add(addressing.key());
                    Optional<String> text = d.requiredScalar(addressing.key(), "valid: " + addressing.describeValid());
                    if (text.isPresent()) {
                        try {
                            address = Integer.decode(text.get().trim());
                            if (!addressing.isValid(address)) {
                                String t = text.get().trim();
                                // 76 for a chip at 0x76 is the commonest slip: say how the number was read
                                String read = addressing.hex() && t.matches("\\d{1,3}")
                                        && addressing.isValid(Integer.parseInt(t, 16))
                                        ? " (read as decimal " + address + ", which is " + addressing.format(address)
                                        + "; did you mean 0x" + t + "?)" : "";
                                d.problem(addressing.key(), text.get(), "is not valid for a " + type.get().name()
                                        + read + "; valid: " + addressing.describeValid());
                            }
                        } catch (NumberFormatException e) {
                            d.problem(addressing.key(), text.get(), "is not a number; valid: "
                                    + addressing.describeValid());
                        }
                    }
                }
            }
            if (type.isEmpty()) {
            // without a known type its address key cannot be checked; do not report it as unknown too
            ADDRESS_KEYS.forEach(d::node);
        }
        Optional<Duration> period = d.duration(SiteSettings.SENSOR_PERIOD);
            boolean enabled = d.bool(SiteSettings.SENSOR_ENABLED).orElse(true);
            Map<String, String> options = new HashMap<>();
            d.scalar(SiteSettings.SENSOR_ZONE.name()).ifPresent(z -> options.put("zone", z));
            d.scalar("description");
            if (type.isPresent()) {
                options.putAll(options(d.section("options"), type.get()));
            } else {
                d.node("options");
            }
            d.rejectUnknownKeys(valid);
            if (!d.clean() || type.isEmpty() || bus.isEmpty() || period.isEmpty()) {
                return Optional.empty();
            }
            if (address >= 0) {
                String slot = bus.get().id() + "/" + address;
                String other = usedAddresses.putIfAbsent(slot, id);
                if (other != null) {
                    d.problem(type.get().addressing().key(), type.get().addressing().format(address),
                            "on bus " + bus.get().id() + " is already used by " + other
                                    + "; two devices cannot share an address");
                    return Optional.empty();
                }
            }
            if (!enabled) {
                return Optional.empty();
            }
            return Optional.of(new DeviceConfig(id, type.get().name(), bus.get(), address, period.get(), options));
        }

        Map<String, String> options(YamlSection o, DeviceType type) {
            Map<String, String> values = new HashMap<>();
            List<String> valid = new ArrayList<>();
            for (OptionSpec spec : type.options()) {
                valid.add(spec.name());
                if (o.has(spec.name())) {
                    o.option(spec.name(), spec).ifPresent(v -> values.put(spec.name(), v));
                } else if (spec.defaultValue() != null) {
                    values.put(spec.name(), spec.defaultValue());
                } else {
                    o.problem(spec.name(), null, "is missing; " + spec.description());
                }
            }
            o.rejectUnknownKeys(valid);
            for (DeviceCatalog.OptionProblem p : catalog.problems(type.name(), values, folder)) {
                o.problem(p.key(), p.value(), p.reason());
            }
            return values;
        }

        LocalBrokerConfig localBroker(YamlSection s) {
            LocalBrokerConfig d = LocalBrokerConfig.DEFAULT;
            boolean enabled = s.bool(SiteSettings.BROKER_ENABLED).orElse(d.enabled());
            String host = s.text(SiteSettings.BROKER_HOST);
            int port = s.integer(SiteSettings.BROKER_PORT).orElse(d.port());
            s.rejectUnknownKeys(List.of("enabled", "host", "port"));
            return new LocalBrokerConfig(enabled, host, port);
        }

        StatusConfig status(YamlSection s) {
            StatusConfig d = StatusConfig.DEFAULT;
            String host = s.text(SiteSettings.STATUS_HOST);
            int port = s.integer(SiteSettings.STATUS_PORT).orElse(d.port());
            s.rejectUnknownKeys(List.of("host", "port"));
            return new StatusConfig(host, port);
        }

        ConsoleConfig console(YamlSection s) {
            ConsoleConfig d = ConsoleConfig.DEFAULT;
            boolean enabled = s.bool(SiteSettings.CONSOLE_ENABLED).orElse(d.enabled());
            String host = s.text(SiteSettings.CONSOLE_HOST);
            int port = s.integer(SiteSettings.CONSOLE_PORT).orElse(d.port());
            Duration idle = s.duration(SiteSettings.CONSOLE_SESSION_IDLE).orElse(d.sessionIdle());
            s.rejectUnknownKeys(List.of("enabled", "host", "port", "session-idle"));
            return new ConsoleConfig(enabled, host, port, idle);
        }

        SimulationConfig simulation(YamlSection s) {
            SimulationConfig d = SimulationConfig.DEFAULT;
            double speed = s.decimal(SiteSettings.SIMULATION_SPEED).orElse(d.speed());
            Instant start = null;
            Optional<String> text = s.scalar(SiteSettings.SIMULATION_START.name());
            if (text.isPresent()) {
                try {
                    start = Instant.parse(text.get().trim());
                } catch (DateTimeParseException e) {
                    s.problem("start", text.get(), "is not a UTC time; write e.g. 2026-06-21T19:30:00Z");
                }
            }
            long seed = s.integer(SiteSettings.SIMULATION_SEED).orElse((int) d.seed());
            s.rejectUnknownKeys(List.of("speed", "start", "seed"));
            return new SimulationConfig(speed, start, seed);
        }
    }
}
