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
 * the analytics section's in {@link AnalyticsSettings}.
 */
public final class SiteSettings {

    /**
     * One setting.
     *
     * @param key  its dotted path in the site file ({@code <id>} for a name the site file chooses)
     * @param spec its type, range, default (null when required) and doc
     * @param unit the unit of its value; empty for none (a duration is written with its unit)
     * @param rule the valid values in words when the type's range does not say them; empty otherwise
     * @param kind the type when the spec's kind does not say it (a size is read as text); empty otherwise
     */
    public record Setting(String key, OptionSpec spec, String unit, String rule, String kind) {

        public Setting(String key, OptionSpec spec, String unit, String rule) {
            this(key, spec, unit, rule, "");
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

    static final OptionSpec NODE_ID = OptionSpec.text("id", "the gateway's id", null);
    static final OptionSpec NODE_SITE = OptionSpec.text("site", "where it stands, in words", "");
    static final OptionSpec LATITUDE = OptionSpec.decimal("latitude", "where it stands", -90, 90, 0.0);
    static final OptionSpec LONGITUDE = OptionSpec.decimal("longitude", "where it stands", -180, 180, 0.0);

    static final OptionSpec SENSOR_PERIOD = OptionSpec.duration("period", "how often it is read",
            Duration.ofMillis(100), Duration.ofDays(1), Duration.ofSeconds(10));
    static final OptionSpec SENSOR_ENABLED = OptionSpec.bool("enabled",
            "false keeps the entry but does not run it", true);
    static final OptionSpec SENSOR_ZONE = OptionSpec.text("zone", "which zone it watches (occupancy)", "");

    private static final String LOOPBACK = " (loopback only: another host is refused, it has no TLS)";
    static final OptionSpec BROKER_ENABLED = OptionSpec.bool("enabled", "whether the on-box MQTT broker runs",
            LocalBrokerConfig.DEFAULT.enabled());
    static final OptionSpec BROKER_HOST = OptionSpec.text("host", "the on-box MQTT broker's address" + LOOPBACK,
            LocalBrokerConfig.DEFAULT.host());
    static final OptionSpec BROKER_PORT = port("the on-box MQTT broker's TCP port", LocalBrokerConfig.DEFAULT.port());

    static final OptionSpec STATUS_HOST = OptionSpec.text("host", "the status endpoint's address" + LOOPBACK,
            StatusConfig.DEFAULT.host());
    static final OptionSpec STATUS_PORT = port("the status endpoint's TCP port", StatusConfig.DEFAULT.port());

    static final OptionSpec CONSOLE_ENABLED = OptionSpec.bool("enabled",
            "whether the technician's web console runs (console.md)", ConsoleConfig.DEFAULT.enabled());
    static final OptionSpec CONSOLE_HOST = OptionSpec.text("host",
            "the console's address; loopback unless a service interface is named", ConsoleConfig.DEFAULT.host());
    static final OptionSpec CONSOLE_PORT = port("the console's TCP port, one of its own", ConsoleConfig.DEFAULT.port());
    static final OptionSpec CONSOLE_SESSION_IDLE = OptionSpec.duration("session-idle",
            "how long a session lasts without a request", ConsoleConfig.MIN_SESSION_IDLE,
            ConsoleConfig.MAX_SESSION_IDLE, ConsoleConfig.DEFAULT.sessionIdle());

    static final OptionSpec SIMULATION_SPEED = OptionSpec.decimal("speed",
            "only with --simulate: how fast gateway time runs", 1, 10_000, SimulationConfig.DEFAULT.speed());
    static final OptionSpec SIMULATION_START = OptionSpec.text("start",
            "only with --simulate: when gateway time starts, UTC (e.g. 2026-06-21T19:30:00Z); now when left out", "");
    static final OptionSpec SIMULATION_SEED = OptionSpec.integer("seed",
            "only with --simulate: the scenario's random seed, so that runs repeat", 0, Integer.MAX_VALUE,
            SimulationConfig.DEFAULT.seed());

    private SiteSettings() {
    }

    private static OptionSpec port(String doc, int port) {
        return OptionSpec.integer("port", doc, 1, 65535, (long) port);
    }

    /** Every setting, in the order of docs/site-file.md's table. */
    public static List<Setting> all() {
        List<Setting> all = new ArrayList<>();
        all.add(new Setting("node.id", NODE_ID, "", "1-64 of a-z 0-9 - _, starting with a letter or digit"));
        all.add(plain("node.site", NODE_SITE, ""));
        all.add(plain("node.latitude", LATITUDE, "degrees"));
        all.add(plain("node.longitude", LONGITUDE, "degrees"));
        all.add(new Setting("buses.<id>.kind", OptionSpec.text("kind", "the kind of bus", null), "",
                String.join(", ", BusKinds.names())));
        all.addAll(busSettings());
        all.add(new Setting("sensors.<id>.type", OptionSpec.text("type", "the driver", null), "",
                "a type of the device types table below"));
        all.add(new Setting("sensors.<id>.bus", OptionSpec.text("bus", "the bus it is on", null), "",
                "a bus id from buses, of a kind the type can use"));
        all.add(plain("sensors.<id>.period", SENSOR_PERIOD, ""));
        all.add(plain("sensors.<id>.enabled", SENSOR_ENABLED, ""));
        all.add(plain("sensors.<id>.zone", SENSOR_ZONE, ""));
        all.add(plain("local-broker.enabled", BROKER_ENABLED, ""));
        all.add(plain("local-broker.host", BROKER_HOST, ""));
        all.add(plain("local-broker.port", BROKER_PORT, ""));
        all.add(plain("status.host", STATUS_HOST, ""));
        all.add(plain("status.port", STATUS_PORT, ""));
        all.add(plain("console.enabled", CONSOLE_ENABLED, ""));
        all.add(plain("console.host", CONSOLE_HOST, ""));
        all.add(plain("console.port", CONSOLE_PORT, ""));
        all.add(plain("console.session-idle", CONSOLE_SESSION_IDLE, ""));
        all.add(plain("simulation.speed", SIMULATION_SPEED, "times real time"));
        all.add(new Setting("simulation.start", SIMULATION_START, "", "a UTC time"));
        all.add(plain("simulation.seed", SIMULATION_SEED, ""));
        return all;
    }

    private static Setting plain(String key, OptionSpec spec, String unit) {
        return new Setting(key, spec, unit, "");
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
        kinds.forEach((spec, in) -> rows.add(new Setting("buses.<id>." + spec.name() + " (" + String.join(", ", in)
                + ")", spec, "", "")));
        return rows;
    }

    /** The setting of this key. */
    public static Optional<Setting> of(String key) {
        return all().stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
