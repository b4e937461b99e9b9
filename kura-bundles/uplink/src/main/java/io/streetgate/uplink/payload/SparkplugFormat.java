package io.streetgate.uplink.payload;

import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.format.CommandJson;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.site.UplinkConfig;
import io.streetgate.uplink.link.Will;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.KeyValues;
import io.streetgate.uplink.store.StoredMessage;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.model.MetricDataTypeMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sparkplug B 3.0 (Eclipse Sparkplug specification 3.0.0) through Eclipse Tahu's payload model and encoder.
 * <ul>
 *   <li>Topics {@code spBv1.0/<group>/<type>/<edge node>[/<device>]} (section 4.1); the edge node is the
 *       gateway, the devices are the message sources (sensor ids, zones).</li>
 *   <li>The will is the NDEATH, QoS 1, not retained, with only the {@code bdSeq} metric (Int64), no
 *       {@code seq} (sections 4.2.2.4, 5.4.1: tck-id-topics-ndeath-payload, -ndeath-seq). {@code bdSeq} counts
 *       CONNECT packets, 0-255, and is kept in the store across restarts; the NBIRTH of the same connection
 *       repeats it (tck-id-topics-nbirth-bdseq-matching).</li>
 *   <li>NBIRTH carries {@code seq} 0, {@code bdSeq}, {@code Node Control/Rebirth} (Boolean false, no alias,
 *       tck-id-operational-behavior-data-commands-rebirth-name-aliases) and the node's health and store
 *       metrics; a DBIRTH per device declares every metric the device reports with name, alias and datatype
 *       (tck-id-topics-dbirth-metric-reqs); DDATA then carries aliases only, without datatypes
 *       (tck-id-payloads-metric-datatype-not-req). {@code seq} runs 0-255 over all of the node's messages and
 *       wraps (tck-id-topics-ddata-seq-num).</li>
 *   <li>A metric seen for the first time gets the next alias (aliases are unique per node,
 *       tck-id-payloads-alias-uniqueness, and kept in the store so they do not change across restarts) and
 *       its device is born again before the data that carries it.</li>
 *   <li>Messages stored before the connection started carry {@code is_historical} (section 6.4.15).</li>
 *   <li>A device whose sensor turns faulty or is removed gets a DDEATH, and a DBIRTH when it is back
 *       (tck-id-operational-behavior-device-ddeath; the gateway's health registry tells,
 *       {@link DeviceLiveness}).</li>
 *   <li>With a primary host (section 4.2.3, its STATE messages): the node subscribes
 *       {@code spBv1.0/STATE/<host>}, waits for {@code online=true} before its births
 *       (tck-id-operational-behavior-edge-node-birth-sequence-wait), holds the store's messages while the host is
 *       offline and, when it is back, is born again and sends what it held as historical ({@link PrimaryHost}).</li>
 *   <li>An NCMD {@code Node Control/Rebirth} = true is answered with a new NBIRTH (same {@code bdSeq}) and
 *       DBIRTHs (section 5.13); other NCMD/DCMD metrics are commands for their owners.</li>
 *   <li>OTA campaigns use two topics outside the {@code spBv1.0} namespace, the same as a JSON node's
 *       (docs/ota.md): the node hears campaign notices on its retained notice topics ({@link OtaNoticeTopics}),
 *       because an NCMD must be QoS 0 and not retained (section 4.2.1.4.2, tck-id-topics-ncmd-mqtt) and the
 *       session is clean, so a node away at the time would never hear it; and its OTA reports go out in the
 *       uplink's JSON form on {@code <prefix>/<node>/ota/<node>}, QoS 1, because a DDATA names its metrics by
 *       aliases that only the device's DBIRTH declares, which a campaign runner started later has not seen.</li>
 * </ul>
 * Commands' own times and signatures ({@code Command/...} metrics) are read by {@link SparkplugCommandTimes}.
 * It stays one class because births, data and commands share the node's alias table and its one {@code seq}
 * counter: a command is read with the aliases the births declared, and every payload takes the next seq.
 * <p>
 * Births, data and device deaths go with the configured QoS: 0 as section 4.2 asks (tck-id-topics-nbirth-mqtt,
 * -ddata-mqtt, -ddeath-mqtt), or 1 so that a message leaves the store only on the broker's PUBACK. The session is
 * clean (tck-id-principles-persistence-clean-session-311/-50): what was in flight at a disconnect is sent again
 * from the store after the new births, marked historical. Deviation: when the primary host goes offline the node
 * holds its data and stays connected instead of ending its session (tck-id-operational-behavior-edge-node-
 * termination-host-offline), so that it keeps hearing STATE and commands.
 */
