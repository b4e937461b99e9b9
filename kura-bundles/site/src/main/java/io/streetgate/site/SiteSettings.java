package io.streetgate.site;

import io.streetgate.driver.Durations;
import io.streetgate.driver.OptionSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one definition of the plain sections' settings (node, buses, sensors, local-broker, status, console,
 * simulation): each key with its type, default, unit, valid values and a line of doc. The site file reader
 * reads these keys through it, and docs/site-file.md's settings table is held equal to it by a test
 * ({@code SiteSettingsDocTest}). The control section's are in {@link ControlSettings}, the uplink's in
 * {@link UplinkSettings}, the ota section's in {@link OtaSettings}, the coap section's in {@link CoapSettings},
 * the analytics section's in {@link AnalyticsSettings}. Each class declares a setting once, with a factory of
 * {@link Setting} into its {@link Table}; the components' MetaType is held to these definitions by
 * {@code MetaTypeSettingsTest} (packaging/distribution).
 */
public final class SiteSettings {

    /**
     * One setting.
     *
     * @param key  its dotted path in the site file ({@code <id>} for a name the site file chooses)
     * @param spec its type, range, default (null when required) and doc; its name is the key's last word
     * @param unit the unit of its value; empty for none (a duration is written with its unit)
     * @param rule the valid values in words when the type's range does not say them; empty otherwise
     * @param kind the type when the spec's kind does not say it (a size is read as text); empty otherwise
     */
    public record Setting(String key, OptionSpec spec, String unit, String rule, String kind) {

        /** A setting read as its spec says, with no unit, rule or kind of its own. */
        public static Setting of(String key, OptionSpec spec) {
            return new Setting(key, spec, "", "", "");
        }

        public static Setting text(String key, String doc, String fallback) {
            return of(key, OptionSpec.text(name(key), doc, fallback));
        }

        /** A file or folder, written as an absolute path. */
        public static Setting path(String key, String doc, String fallback) {
            return text(key, doc, fallback).where("an absolute path");
        }

        public static Setting bool(String key, String doc, boolean fallback) {
            return of(key, OptionSpec.bool(name(key), doc, fallback));
        }

        public static Setting integer(String key, String doc, long min, long max, Long fallback) {
            return of(key, OptionSpec.integer(name(key), doc, min, max, fallback));
        }

        /** A TCP or UDP port. */
        public static Setting port(String key, String doc, int fallback) {
            return integer(key, doc, 1, 65535, (long) fallback);
        }

        public static Setting decimal(String key, String doc, double min, double max, Double fallback) {
            return of(key, OptionSpec.decimal(name(key), doc, min, max, fallback));
        }

        public static Setting duration(String key, String doc, Duration min, Duration max, Duration fallback) {
            return of(key, OptionSpec.duration(name(key), doc, min, max, fallback));
        }

        public static Setting choice(String key, String doc, String fallback, String... allowed) {
            return of(key, OptionSpec.choice(name(key), doc, fallback, allowed));
        }

        /** This setting with a unit. */
        public Setting in(String unit) {
            return new Setting(key, spec, unit, rule, kind);
        }

        /** This setting with its valid values in words. */
        public Setting where(String rule) {
            return new Setting(key, spec, unit, rule, kind);
        }

        /** This setting with a type the spec's kind does not say (list, time, size). */
        public Setting as(String kind) {
            return new Setting(key, spec, unit, rule, kind);
        }

        /** The key's last word, under which a section reads the value. */
        private static String name(String key) {
            return key.substring(key.lastIndexOf('.') + 1);
        }

        /** Its type: the spec's kind, unless the setting names one the spec has not (a size). */
        public String type() {
            return kind.isEmpty() ? spec.kind().name().toLowerCase(java.util.Locale.ROOT) : kind;
        }

        /** The default as a site file would write it; "required" when there is none. */
        public String defaultValue() {
            return spec.defaultValue() == null ? "required" : spec.defaultValue();
        }

        public String valid() {
            if (!rule.isEmpty()) {
                return rule;
            }
            return switch (spec.kind()) {
                case CHOICE, BOOLEAN -> String.join(", ", spec.allowed());
                case INTEGER -> (long) spec.min() + ".." + (long) spec.max();
                case DECIMAL -> number(spec.min()) + ".." + number(spec.max());
                case DURATION -> Durations.format(Duration.ofMillis((long) spec.min())) + ".."
                        + Durations.format(Duration.ofMillis((long) spec.max()));
                case TEXT -> "text";
            };
        }

        private static String number(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }

    /**
     * The rows of one settings table, in the order they are declared. A {@code *Settings} class declares each
     * setting once, as {@code static final OptionSpec X = TABLE.add(Setting....)}: the table keeps the row
     * for the docs, and the section reads the value through the spec.
     */
    static final class Table {

        private final String prefix;
        private final List<Setting> rows = new ArrayList<>();

        /** @param prefix what every key of the table starts with, e.g. {@code "windows[]."}; may be empty */
        Table(String prefix) {
            this.prefix = prefix;
        }

        OptionSpec add(Setting setting) {
            rows.add(new Setting(prefix + setting.key(), setting.spec(), setting.unit(), setting.rule(),
                    setting.kind()));
            return setting.spec();
        }

        List<Setting> rows() {
            return List.copyOf(rows);
        }
    }

    private static final Table NODE = new Table("node.");
    private static final Table SENSOR = new Table("sensors.<id>.");
    private static final Table SERVICES = new Table("");

