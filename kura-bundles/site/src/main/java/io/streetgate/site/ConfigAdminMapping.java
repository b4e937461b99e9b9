package io.streetgate.site;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a site file becomes Config Admin configurations, and how a component reads its device back. Plain
 * Java so that the mapping is tested without a framework; the loader component applies it.
 */
public final class ConfigAdminMapping {

    public static final String NODE_PID = "streetgate.node";
    public static final String SENSOR_FACTORY_PID = "streetgate.sensor";
    public static final String ANALYTICS_PID = "streetgate.analytics";
    public static final String BROKER_PID = "streetgate.broker";
    public static final String STATUS_PID = "streetgate.status";
    public static final String SIMULATION_PID = "streetgate.simulation";
    public static final String OTA_PID = "streetgate.ota";
    public static final String COAP_PID = "streetgate.coap";
    public static final String UPLINK_PID = "streetgate.uplink";
    public static final String CONTROL_PID = "streetgate.control";
    public static final String CONSOLE_PID = "streetgate.console";

    /** Configurations that exist only while their section is in the site file; the loader deletes them otherwise. */
    public static final java.util.List<String> OPTIONAL_PIDS = java.util.List.of(OTA_PID, CONTROL_PID, COAP_PID, UPLINK_PID);

    private static final String BUS_SETTING = "bus.setting.";
    private static final String OPTION = "option.";

    private ConfigAdminMapping() {
    }

    /**
     * One configuration to create or update.
     *
     * @param pid        the PID, or the factory PID when {@code name} is set
     * @param name       the name of a factory configuration ({@code factoryPid~name}); null for a singleton
     * @param properties its properties (String, Long, Double, Boolean and String[] values only)
     */
    public record Entry(String pid, String name, Map<String, Object> properties) {
        public Entry {
            properties = Map.copyOf(properties);
        }

        public boolean isFactory() {
            return name != null;
        }
    }