public final class SparkplugFormat implements PayloadFormat {

    /** Section 4.1.1.1: the namespace element of Sparkplug B topics. */
    public static final String NAMESPACE = "spBv1.0";
    public static final String BD_SEQ = "bdSeq";
    public static final String REBIRTH = "Node Control/Rebirth";
    static final String BD_SEQ_KEY = "sparkplug.bdSeq";
    static final String ALIAS_KEY = "sparkplug.alias.";
    static final long FIRST_DEVICE_ALIAS = 1000;
    private static final Set<String> IN_PATH = Set.of("sourceId", "zone", "quantity");

    /** The node's own metrics: name, alias, datatype. */
    private enum NodeMetric {
        HEALTH("Node Info/Health", MetricDataType.String),
        HEALTH_REASON("Node Info/Health Reason", MetricDataType.String),
        PARTS("Node Info/Parts", MetricDataType.String),
        STORE_MODE("Store/Mode", MetricDataType.String),
        STORE_MAX_BYTES("Store/Max Bytes", MetricDataType.Int64),
        STORE_HOLDS_HOURS("Store/Holds Hours", MetricDataType.Int64),
        STORE_DROPPED("Store/Dropped", MetricDataType.Int64),
        LAST_COMMAND("Node Control/Last Command", MetricDataType.String),
        LAST_RESULT("Node Control/Last Result", MetricDataType.String),
        LAST_ACCEPTED("Node Control/Last Accepted", MetricDataType.Boolean),
        /** Seconds since the gateway's process started. */
        UPTIME("Node Info/Uptime", MetricDataType.Int64),
        /** Messages waiting in the store. */
        STORE_DEPTH("Store/Depth", MetricDataType.Int64);

        final String metricName;
        final MetricDataType type;

        NodeMetric(String metricName, MetricDataType type) {
            this.metricName = metricName;
            this.type = type;
        }

        long alias() {
            return ordinal() + 1L;
        }
    }

    private record Def(long alias, MetricDataType type) {
    }

    private final String group;
    private final String node;
    /** The node id as configured: the JSON topics' level, as a JSON node has it. */
    private final String nodeId;
    private final String topicPrefix;
    private final OtaNoticeTopics notices;
    private final KeyValues state;
    private final SparkplugBPayloadEncoder encoder = new SparkplugBPayloadEncoder();
    private final Map<String, LinkedHashMap<String, Def>> devices = new LinkedHashMap<>();
    private final Map<Long, String[]> byAlias = new HashMap<>();
    private final Map<String, Map<String, Object>> lastValues = new HashMap<>();
    private final Map<NodeMetric, Object> nodeValues = new HashMap<>();
    private long nextAlias = FIRST_DEVICE_ALIAS;
    private long bdSeq = -1;
    private int seq;
    private final int qos;
    private final PrimaryHost primaryHost;
    private final DeviceLiveness liveness = new DeviceLiveness(SparkplugFormat::topicSafe);
    /** Whether this session's NBIRTH went out and the host has not gone offline since. */
    private boolean born;

    /**
     * @param state where the format keeps its bdSeq and its metrics' aliases across restarts (the uplink's
     *              store)
     */
    public SparkplugFormat(String group, String node, KeyValues state) {
        this(group, node, state, UplinkConfig.Sparkplug.DEFAULT);
    }

    /**
     * @param state    where the format keeps its bdSeq and its metrics' aliases across restarts (the uplink's
     *                 store)
     * @param settings the primary host to wait for, and the QoS of births, data and device deaths
     */
    public SparkplugFormat(String group, String node, KeyValues state, UplinkConfig.Sparkplug settings) {
        this(group, node, state, settings, UplinkConfig.DEFAULT_TOPIC_PREFIX);
    }