    static final OptionSpec NODE_ID = NODE.add(Setting.text("id", "the gateway's id", null)
            .where("1-64 of a-z 0-9 - _, starting with a letter or digit"));
    static final OptionSpec NODE_SITE = NODE.add(Setting.text("site", "where it stands, in words", ""));
    static final OptionSpec LATITUDE = NODE.add(Setting.decimal("latitude", "where it stands", -90, 90, 0.0)
            .in("degrees"));
    static final OptionSpec LONGITUDE = NODE.add(Setting.decimal("longitude", "where it stands", -180, 180, 0.0)
            .in("degrees"));

    static final OptionSpec SENSOR_PERIOD = SENSOR.add(Setting.duration("period", "how often it is read",
            Duration.ofMillis(100), Duration.ofDays(1), Duration.ofSeconds(10)));
    static final OptionSpec SENSOR_ENABLED = SENSOR.add(Setting.bool("enabled",
            "false keeps the entry but does not run it", true));
    static final OptionSpec SENSOR_ZONE = SENSOR.add(Setting.text("zone", "which zone it watches (occupancy)", ""));

    private static final String LOOPBACK = " (loopback only: another host is refused, it has no TLS)";
    static final OptionSpec BROKER_ENABLED = SERVICES.add(Setting.bool("local-broker.enabled",
            "whether the on-box MQTT broker runs", LocalBrokerConfig.DEFAULT.enabled()));
    static final OptionSpec BROKER_HOST = SERVICES.add(Setting.text("local-broker.host",
            "the on-box MQTT broker's address" + LOOPBACK, LocalBrokerConfig.DEFAULT.host()));
    static final OptionSpec BROKER_PORT = SERVICES.add(Setting.port("local-broker.port",
            "the on-box MQTT broker's TCP port", LocalBrokerConfig.DEFAULT.port()));

    static final OptionSpec STATUS_HOST = SERVICES.add(Setting.text("status.host",
            "the status endpoint's address" + LOOPBACK, StatusConfig.DEFAULT.host()));
    static final OptionSpec STATUS_PORT = SERVICES.add(Setting.port("status.port", "the status endpoint's TCP port",
            StatusConfig.DEFAULT.port()));

    static final OptionSpec CONSOLE_ENABLED = SERVICES.add(Setting.bool("console.enabled",
            "whether the technician's web console runs (console.md)", ConsoleConfig.DEFAULT.enabled()));
    static final OptionSpec CONSOLE_HOST = SERVICES.add(Setting.text("console.host",
            "the console's address; loopback unless a service interface is named", ConsoleConfig.DEFAULT.host()));
    static final OptionSpec CONSOLE_PORT = SERVICES.add(Setting.port("console.port",
            "the console's TCP port, one of its own", ConsoleConfig.DEFAULT.port()));
    static final OptionSpec CONSOLE_SESSION_IDLE = SERVICES.add(Setting.duration("console.session-idle",
            "how long a session lasts without a request", ConsoleConfig.MIN_SESSION_IDLE,
            ConsoleConfig.MAX_SESSION_IDLE, ConsoleConfig.DEFAULT.sessionIdle()));

    static final OptionSpec SIMULATION_SPEED = SERVICES.add(Setting.decimal("simulation.speed",
            "only with --simulate: how fast gateway time runs", 1, 10_000, SimulationConfig.DEFAULT.speed())
            .in("times real time"));
    static final OptionSpec SIMULATION_START = SERVICES.add(Setting.text("simulation.start",
            "only with --simulate: when gateway time starts, UTC (e.g. 2026-06-21T19:30:00Z); now when left out", "")
            .where("a UTC time"));
    static final OptionSpec SIMULATION_SEED = SERVICES.add(Setting.integer("simulation.seed",
            "only with --simulate: the scenario's random seed, so that runs repeat", 0, Integer.MAX_VALUE,
            SimulationConfig.DEFAULT.seed()));

    private SiteSettings() {
    }

    /** Every setting, in the order of docs/site-file.md's table. */
    public static List<Setting> all() {
        List<Setting> all = new ArrayList<>(NODE.rows());
        all.add(Setting.text("buses.<id>.kind", "the kind of bus", null).where(String.join(", ", BusKinds.names())));
        all.addAll(busSettings());
        all.add(Setting.text("sensors.<id>.type", "the driver", null).where("a type of the device types table below"));
        all.add(Setting.text("sensors.<id>.bus", "the bus it is on", null)
                .where("a bus id from buses, of a kind the type can use"));
        all.addAll(SENSOR.rows());
        all.addAll(SERVICES.rows());
        return all;
    }

    /** The bus settings of {@link BusKinds}, one row for each setting the same in several kinds. */
    private static List<Setting> busSettings() {
        Map<OptionSpec, List<String>> kinds = new LinkedHashMap<>();
        for (String kind : BusKinds.names()) {
            for (OptionSpec spec : BusKinds.settings(kind)) {
                kinds.computeIfAbsent(spec, s -> new ArrayList<>()).add(kind);
            }
        }
        List<Setting> rows = new ArrayList<>();
        kinds.forEach((spec, in) -> rows.add(Setting.of("buses.<id>." + spec.name() + " (" + String.join(", ", in)
                + ")", spec)));
        return rows;
    }

    /** The setting of this key. */
    public static Optional<Setting> of(String key) {
        return all().stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