    /** The configurations a site file stands for, singletons first, then one per sensor in file order. */
    public static List<Entry> entries(SiteConfig site) {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(NODE_PID, null, Map.of(
                "node.id", site.node().id(),
                "node.site", site.node().site(),
                "node.latitude", site.node().latitude(),
                "node.longitude", site.node().longitude())));
        // the analytics configuration is structured; the component reads it from the site file, and this
        // entry (its fingerprint and the first window) makes it restart when the section changes
        entries.add(new Entry(ANALYTICS_PID, null, Map.of(
                "fingerprint", Integer.toHexString(site.analytics().hashCode()),
                "window.ms", site.analytics().windows().get(0).size().toMillis(),
                "allowed.lateness.ms", site.analytics().windows().get(0).allowedLateness().toMillis())));
        entries.add(new Entry(BROKER_PID, null, Map.of(
                "enabled", site.localBroker().enabled(),
                "host", site.localBroker().host(),
                "port", (long) site.localBroker().port())));
        entries.add(new Entry(STATUS_PID, null, Map.of(
                "host", site.status().host(),
                "port", (long) site.status().port())));
        entries.add(new Entry(CONSOLE_PID, null, Map.of(
                "enabled", site.console().enabled(),
                "host", site.console().host(),
                "port", (long) site.console().port(),
                "session.idle.ms", site.console().sessionIdle().toMillis())));
        Map<String, Object> simulation = new LinkedHashMap<>();
        simulation.put("speed", site.simulation().speed());
        simulation.put("seed", site.simulation().seed());
        if (site.simulation().start() != null) {
            simulation.put("start", site.simulation().start().toString());
        }
        entries.add(new Entry(SIMULATION_PID, null, simulation));
        site.ota().ifPresent(ota -> entries.add(new Entry(OTA_PID, null, Map.ofEntries(
                Map.entry("node.id", site.node().id()),
                Map.entry("repository", ota.repository()),
                Map.entry("trusted.root", ota.trustedRoot()),
                Map.entry("ca.file", ota.caFile()),
                Map.entry("plain.http", ota.plainHttp()),
                Map.entry("backend", ota.backend()),
                Map.entry("hardware", ota.hardware()),
                Map.entry("poll.interval.ms", ota.pollInterval().toMillis()),
                Map.entry("install.on.poll", ota.installOnPoll()),
                Map.entry("health.timeout.ms", ota.healthTimeout().toMillis()),
                Map.entry("bandwidth.cap", ota.bandwidthCap()),
                Map.entry("reboot.command", ota.rebootCommand()),
                Map.entry("slots", ota.imageSlots().slots()),
                Map.entry("autoboot", ota.imageSlots().autoboot()),
                Map.entry("slot.devices", ota.imageSlots().slotDevices().toArray(String[]::new)),
                Map.entry("rauc.conf", ota.imageSlots().raucConf()),
                Map.entry("rauc.slot.class", ota.imageSlots().raucSlotClass()),
                Map.entry("factory.version", ota.imageSlots().factoryVersion())))));
        if (site.control().isPresent() || !site.actuators().isEmpty()) {
            // structured like analytics: the control component reads the actuators and control sections from the
            // site file; this entry makes it restart when they change
            entries.add(new Entry(CONTROL_PID, null, Map.of(
                    "fingerprint", Integer.toHexString(java.util.Objects.hash(site.actuators(), site.control())),
                    "actuators", (long) site.actuators().size(),
                    "period.ms", site.control().map(c -> c.period().toMillis()).orElse(ControlConfig.DEFAULT_PERIOD.toMillis()))));
        }
        site.coap().ifPresent(c -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("bind.address", c.bind());
            p.put("dtls.enabled", c.dtlsEnabled());
            p.put("dtls.port", (long) c.dtlsPort());
            p.put("plain.enabled", c.plainEnabled());
            p.put("plain.port", (long) c.plainPort());
            p.put("key.file", c.keyFile());
            p.put("rpk.file", c.rpkFile());
            p.put("observe", c.observe().toArray(String[]::new));
            p.put("quantities", c.quantities().toArray(String[]::new));
            p.put("max.payload.bytes", (long) c.maxPayload());
            p.put("max.records", (long) c.maxRecords());
            p.put("max.age.hours", c.maxAge().toHours());
            p.put("max.ahead.seconds", c.maxAhead().toSeconds());
            p.put("rate.per.second", c.rate());
            p.put("burst", (long) c.burst());
            p.put("max.series", (long) c.maxSeries());
            p.put("series.idle.hours", c.seriesIdle().toHours());
            entries.add(new Entry(COAP_PID, null, p));
        });
        site.uplink().ifPresent(u -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("node.id", site.node().id());
            p.put("enabled", u.enabled());
            p.put("broker", u.broker());
            p.put("protocol", u.protocol());
            p.put("client.id", u.clientId());
            p.put("username", u.username());
            p.put("password.file", u.passwordFile());
            p.put("ca.file", u.caFile());
            p.put("client.cert", u.clientCert());
            p.put("client.key", u.clientKey());
            p.put("plain.tcp", u.plainTcp());
            p.put("format", u.format());
            p.put("group", u.group());
            p.put("topic.prefix", u.topicPrefix());
            p.put("keep.alive.ms", u.keepAlive().toMillis());
            p.put("max.in.flight", (long) u.maxInFlight());
            p.put("session.expiry.ms", u.sessionExpiry().toMillis());
            p.put("store.path", u.storePath());
            p.put("store.max.bytes", u.storeMaxBytes());
            p.put("store.memory.bytes", u.memoryBytes());
            p.put("reconnect.min.ms", u.reconnectMin().toMillis());
            p.put("reconnect.max.ms", u.reconnectMax().toMillis());
            p.put("commands.max.age.ms", u.commands().maxAge().toMillis());
            p.put("commands.per.minute", (long) u.commands().perMinute());
            p.put("commands.require.signature", u.commands().requireSignature());
            p.put("pack.window.ms", u.pack().window().toMillis());
            p.put("pack.max.bytes", u.pack().maxBytes());
            p.put("pack.compression", u.pack().compression());
            p.put("budget.bytes", u.budget().bytes());
            p.put("budget.period", u.budget().period());
            // name=key entries separated by ',' (neither names nor base64 have one)
            p.put("commands.keys", new java.util.TreeMap<>(u.commands().keys()).entrySet().stream()
                    .map(k -> k.getKey() + "=" + k.getValue()).collect(java.util.stream.Collectors.joining(",")));
            p.put("sparkplug.primary.host", u.sparkplug().primaryHost());
            p.put("sparkplug.qos", (long) u.sparkplug().qos());
            entries.add(new Entry(UPLINK_PID, null, p));
        });
        for (DeviceConfig sensor : site.sensors()) {
            entries.add(new Entry(SENSOR_FACTORY_PID, sensor.id(), sensorProperties(sensor)));
        }
        return entries;
    }

    static Map<String, Object> sensorProperties(DeviceConfig d) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sensor.id", d.id());
        p.put("sensor.type", d.type());
        p.put("bus.id", d.bus().id());
        p.put("bus.kind", d.bus().kind());
        d.bus().settings().forEach((k, v) -> p.put(BUS_SETTING + k, v));
        p.put("address", (long) d.address());
        p.put("period.ms", d.period().toMillis());
        p.put("period", Durations.format(d.period()));
        d.options().forEach((k, v) -> p.put(OPTION + k, v));
        return p;
    }

    /**
     * Reads a device back from its configuration properties.
     *
     * @throws IllegalArgumentException naming the missing or bad property
     */
    public static DeviceConfig device(Map<String, ?> properties) {
        String id = string(properties, "sensor.id");
        Map<String, String> settings = new HashMap<>();
        Map<String, String> options = new HashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(BUS_SETTING)) {
                settings.put(k.substring(BUS_SETTING.length()), String.valueOf(v));
            } else if (k.startsWith(OPTION)) {
                options.put(k.substring(OPTION.length()), String.valueOf(v));
            }
        });
        BusConfig bus = new BusConfig(string(properties, "bus.id"), string(properties, "bus.kind"), settings);
        long period = number(properties, "period.ms");
        if (period < 100) {
            throw new IllegalArgumentException("period.ms " + period + " of sensor " + id + " is below 100 ms");
        }
        return new DeviceConfig(id, string(properties, "sensor.type"), bus, (int) number(properties, "address"),
                Duration.ofMillis(period), options);
    }

    private static String string(Map<String, ?> p, String key) {
        Object v = p.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("configuration property '" + key + "' is missing");
        }
        return v.toString();
    }

    private static long number(Map<String, ?> p, String key) {
        Object v = Objects.requireNonNull(p.get(key), () -> "configuration property '" + key + "' is missing");
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration property '" + key + "' = '" + v + "' is not a number");
        }
    }
}
