package io.streetgate.distribution.hour;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.control.ControlComponent;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.drivers.pi4j.Pi4jDriverFactory;
import io.streetgate.drivers.pi4j.support.DriverTime;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.pipeline.OutboundGate;
import io.streetgate.gateway.pipeline.Pipeline;
import io.streetgate.gateway.sampling.BusSchedulers;
import io.streetgate.gateway.sampling.SensorSampler;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.platform.SimulatedSite;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.site.Problem;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.uplink.UplinkSettings;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.payload.Outgoing;
import io.streetgate.uplink.payload.SparkplugFormat;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.eclipse.tahu.message.model.SparkplugBPayload;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One hour of a simulated street as the gateway runs it, stepped in gateway time so that it repeats exactly: the
 * street of a site file on a {@link ManualClock} ({@link SimulatedSite}), the Pi4J drivers on it (their waits for
 * a chip's conversion pass by advancing that clock), a {@link SensorSampler} per sensor, the {@link Pipeline}
 * (quality rules, windows, indices, the privacy gate), the control loops ({@link ControlComponent}: lamps and the
 * cabinet on the street's PWM channels and relays, their actuator states and energy records), the
 * {@link OutboundGate} with the uplink's store behind it, and each stored message encoded by both upstream
 * formats. All the product's scheduled work (sampling, the pipeline's ticks, the control's steps) runs on one
 * {@link SteppedScheduler} in gateway-time order: one order a real gateway's bus, pipeline and control threads
 * could also take, always the same one.
 *
 * <p>Left out: Modbus devices (PLC4X over real sockets, with real-time timeouts) and the CoAP nodes (Californium's
 * own threads); the site file says so.
 *
 * <p>What it gives is the upstream content in a canonical form, one line per publication: JSON as topic and the
 * decoded object with its keys sorted; Sparkplug B as topic, the payload's seq and the metrics by name (aliases
 * resolved through the births) with their values, sorted. Normalised: the store's {@code epoch} (made afresh for
 * each new store file, so it differs on every run by design); everything else, sequence numbers and time stamps
 * included, is gateway time or counts and must repeat. A format encodes each message when it is stored (its
 * gateway time is the "now" of the encoding), as a connected uplink with nothing waiting does.
 */
final class SimulatedHour {

    /** What stands for the store's epoch in the canonical form. */
    static final String EPOCH = "<epoch>";

    private SimulatedHour() {
    }

    /** The upstream content of one run, one list per format. */
    record Content(List<String> json, List<String> sparkplug) {
    }

    /**
     * How long the run goes on after the hour, so that every period of the hour closes: a period closes on the
     * pipeline's first tick after its end plus its allowed lateness, and the longest is the water's (5 min by
     * default). The one-minute windows of these five minutes close too and are part of the content.
     */
    static final Duration CLOSING = Duration.ofMinutes(5).plusSeconds(2);