    /**
     * @param state       where the format keeps its bdSeq and its metrics' aliases across restarts (the uplink's
     *                    store)
     * @param settings    the primary host to wait for, and the QoS of births, data and device deaths
     * @param topicPrefix the uplink's {@code topic-prefix}: where OTA notices arrive and OTA reports go
     */
    public SparkplugFormat(String group, String node, KeyValues state, UplinkConfig.Sparkplug settings,
                           String topicPrefix) {
        this.group = topicSafe(group);
        this.node = topicSafe(node);
        this.nodeId = node;
        this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
        this.notices = new OtaNoticeTopics(topicPrefix, node, group);
        this.state = Objects.requireNonNull(state, "state");
        this.qos = settings.qos();
        this.primaryHost = new PrimaryHost(settings.primaryHost());
        // in alias order, so that a metric given a new alias (its type changed) ends with the newest
        for (Map.Entry<String, String> e : state.startingWith(ALIAS_KEY).entrySet()) {
            long alias = Long.parseLong(e.getKey().substring(ALIAS_KEY.length()));
            String[] v = e.getValue().split("/", 3);
            int deviceLength = Integer.parseInt(v[1]);
            String device = v[2].substring(0, deviceLength);
            String name = v[2].substring(deviceLength);
            devices.computeIfAbsent(device, d -> new LinkedHashMap<>()).put(name,
                    new Def(alias, MetricDataType.fromInteger(Integer.parseInt(v[0]))));
            byAlias.put(alias, new String[] {device, name});
            nextAlias = Math.max(nextAlias, alias + 1);
        }
    }

    /** Remembers a metric's alias: key {@code sparkplug.alias.<alias, 19 digits>}, value {@code type/n/device name}. */
    private void remember(String device, String name, long alias, MetricDataType type) {
        state.put(ALIAS_KEY + String.format("%019d", alias), type.toIntValue() + "/" + device.length() + "/" + device
                + name);
    }

    /** Sparkplug ids must not contain the topic separators and wildcards (section 4.1.1: '/', '+', '#'). */
    static String topicSafe(String id) {
        return id.replace('/', '_').replace('+', '_').replace('#', '_');
    }

    public String topic(String type) {
        return NAMESPACE + "/" + group + "/" + type + "/" + node;
    }

    public String topic(String type, String device) {
        return topic(type) + "/" + device;
    }

    @Override
    public Will will(Instant now) {
        // bdSeq: 0 on the first CONNECT ever, +1 on every CONNECT after, wrapping after 255
        // (section 5.4.1, tck-id-message-flow-edge-node-birth-publish-will-message-payload-bdSeq)
        long last = Long.parseLong(state.get(BD_SEQ_KEY, "-1"));
        bdSeq = (last + 1) % 256;
        state.put(BD_SEQ_KEY, Long.toString(bdSeq));
        SparkplugBPayload death = new SparkplugBPayload(new Date(now.toEpochMilli()),
                new ArrayList<>(List.of(metric(BD_SEQ, null, MetricDataType.Int64, bdSeq, now, null))));
        return new Will(topic("NDEATH"), bytes(death, false), 1, false);
    }

    public long bdSeq() {
        return bdSeq;
    }

    @Override
    public boolean cleanStart() {
        return true;
    }

    @Override
    public List<String> commandTopics() {
        List<String> topics = new ArrayList<>(List.of(topic("NCMD"), topic("DCMD") + "/+"));
        if (primaryHost.configured()) {
            topics.add(primaryHost.stateTopic());
        }
        topics.addAll(notices.topics());
        return topics;
    }

    @Override
    public List<Outgoing> sessionStarted(Instant now, NodeState state) {
        born = false;
        primaryHost.sessionStarted();
        return births(now, state);
    }

    @Override
    public List<Outgoing> rebirth(Instant now, NodeState state) {
        return births(now, state);
    }

    @Override
    public boolean holdsData() {
        return primaryHost.holds();
    }

