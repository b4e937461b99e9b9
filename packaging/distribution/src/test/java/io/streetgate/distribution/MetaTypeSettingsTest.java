package io.streetgate.distribution;

import io.streetgate.driver.Durations;
import io.streetgate.driver.OptionSpec;
import io.streetgate.site.AnalyticsSettings;
import io.streetgate.site.CoapSettings;
import io.streetgate.site.ControlSettings;
import io.streetgate.site.OtaSettings;
import io.streetgate.site.SiteSettings;
import io.streetgate.site.SiteSettings.Setting;
import io.streetgate.site.UplinkSettings;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MetaType of every bundle (the {@code OSGI-INF/metatype/*.xml} bnd generates from the components'
 * {@code @AttributeDefinition}s, which Config Admin tools and Kura's console show) says of each attribute that a
 * site file setting becomes what the setting's one definition says: its default, its type, and where the
 * definition has them its range and its options. The definitions are the {@code *Settings} classes of
 * site; an attribute the site file does not set is listed, with why, in {@link #NOT_SETTINGS}.
 */
class MetaTypeSettingsTest {

    /**
     * Each attribute that a site file setting becomes: the PID, the attribute id and the setting's key. The
     * attribute's unit is its id's last word where the setting is a duration (ms, seconds, hours).
     */
    private static final String MAPPED = """
            streetgate.analytics window.ms               analytics.windows[].size
            streetgate.analytics allowed.lateness.ms     analytics.windows[].allowed-lateness
            streetgate.broker    enabled                 local-broker.enabled
            streetgate.broker    host                    local-broker.host
            streetgate.broker    port                    local-broker.port
            streetgate.status    host                    status.host
            streetgate.status    port                    status.port
            streetgate.console   enabled                 console.enabled
            streetgate.console   host                    console.host
            streetgate.console   port                    console.port
            streetgate.console   session.idle.ms         console.session-idle
            streetgate.simulation speed                  simulation.speed
            streetgate.simulation start                  simulation.start
            streetgate.simulation seed                   simulation.seed
            streetgate.sensor    sensor.type             sensors.<id>.type
            streetgate.sensor    bus.id                  sensors.<id>.bus
            streetgate.sensor    bus.kind                buses.<id>.kind
            streetgate.sensor    period.ms               sensors.<id>.period
            streetgate.control   period.ms               control.period
            streetgate.ota       node.id                 node.id
            streetgate.ota       repository              ota.repository
            streetgate.ota       trusted.root            ota.trusted-root
            streetgate.ota       ca.file                 ota.ca-file
            streetgate.ota       plain.http              ota.plain-http
            streetgate.ota       backend                 ota.backend
            streetgate.ota       hardware                ota.hardware
            streetgate.ota       poll.interval.ms        ota.poll-interval
            streetgate.ota       install.on.poll         ota.install-on-poll
            streetgate.ota       health.timeout.ms       ota.health-timeout
            streetgate.ota       bandwidth.cap           ota.bandwidth-cap
            streetgate.ota       reboot.command          ota.reboot-command
            streetgate.ota       slots                   ota.slots
            streetgate.ota       autoboot                ota.autoboot
            streetgate.ota       slot.devices            ota.slot-devices
            streetgate.ota       rauc.conf               ota.rauc-conf
            streetgate.ota       rauc.slot.class         ota.rauc-slot-class
            streetgate.ota       factory.version         ota.factory-version
            streetgate.coap      bind.address            coap.bind
            streetgate.coap      dtls.enabled            coap.dtls.enabled
            streetgate.coap      dtls.port               coap.dtls.port
            streetgate.coap      plain.enabled           coap.plain.enabled
            streetgate.coap      plain.port              coap.plain.port
            streetgate.coap      key.file                coap.key-file
            streetgate.coap      rpk.file                coap.rpk-file
            streetgate.coap      observe                 coap.observe
            streetgate.coap      quantities              coap.quantities
            streetgate.coap      max.payload.bytes       coap.limits.max-payload
            streetgate.coap      max.records             coap.limits.max-records
            streetgate.coap      max.age.hours           coap.limits.max-age
            streetgate.coap      max.ahead.seconds       coap.limits.max-ahead
            streetgate.coap      rate.per.second         coap.limits.rate
            streetgate.coap      burst                   coap.limits.burst
            streetgate.coap      max.series              coap.limits.max-series
            streetgate.coap      series.idle.hours       coap.limits.series-idle
            streetgate.uplink    node.id                 node.id
            streetgate.uplink    enabled                 uplink.enabled
            streetgate.uplink    broker                  uplink.broker
            streetgate.uplink    protocol                uplink.protocol
            streetgate.uplink    client.id               uplink.client-id
            streetgate.uplink    username                uplink.username
            streetgate.uplink    password.file           uplink.password-file
            streetgate.uplink    ca.file                 uplink.ca-file
            streetgate.uplink    client.cert             uplink.client-cert
            streetgate.uplink    client.key              uplink.client-key
            streetgate.uplink    plain.tcp               uplink.plain-tcp
            streetgate.uplink    format                  uplink.format
            streetgate.uplink    group                   uplink.group
            streetgate.uplink    topic.prefix            uplink.topic-prefix
            streetgate.uplink    keep.alive.ms           uplink.keep-alive
            streetgate.uplink    max.in.flight           uplink.max-in-flight
            streetgate.uplink    session.expiry.ms       uplink.session-expiry
            streetgate.uplink    store.path              uplink.store.path
            streetgate.uplink    store.max.bytes         uplink.store.max-size
            streetgate.uplink    store.memory.bytes      uplink.store.memory-fallback
            streetgate.uplink    reconnect.min.ms        uplink.reconnect.min
            streetgate.uplink    reconnect.max.ms        uplink.reconnect.max
            streetgate.uplink    commands.max.age.ms     uplink.commands.max-age
            streetgate.uplink    commands.per.minute     uplink.commands.per-minute
            streetgate.uplink    commands.require.signature uplink.commands.require-signature
            streetgate.uplink    commands.keys           uplink.commands.keys.<name>
            streetgate.uplink    pack.window.ms          uplink.pack.window
            streetgate.uplink    pack.max.bytes          uplink.pack.max-size
            streetgate.uplink    pack.compression        uplink.pack.compression
            streetgate.uplink    sparkplug.primary.host  uplink.sparkplug.primary-host
            streetgate.uplink    sparkplug.qos           uplink.sparkplug.qos
            """;

    /** Attributes no one site file setting becomes, and why. */
    private static final Map<String, String> NOT_SETTINGS = Map.ofEntries(
            Map.entry("streetgate.analytics fingerprint", "a hash of the analytics section, so that the pipeline "
                    + "restarts when it changes"),
            Map.entry("streetgate.control fingerprint", "a hash of the actuators and control sections"),
            Map.entry("streetgate.control actuators", "the number of actuators in the site file"),
            Map.entry("streetgate.sensor sensor.id", "the sensor's name under sensors, not a value"),
            Map.entry("streetgate.sensor address", "the address, pin or unit key of the sensor's type "
                    + "(device types table), which has no site-wide definition"),
            Map.entry("streetgate.uplink budget.bytes", "one half of uplink.budget (\"50MB/month\"); 0 is no budget"),
            Map.entry("streetgate.uplink budget.period", "the other half of uplink.budget"),
            Map.entry("streetgate.site file", "where the site file is, not a setting in it"),
            Map.entry("io.streetgate.kura.SiteFile file", "Kura's pointer to the site file, not a setting in it"),
            Map.entry("io.streetgate.kura.CloudForwarder CloudPublisher.target", "Kura's own publisher, chosen in "
                    + "Kura's console"),
            Map.entry("io.streetgate.kura.CloudForwarder kinds", "what Kura's publisher forwards, set in Kura's "
                    + "console"));

    /** Mapped attributes whose default is not the setting's, and why. */
    private static final Map<String, String> DEFAULT_ELSEWHERE = Map.of(
            "streetgate.analytics window.ms", "windows[].size is required in each entry; with no windows the "
                    + "section has one window of 1m (AnalyticsSection.DEFAULT_WINDOW), the MetaType's default");

    /** One attribute of a generated MetaType. */
    private record Attribute(String pid, String id, String type, boolean list, String min, String max,
                             String fallback, List<String> options) {
    }

    @Test
    void everyMetaTypeAttributeOfASettingIsItsDefinition() throws Exception {
        Map<String, Attribute> attributes = metaTypes();
        Map<String, String> mapped = mapped();
        Map<String, Setting> settings = settings();
        Set<String> pids = new java.util.TreeSet<>();
        mapped.keySet().forEach(k -> pids.add(k.substring(0, k.indexOf(' '))));
        Set<String> found = new java.util.TreeSet<>();
        attributes.values().forEach(a -> found.add(a.pid()));
        assertTrue(found.containsAll(pids), "the MetaTypes of " + pids + " are not all on the test's class path: "
                + found);

        List<String> differ = new ArrayList<>();
        attributes.forEach((name, a) -> {
            String key = mapped.get(name);
            if (key == null) {
                if (!NOT_SETTINGS.containsKey(name)) {
                    differ.add(name + ": no site file setting is named for this MetaType attribute; add it to "
                            + "MAPPED with its key, or to NOT_SETTINGS with why it has none");
                }
                return;
            }
            Setting s = settings.get(key);
            if (s == null) {
                differ.add(name + ": MAPPED names " + key + ", which no *Settings class of site defines");
                return;
            }
            differ.addAll(compare(a, key, s));
        });
        mapped.keySet().stream().filter(k -> !attributes.containsKey(k))
                .forEach(k -> differ.add(k + ": MAPPED names it, but no generated MetaType has this attribute"));
        assertTrue(differ.isEmpty(), "the MetaTypes differ from the site file's definitions (*Settings in "
                + "site); fix the @AttributeDefinition named:\n" + String.join("\n", differ));
        assertTrue(mapped.size() >= 80, "only " + mapped.size() + " attributes compared");
    }

    /** The differences of one attribute from its setting, each with its fix. */
    private static List<String> compare(Attribute a, String key, Setting s) {
        List<String> differ = new ArrayList<>();
        String at = a.pid() + " " + a.id() + " (setting " + key + ", " + s.type() + ")";
        Unit unit = Unit.of(a, s);
        Set<String> types = switch (s.type()) {
            case "boolean" -> Set.of("Boolean");
            case "integer", "duration", "size" -> Set.of("Integer", "Long");
            case "decimal" -> Set.of("Double", "Float");
            default -> Set.of("String");
        };
        if (!types.contains(a.type()) || a.list() != s.type().equals("list")) {
            differ.add(at + ": MetaType type " + a.type() + (a.list() ? "[]" : "") + ", the setting's "
                    + s.type() + " wants " + types + (s.type().equals("list") ? " with a cardinality" : "")
                    + "; change the attribute method's return type");
            return differ;
        }
        if (unit == null) {
            differ.add(at + ": a duration's attribute id must end in its unit (.ms, .seconds or .hours)");
            return differ;
        }
        OptionSpec spec = s.spec();
        String wanted = spec.defaultValue() == null ? null : unit.value(s, spec.defaultValue());
        if (!DEFAULT_ELSEWHERE.containsKey(a.pid() + " " + a.id()) && !sameValue(a.fallback(), wanted)) {
            differ.add(at + ": MetaType default " + show(a.fallback()) + ", the definition's " + show(wanted)
                    + " (" + s.defaultValue() + "); " + (wanted == null ? "remove the attribute's default"
                    : "write default " + wanted));
        }
        Range range = range(s, unit);
        if (range != null) {
            if (!sameValue(a.min(), range.min()) || !sameValue(a.max(), range.max())) {
                differ.add(at + ": MetaType range " + show(a.min()) + ".." + show(a.max()) + ", the definition's "
                        + range.min() + ".." + range.max() + " (" + s.valid() + "); write min = \"" + range.min()
                        + "\", max = \"" + range.max() + "\"");
            }
        }
        if (spec.kind() == OptionSpec.Kind.CHOICE && !a.options().equals(spec.allowed())) {
            differ.add(at + ": MetaType options " + a.options() + ", the definition's " + spec.allowed()
                    + "; write one @Option for each, in that order");
        }
        return differ;
    }

    private record Range(String min, String max) {
    }

    /** The definition's range in the attribute's unit; null where the type has none. */
    private static Range range(Setting s, Unit unit) {
        OptionSpec spec = s.spec();
        return switch (s.type()) {
            case "integer", "decimal" -> new Range(number(spec.min()), number(spec.max()));
            case "duration" -> new Range(unit.millis((long) spec.min()), unit.millis((long) spec.max()));
            case "size" -> {
                String[] bounds = s.valid().split("\\.\\.");
                yield new Range(Long.toString(bytes(bounds[0])), Long.toString(bytes(bounds[1])));
            }
            default -> null;
        };
    }

    /** How a setting's value is written in the attribute. */
    private enum Unit {
        PLAIN(0), MILLISECONDS(1), SECONDS(1000), HOURS(3_600_000);

        private final long millis;

        Unit(long millis) {
            this.millis = millis;
        }

        static Unit of(Attribute a, Setting s) {
            if (!s.type().equals("duration")) {
                return PLAIN;
            }
            String id = a.id();
            return id.endsWith(".ms") ? MILLISECONDS : id.endsWith(".seconds") ? SECONDS
                    : id.endsWith(".hours") ? HOURS : null;
        }

        /** Milliseconds in this unit, or a note where they are not a whole number of it. */
        String millis(long ms) {
            return ms % millis == 0 ? Long.toString(ms / millis) : ms + " ms (not a whole number of " + this + ")";
        }

        String value(Setting s, String text) {
            return switch (s.type()) {
                case "duration" -> millis(Durations.parse(text).map(Duration::toMillis).orElseThrow());
                case "size" -> Long.toString(bytes(text));
                case "list" -> String.join(",", list(text));
                default -> text;
            };
        }
    }

    /** A list default as the definition writes it ("[a, b]" or "") in the MetaType's form ("a,b"). */
    private static List<String> list(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        return t.isBlank() ? List.of() : Arrays.stream(t.split(",")).map(String::strip).toList();
    }

    /** Bytes of a size as UplinkSettings writes them: 64KiB, 64MiB, 1GiB. */
    private static long bytes(String size) {
        String t = size.strip();
        for (String[] u : new String[][] {{"GiB", "30"}, {"MiB", "20"}, {"KiB", "10"}}) {
            if (t.endsWith(u[0])) {
                return Long.parseLong(t.substring(0, t.length() - 3)) << Integer.parseInt(u[1]);
            }
        }
        return Long.parseLong(t);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Equal as text, or as numbers where both are. */
    private static boolean sameValue(String metaType, String definition) {
        if (metaType == null || definition == null) {
            return metaType == null && definition == null;
        }
        try {
            return Double.parseDouble(metaType) == Double.parseDouble(definition);
        } catch (NumberFormatException e) {
            return metaType.equals(definition);
        }
    }

    private static String show(String value) {
        return value == null ? "none" : "\"" + value + "\"";
    }

    private static Map<String, String> mapped() {
        Map<String, String> mapped = new LinkedHashMap<>();
        MAPPED.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> {
            String[] w = l.split("\\s+");
            mapped.put(w[0] + " " + w[1], w[2]);
        });
        return mapped;
    }

    /** Every setting of the site file by its full key. */
    private static Map<String, Setting> settings() {
        Map<String, Setting> all = new LinkedHashMap<>();
        SiteSettings.all().forEach(s -> all.put(s.key(), s));
        Map<String, List<Setting>> sections = Map.of("uplink.", UplinkSettings.all(), "ota.", OtaSettings.all(),
                "coap.", CoapSettings.all(), "control.", ControlSettings.section(), "analytics.",
                AnalyticsSettings.windows());
        sections.forEach((prefix, list) -> list.forEach(s -> all.put(prefix + s.key(), s)));
        return all;
    }

    /** Every attribute of every generated MetaType on the class path, by "PID attribute". */
    private static Map<String, Attribute> metaTypes() throws Exception {
        Map<String, Attribute> attributes = new TreeMap<>();
        for (URL manifest : Collections.list(MetaTypeSettingsTest.class.getClassLoader()
                .getResources("META-INF/MANIFEST.MF"))) {
            for (byte[] xml : metaTypeFiles(manifest)) {
                read(xml, attributes);
            }
        }
        return attributes;
    }

    /** The OSGI-INF/metatype files of the jar or folder whose manifest this is. */
    private static List<byte[]> metaTypeFiles(URL manifest) throws Exception {
        List<byte[]> files = new ArrayList<>();
        if (manifest.getProtocol().equals("jar")) {
            JarURLConnection c = (JarURLConnection) manifest.openConnection();
            c.setUseCaches(false);
            try (JarFile jar = c.getJarFile()) {
                for (var e : Collections.list(jar.entries())) {
                    if (e.getName().startsWith("OSGI-INF/metatype/") && e.getName().endsWith(".xml")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            files.add(in.readAllBytes());
                        }
                    }
                }
            }
        } else if (manifest.getProtocol().equals("file")) {
            Path folder = Path.of(manifest.toURI()).getParent().getParent().resolve("OSGI-INF/metatype");
            if (Files.isDirectory(folder)) {
                try (Stream<Path> xml = Files.list(folder)) {
                    for (Path p : xml.filter(p -> p.toString().endsWith(".xml")).toList()) {
                        files.add(Files.readAllBytes(p));
                    }
                }
            }
        }
        return files;
    }

    /** The attributes of one MetaType file, under the PID (or factory PID) it designates. */
    private static void read(byte[] xml, Map<String, Attribute> into) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml));
        Map<String, Element> ocds = new LinkedHashMap<>();
        NodeList ocdList = doc.getElementsByTagName("OCD");
        for (int i = 0; i < ocdList.getLength(); i++) {
            Element ocd = (Element) ocdList.item(i);
            ocds.put(ocd.getAttribute("id"), ocd);
        }
        NodeList designates = doc.getElementsByTagName("Designate");
        for (int i = 0; i < designates.getLength(); i++) {
            Element d = (Element) designates.item(i);
            String pid = d.hasAttribute("factoryPid") ? d.getAttribute("factoryPid") : d.getAttribute("pid");
            Element object = (Element) d.getElementsByTagName("Object").item(0);
            Element ocd = ocds.get(object.getAttribute("ocdref"));
            NodeList ads = ocd.getElementsByTagName("AD");
            for (int j = 0; j < ads.getLength(); j++) {
                Element ad = (Element) ads.item(j);
                List<String> options = new ArrayList<>();
                NodeList os = ad.getElementsByTagName("Option");
                for (int k = 0; k < os.getLength(); k++) {
                    options.add(((Element) os.item(k)).getAttribute("value"));
                }
                String cardinality = ad.getAttribute("cardinality");
                Attribute a = new Attribute(pid, ad.getAttribute("id"), ad.getAttribute("type"),
                        !cardinality.isEmpty() && !cardinality.equals("0"), value(ad, "min"), value(ad, "max"),
                        value(ad, "default"), options);
                into.put(pid + " " + a.id(), a);
            }
        }
    }

    private static String value(Element e, String attribute) {
        return e.hasAttribute(attribute) ? e.getAttribute(attribute) : null;
    }
}