    /**
     * Runs {@code length} of gateway time of the street in {@code siteText} from its {@code simulation.start}, and
     * {@link #CLOSING} more, with the uplink's store in {@code dir}.
     */
    static Content run(String siteText, Duration length, Path dir) throws IOException {
        SiteFile.Result parsed = SiteFile.parse(siteText, "simulated-hour/site.yaml", DeviceCatalog.installed());
        List<Problem> problems = parsed.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the hour's site file has problems: " + problems);
        }
        SiteConfig config = parsed.config().orElseThrow();
        Instant start = config.simulation().start();
        if (start == null) {
            throw new IllegalArgumentException("simulation.start is not set in the hour's site file: set it (e.g. "
                    + "2026-06-21T20:15:00Z) so that the hour starts at the same instant of the street every run");
        }
        ManualClock clock = new ManualClock(start);
        TimeBase time = TimeBase.of(clock);
        HealthRegistryImpl health = new HealthRegistryImpl();
        ClockCheck believed = () -> new ClockCheck.State(true, time.now(), start, "simulation start", "", "");
        SteppedScheduler scheduler = new SteppedScheduler(clock);
        try (SimulatedSite street = SimulatedSite.start(config, time);
             ForwardStore store = ForwardStore.open(ForwardStore.Settings.of(dir.resolve("uplink.db"), 256L << 20),
                     time)) {
            OutboundGate gate = new OutboundGate(time, health, believed, false);
            gate.addSink(store::append, Map.of("uplink", "mqtt"));
            CurrentSite site = currentSite(config, dir);
            Pipeline pipeline = new Pipeline(time, health, site, gate, scheduler);
            Pi4jDriverFactory drivers = new Pi4jDriverFactory(street.pi4j(), new DriverTime(time, clock::advance),
                    null);
            BusSchedulers buses = new BusSchedulers() {
                @Override
                public ScheduledExecutorService forBus(String busId) {
                    return scheduler;
                }
            };
            // the control loops take the readings from the pipeline and send actuator states, audit and energy
            // records through the gate, stepped on the same scheduler (before the samplers, as its bundle starts
            // before readings flow)
            ControlComponent control = new ControlComponent(dir, scheduler, time, health, site,
                    drivers::createActuator, pipeline, gate);
            pipeline.addListener(control);
            for (ConfigAdminMapping.Entry e : ConfigAdminMapping.entries(config)) {
                if (!e.pid().equals(ConfigAdminMapping.SENSOR_FACTORY_PID)) {
                    continue;
                }
                String type = String.valueOf(e.properties().get("sensor.type"));
                if (!drivers.types().contains(type)) {
                    throw new IllegalArgumentException("sensor " + e.name() + " is of type '" + type + "', which "
                            + "the hour cannot step (only Pi4J devices on the simulated street: "
                            + new TreeSet<>(drivers.types()) + "); leave it out of the hour's site file");
                }
                new SensorSampler(drivers, time, buses, pipeline, health, e.properties());
            }
            scheduler.runUntil(start.plus(length).plus(CLOSING));
            scheduler.shutdownNow();
            return encode(config, store);
        }
    }

    private static CurrentSite currentSite(SiteConfig config, Path dir) {
        return new CurrentSite() {
            @Override
            public Path file() {
                return dir.resolve("site.yaml");
            }

            @Override
            public Optional<SiteConfig> config() {
                return Optional.of(config);
            }

            @Override
            public List<Problem> problems() {
                return List.of();
            }

            @Override
            public SiteFile.Result check(String text) {
                throw new UnsupportedOperationException("the hour's site is fixed");
            }

            @Override
            public SiteFile.Result reload() {
                throw new UnsupportedOperationException("the hour's site is fixed");
            }
        };
    }

    /** Every stored message, oldest first, through both formats (as the uplink's defaults name them). */
    private static Content encode(SiteConfig config, ForwardStore store) throws IOException {
        UplinkSettings settings = UplinkSettings.builder(config.node().id()).build();
        JsonFormat json = new JsonFormat(settings.topicPrefix(), settings.node(), settings.group());
        SparkplugFormat sparkplug = new SparkplugFormat(settings.group(), settings.node(), store,
                settings.sparkplug(), settings.topicPrefix());
        List<String> jsonLines = new ArrayList<>();
        List<String> sparkplugLines = new ArrayList<>();
        MetricDataTypeMap types = new MetricDataTypeMap();
        Map<Long, String> names = new HashMap<>();
        ForwardStore.Cursor cursor = store.cursor();
        for (List<StoredMessage> batch = cursor.next(500); !batch.isEmpty(); batch = cursor.next(500)) {
            for (StoredMessage m : batch) {
                for (Outgoing o : json.encode(m, false, m.created())) {
                    jsonLines.add(jsonLine(o));
                }
                for (Outgoing o : sparkplug.encode(m, false, m.created())) {
                    sparkplugLines.add(o.topic().startsWith("spBv1.0/") ? sparkplugLine(o, types, names)
                            : jsonLine(o));
                }
            }
        }
        return new Content(jsonLines, sparkplugLines);
    }

    private static String jsonLine(Outgoing o) throws IOException {
        Map<String, Object> fields = JSON.std.mapFrom(o.payload());
        if (fields.containsKey("epoch")) {
            fields.put("epoch", EPOCH);
        }
        return o.topic() + " " + JSON.std.asString(sorted(fields));
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SimulatedHour::sorted).toList();
        }
        return value;
    }

    private static String sparkplugLine(Outgoing o, MetricDataTypeMap types, Map<Long, String> names)
            throws IOException {
        SparkplugBPayload p;
        try {
            p = new SparkplugBPayloadDecoder().buildFromByteArray(o.payload(), types);
        } catch (Exception e) {
            throw new IllegalStateException("cannot decode the Sparkplug B payload on " + o.topic() + ": " + e, e);
        }
        boolean birth = o.topic().contains("BIRTH/");
        Map<String, Object> metrics = new TreeMap<>();
        for (Metric m : p.getMetrics()) {
            if (birth && m.hasAlias()) {
                types.addMetricDataType(m.getAlias(), m.getDataType());
                names.put(m.getAlias(), m.getName());
            }
            String name = m.hasName() ? m.getName() : names.getOrDefault(m.getAlias(), "alias " + m.getAlias());
            Map<String, Object> metric = new TreeMap<>();
            metric.put("type", String.valueOf(m.getDataType()));
            metric.put("value", name.endsWith("/epoch") ? EPOCH : plain(m.getValue()));
            if (m.getTimestamp() != null) {
                metric.put("timestamp", m.getTimestamp().toInstant().toString());
            }
            if (Boolean.TRUE.equals(m.isHistorical())) {
                metric.put("historical", true);
            }
            metrics.put(name, metric);
        }
        Map<String, Object> payload = new TreeMap<>();
        payload.put("seq", p.getSeq());
        payload.put("timestamp", p.getTimestamp() == null ? null : p.getTimestamp().toInstant().toString());
        payload.put("metrics", metrics);
        return o.topic() + " " + JSON.std.asString(payload);
    }

    /** A metric's value as JSON has it: a time as ISO-8601, numbers, booleans and texts as they are. */
    private static Object plain(Object value) {
        return value instanceof Date d ? d.toInstant().toString() : value;
    }
}