    /** NBIRTH and the DBIRTHs of the devices that are up; nothing while the primary host is not online. */
    private List<Outgoing> births(Instant now, NodeState state) {
        updateNodeValues(state);
        liveness.update(state.parts());
        if (holdsData()) {
            return List.of();
        }
        born = true;
        seq = 0;
        List<Metric> metrics = new ArrayList<>();
        metrics.add(metric(BD_SEQ, null, MetricDataType.Int64, bdSeq, now, null));
        metrics.add(metric(REBIRTH, null, MetricDataType.Boolean, false, now, null));
        for (NodeMetric m : NodeMetric.values()) {
            metrics.add(metric(m.metricName, m.alias(), m.type, nodeValues.get(m), now, null));
        }
        List<Outgoing> out = new ArrayList<>();
        out.add(publication(topic("NBIRTH"), payload(now, metrics, false), null));
        for (String device : devices.keySet()) {
            if (!liveness.isDown(device)) {
                out.add(deviceBirth(device, now));
            }
        }
        return out;
    }

    /** Section 4.2.2 (DDEATH): seq and timestamp, no metrics needed (tck-id-topics-ddeath-seq-num). */
    private Outgoing deviceDeath(String device, Instant now) {
        return publication(topic("DDEATH", device), payload(now, new ArrayList<>(), false), null);
    }

    private Outgoing publication(String topic, byte[] payload, StoredMessage origin) {
        // retain false for every edge node message (section 4.2, tck-id-topics-*-mqtt)
        return new Outgoing(topic, payload, qos, false, origin);
    }

    private Outgoing deviceBirth(String device, Instant now) {
        List<Metric> metrics = new ArrayList<>();
        Map<String, Object> last = lastValues.getOrDefault(device, Map.of());
        for (Map.Entry<String, Def> e : devices.get(device).entrySet()) {
            Object value = last.get(e.getKey());
            metrics.add(metric(e.getKey(), e.getValue().alias(), e.getValue().type(),
                    value == null ? null : convert(value, e.getValue().type()), now, null));
        }
        return publication(topic("DBIRTH", device), payload(now, metrics, false), null);
    }

    @Override
    public List<Outgoing> encode(StoredMessage m, boolean historical, Instant now) {
        if (NodeOutputs.OTA.equals(m.stream().kind())) {
            // the campaign's side topic, as a JSON node sends it (see above); it leaves the store on its PUBACK
            return List.of(new Outgoing(UplinkJson.topic(topicPrefix, nodeId, m.stream().kind(), m.stream().source(),
                    m.stream().quantity()), UplinkJson.encode(nodeId, m.message(), m.seq(), m.epoch()), 1, false, m));
        }
        String device = topicSafe(m.stream().source());
        String prefix = m.stream().kind() + (m.stream().quantity() == null ? "" : "/" + m.stream().quantity());
        Map<String, Object> values = new LinkedHashMap<>();
        m.message().fields().forEach((k, v) -> {
            if (!IN_PATH.contains(k) && v != null && !(v instanceof Double d && !Double.isFinite(d))
                    && !(v instanceof Float f && !Float.isFinite(f))) {
                values.put(prefix + "/" + k, v);
            }
        });
        // the persisted sequence number and its epoch, so that a host can drop duplicates
        values.put(prefix + "/seq", m.seq());
        values.put(prefix + "/epoch", m.epoch());

        boolean newMetric = !devices.containsKey(device);
        LinkedHashMap<String, Def> defs = devices.computeIfAbsent(device, d -> new LinkedHashMap<>());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            MetricDataType type = typeOf(e.getValue());
            Def def = defs.get(e.getKey());
            if (def == null || !compatible(e.getValue(), def.type())) {
                def = new Def(nextAlias++, type);
                defs.put(e.getKey(), def);
                byAlias.put(def.alias(), new String[] {device, e.getKey()});
                remember(device, e.getKey(), def.alias(), type);
                newMetric = true;
            }
        }
        // a device that is down is born for the message it still had (a window closed before it failed) and
        // dies again after it, so that no DDATA goes out for a dead device (tck-id-topics-ddata-*)
        boolean down = liveness.isDown(device);
        historical = historical || primaryHost.wasHeld(m.created());
        List<Outgoing> out = new ArrayList<>(3);
        if (newMetric || down) {
            out.add(deviceBirth(device, now));
        }
        Date at = new Date(eventTime(m).toEpochMilli());
        Map<String, Object> last = lastValues.computeIfAbsent(device, d -> new HashMap<>());
        List<Metric> metrics = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Def def = defs.get(e.getKey());
            Object value = convert(e.getValue(), def.type());
            // report by exception (section 5.13): texts such as the unit go out when they change
            if (def.type() == MetricDataType.String && value.equals(last.get(e.getKey()))) {
                continue;
            }
            metrics.add(metric(null, def.alias(), def.type(), value, at, historical ? Boolean.TRUE : null));
            last.put(e.getKey(), value);
        }
        out.add(publication(topic("DDATA", device), payload(now, metrics, true), m));
        if (down) {
            out.add(deviceDeath(device, now));
        }
        return out;
    }

    private static Instant eventTime(StoredMessage m) {
        for (String key : List.of("end", "start")) {
            if (m.message().fields().get(key) instanceof Instant t) {
                return t;
            }
        }
        return m.created();
    }

    @Override
    public List<Outgoing> stateChanged(Instant now, NodeState state) {
        Map<NodeMetric, Object> before = new HashMap<>(nodeValues);
        updateNodeValues(state);
        DeviceLiveness.Change change = liveness.update(state.parts());
        List<Outgoing> out = new ArrayList<>(nodeData(now, before));
        if (born) {
            for (String device : change.died()) {
                if (devices.containsKey(device)) {
                    out.add(deviceDeath(device, now));
                }
            }
            for (String device : change.returned()) {
                if (devices.containsKey(device)) {
                    out.add(deviceBirth(device, now));
                }
            }
        }
        return out;
    }

    @Override
    public List<Outgoing> dropped(Instant now, ForwardStore.DropReport report) {
        Map<NodeMetric, Object> before = new HashMap<>(nodeValues);
        nodeValues.put(NodeMetric.STORE_DROPPED, report.total());
        return nodeData(now, before);
    }

    @Override
    public List<Outgoing> result(CommandRequest request, CommandResult result, Instant now) {
        Map<NodeMetric, Object> before = new HashMap<>(nodeValues);
        // the change itself is the news: make sure all three go out even when they repeat the last command
        before.remove(NodeMetric.LAST_COMMAND);
        before.remove(NodeMetric.LAST_RESULT);
        before.remove(NodeMetric.LAST_ACCEPTED);
        String what = (request.name() == null ? "?" : request.name())
                + (request.target() == null || request.target().isEmpty() ? "" : " " + request.target());
        nodeValues.put(NodeMetric.LAST_COMMAND, what + " (" + request.id() + ")");
        nodeValues.put(NodeMetric.LAST_RESULT, (result.accepted() ? "done: " : "refused: ") + result.reason());
        nodeValues.put(NodeMetric.LAST_ACCEPTED, result.accepted());
        return nodeData(now, before);
    }

    private List<Outgoing> nodeData(Instant now, Map<NodeMetric, Object> before) {
        nodeValues.put(NodeMetric.UPTIME, uptimeSeconds());
        if (!born) {
            return List.of(); // the next NBIRTH carries the values
        }
        List<Metric> metrics = new ArrayList<>();
        for (NodeMetric m : NodeMetric.values()) {
            Object v = nodeValues.get(m);
            if (v != null && !v.equals(before.get(m))) {
                metrics.add(metric(null, m.alias(), m.type, v, now, null));
            }
        }
        if (metrics.isEmpty()) {
            return List.of();
        }
        return List.of(publication(topic("NDATA"), payload(now, metrics, true), null));
    }

    private static long uptimeSeconds() {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
    }

    private void updateNodeValues(NodeState state) {
        nodeValues.put(NodeMetric.HEALTH, state.overall().name().toLowerCase());
        nodeValues.put(NodeMetric.HEALTH_REASON, state.reason());
        nodeValues.put(NodeMetric.PARTS, new String(UplinkJson.object(Map.of("parts", state.troubled())),
                java.nio.charset.StandardCharsets.UTF_8));
        nodeValues.put(NodeMetric.STORE_MODE, state.store().durable() ? "file" : "memory");
        nodeValues.put(NodeMetric.STORE_MAX_BYTES, state.store().maxBytes());
        nodeValues.put(NodeMetric.STORE_HOLDS_HOURS, state.holdsHours());
        nodeValues.put(NodeMetric.STORE_DROPPED, state.store().droppedTotal());
        nodeValues.put(NodeMetric.STORE_DEPTH, state.store().messages());
        nodeValues.put(NodeMetric.UPTIME, uptimeSeconds());
        nodeValues.putIfAbsent(NodeMetric.LAST_COMMAND, "");
        nodeValues.putIfAbsent(NodeMetric.LAST_RESULT, "");
        nodeValues.putIfAbsent(NodeMetric.LAST_ACCEPTED, false);
    }

    @Override
    public List<CommandRequest> commands(String topic, byte[] payload, Instant now) {
        if (notices.matches(topic)) {
            return notices.read(topic, payload, now);
        }
        if (primaryHost.configured() && topic.equals(primaryHost.stateTopic())) {
            return switch (primaryHost.take(payload, now)) {
                case ONLINE -> List.of(CommandRequest.rebirth("state-" + now.toEpochMilli()));
                case OFFLINE -> {
                    born = false; // nothing more until the births that follow its return
                    yield List.of();
                }
                case NONE -> List.of();
            };
        }
        String device;
        if (topic.equals(topic("NCMD"))) {
            device = null;
        } else if (topic.startsWith(topic("DCMD") + "/")) {
            device = topic.substring(topic("DCMD").length() + 1);
        } else {
            return List.of();
        }
        String id = "spb-" + now.toEpochMilli();
        if (payload.length > CommandJson.MAX_BYTES) {
            return List.of(CommandRequest.refused(id, null, device, "command message of " + payload.length
                    + " bytes is larger than 64 KiB"));
        }
        SparkplugBPayload decoded;
        try {
            decoded = new SparkplugBPayloadDecoder().buildFromByteArray(payload, typeMap());
        } catch (Exception e) {
            return List.of(CommandRequest.refused(id, null, device, "not a Sparkplug B payload: "
                    + CommandJson.firstLine(e.getMessage())));
        }
        String uuid = decoded.getUuid() != null && decoded.getUuid().length() <= 64 ? decoded.getUuid() : null;
        if (uuid != null) {
            id = uuid;
        }
        SparkplugCommandTimes times = new SparkplugCommandTimes();
        // the payload timestamp is when the host sent it (section 6.4.1, tck-id-payloads-ncmd-timestamp and
        // tck-id-payloads-dcmd-timestamp: NCMD and DCMD must carry it)
        Instant issued = decoded.getTimestamp() == null ? null : decoded.getTimestamp().toInstant();
        Map<String, Map<String, Object>> grouped = new LinkedHashMap<>();
        List<CommandRequest> out = new ArrayList<>();
        for (Metric metric : decoded.getMetrics()) {
            if (metric == null) {
                out.add(CommandRequest.refused(id, null, device, "a metric without a datatype that this node did "
                        + "not declare; give its datatype"));
                continue;
            }
            String name = metric.hasName() ? metric.getName() : nameOf(metric.getAlias());
            if (name == null) {
                out.add(CommandRequest.refused(id, null, device, "unknown alias " + metric.getAlias()));
                continue;
            }
            if (device == null && REBIRTH.equals(name)) {
                if (Boolean.TRUE.equals(metric.getValue())) {
                    out.add(CommandRequest.rebirth(id));
                }
                continue;
            }
            if (name.startsWith(SparkplugCommandTimes.PREFIX)) {
                times.take(name, metric.getValue());
                continue;
            }
            int slash = name.lastIndexOf('/');
            String command = slash < 0 ? name : name.substring(0, slash);
            String argument = slash < 0 ? "value" : name.substring(slash + 1);
            if (!CommandJson.isCommandName(command)) {
                out.add(CommandRequest.refused(id, null, device, CommandJson.notACommandName(command)));
                continue;
            }
            Object value = metric.getValue() instanceof Date d ? d.toInstant().toString() : metric.getValue();
            if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                out.add(CommandRequest.refused(id, command, device, "argument '" + CommandJson.shortened(argument)
                        + "' must be a string, number or boolean, not " + metric.getDataType()));
                continue;
            }
            if (value != null) {
                grouped.computeIfAbsent(command, c -> new LinkedHashMap<>()).put(argument, value);
            }
        }
        String problem = times.problem() != null ? times.problem() : times.signed() && grouped.size() > 1
                ? "a signed command message carries one command, not " + grouped.size() : null;
        int n = 0;
        for (Map.Entry<String, Map<String, Object>> e : grouped.entrySet()) {
            String commandId = grouped.size() == 1 ? id : id + "-" + ++n;
            out.add(problem != null ? CommandRequest.refused(commandId, e.getKey(), device, problem)
                    : CommandRequest.of(new Command(commandId, e.getKey(), device, e.getValue(), "mqtt:sparkplug", now,
                    issued), issued != null, times.expires(), times.signature(node, uuid, e.getKey(), device,
                    e.getValue(), issued)));
        }
        return out;
    }

    private String nameOf(Long alias) {
        if (alias == null) {
            return null;
        }
        for (NodeMetric m : NodeMetric.values()) {
            if (m.alias() == alias) {
                return m.metricName;
            }
        }
        String[] deviceAndName = byAlias.get(alias);
        return deviceAndName == null ? null : deviceAndName[1];
    }

    /** Datatypes of everything this node declared, for command payloads that leave them out. */
    private MetricDataTypeMap typeMap() {
        MetricDataTypeMap map = new MetricDataTypeMap();
        map.addMetricDataType(REBIRTH, MetricDataType.Boolean);
        map.addMetricDataType(BD_SEQ, MetricDataType.Int64);
        for (NodeMetric m : NodeMetric.values()) {
            map.addMetricDataType(m.metricName, m.type);
            map.addMetricDataType(m.alias(), m.type);
        }
        devices.values().forEach(defs -> defs.forEach((name, def) -> {
            map.addMetricDataType(name, def.type());
            map.addMetricDataType(def.alias(), def.type());
        }));
        return map;
    }

    private static MetricDataType typeOf(Object v) {
        if (v instanceof Double) {
            return MetricDataType.Double;
        }
        if (v instanceof Float) {
            return MetricDataType.Float;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return MetricDataType.Int64;
        }
        if (v instanceof Number) {
            return MetricDataType.Double;
        }
        if (v instanceof Boolean) {
            return MetricDataType.Boolean;
        }
        if (v instanceof Instant) {
            return MetricDataType.DateTime;
        }
        return MetricDataType.String;
    }

    /** Whether a value fits a declared type (an integer fits a Double metric; a fraction no Int64 one). */
    private static boolean compatible(Object v, MetricDataType type) {
        MetricDataType t = typeOf(v);
        return t == type || (type == MetricDataType.Double && (t == MetricDataType.Int64 || t == MetricDataType.Float));
    }

    private static Object convert(Object v, MetricDataType type) {
        if (type == MetricDataType.Double) {
            return ((Number) v).doubleValue();
        } else if (type == MetricDataType.Float) {
            return ((Number) v).floatValue();
        } else if (type == MetricDataType.Int64) {
            return ((Number) v).longValue();
        } else if (type == MetricDataType.DateTime) {
            return v instanceof Instant t ? new Date(t.toEpochMilli()) : v;
        } else if (type == MetricDataType.Boolean) {
            return v;
        }
        return v instanceof LocalDate || !(v instanceof String) ? v.toString() : v;
    }

    private static Metric metric(String name, Long alias, MetricDataType type, Object value, Object when,
                                 Boolean historical) {
        try {
            Date at = when instanceof Date d ? d : new Date(((Instant) when).toEpochMilli());
            Metric.MetricBuilder b = name == null ? new Metric.MetricBuilder(alias, type, value)
                    : new Metric.MetricBuilder(name, type, value);
            b.timestamp(at);
            if (name != null && alias != null) {
                b.alias(alias);
            }
            if (historical != null) {
                b.isHistorical(historical);
            }
            return b.createMetric();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build metric " + name + "/" + alias + " of " + type + ": " + e, e);
        }
    }

    private byte[] payload(Instant now, List<Metric> metrics, boolean data) {
        SparkplugBPayload p = new SparkplugBPayload(new Date(now.toEpochMilli()), metrics, (long) seq);
        seq = (seq + 1) % 256;
        // data messages leave datatypes out (tck-id-payloads-metric-datatype-not-req); births carry them
        return bytes(p, data);
    }

    private byte[] bytes(SparkplugBPayload p, boolean stripDataTypes) {
        try {
            return encoder.getBytes(p, stripDataTypes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
