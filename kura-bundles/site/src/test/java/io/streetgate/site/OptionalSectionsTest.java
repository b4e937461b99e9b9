package io.streetgate.site;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ota and coap sections: absent means off, present becomes a configuration, mistakes are named. */
class OptionalSectionsTest {

    private static SiteFile.Result parse(String yaml) {
        return SiteFile.parse("node: { id: pole-1 }\n" + yaml, "site.yaml", TestCatalog.CATALOG);
    }

    private static Map<String, Object> entry(SiteConfig c, String pid) {
        return ConfigAdminMapping.entries(c).stream().filter(e -> e.pid().equals(pid)).findFirst()
                .map(ConfigAdminMapping.Entry::properties).orElse(Map.of());
    }

    @Test
    void withoutTheSectionsThereIsNoOtaAndNoCoapConfiguration() {
        SiteConfig c = parse("").config().orElseThrow();
        assertTrue(c.ota().isEmpty());
        assertTrue(c.coap().isEmpty());
        assertTrue(entry(c, ConfigAdminMapping.OTA_PID).isEmpty());
        assertTrue(ConfigAdminMapping.OPTIONAL_PIDS.containsAll(List.of(ConfigAdminMapping.OTA_PID,
                ConfigAdminMapping.COAP_PID)), "the loader removes them when their section goes");
    }

    @Test
    void anOtaSectionNeedsARepositoryAndATrustedRoot() {
        SiteFile.Result r = parse("ota:\n  repository: ftp://x/\n");
        List<String> problems = r.problems().stream().map(Problem::toString).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("ota.repository: 'ftp://x/' is not an http(s) URL"), problems.toString());
        assertTrue(problems.get(1).contains("ota.trusted-root: is missing"), problems.toString());
    }

    @Test
    void anOtaSectionBecomesItsConfigurationWithTheNodeId() {
        SiteConfig c = parse("ota:\n  repository: https://updates.example.org/sg/\n  trusted-root: /etc/sg/root.json\n"
                + "  poll-interval: 30m\n").config().orElseThrow();
        Map<String, Object> p = entry(c, ConfigAdminMapping.OTA_PID);
        assertEquals("pole-1", p.get("node.id"));
        assertEquals(Duration.ofMinutes(30).toMillis(), p.get("poll.interval.ms"));
        assertEquals(false, p.get("install.on.poll"));
    }

    @Test
    void aPlainHttpRepositoryNeedsAnExplicitOptInAndACaFileIsAnAbsolutePath() {
        String ota = "ota:\n  repository: http://updates.city.example/sg/\n  trusted-root: /etc/sg/root.json\n";
        List<String> refused = parse(ota + "  ca-file: city-ca.pem\n").problems().stream().map(Problem::toString).toList();
        assertEquals(2, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("ota.repository: 'http://updates.city.example/sg/' is plain HTTP")
                && refused.get(0).contains("Use https://updates.city.example/..., or add plain-http: true"), refused.toString());
        assertTrue(refused.get(1).contains("ota.ca-file: 'city-ca.pem' is not an absolute path"), refused.toString());

        SiteConfig c = parse(ota + "  plain-http: true\n  ca-file: /etc/streetgate/city-ca.pem\n").config().orElseThrow();
        Map<String, Object> p = entry(c, ConfigAdminMapping.OTA_PID);
        assertEquals(true, p.get("plain.http"));
        assertEquals("/etc/streetgate/city-ca.pem", p.get("ca.file"));
        assertEquals("", entry(parse(ota.replace("http:", "https:")).config().orElseThrow(), ConfigAdminMapping.OTA_PID)
                .get("ca.file"), "without a CA file the JVM's trusted CAs are used");
    }

    @Test
    void anImageBackendTakesItsOwnKeysAndRefusesAnotherBackendsKeys() {
        String ota = "ota:\n  repository: https://u.example/sg/\n  trusted-root: /etc/sg/root.json\n";
        Map<String, Object> rauc = entry(parse(ota + "  backend: rauc\n  rauc-conf: /etc/rauc/pole.conf\n"
                + "  factory-version: 1.2.0\n").config().orElseThrow(), ConfigAdminMapping.OTA_PID);
        assertEquals("rauc", rauc.get("backend"));
        assertEquals("/etc/rauc/pole.conf", rauc.get("rauc.conf"));
        assertEquals("rootfs", rauc.get("rauc.slot.class"));
        assertEquals("1.2.0", rauc.get("factory.version"));
        Map<String, Object> pi = entry(parse(ota + "  backend: pi-tryboot\n").config().orElseThrow(), ConfigAdminMapping.OTA_PID);
        assertArrayEquals(new String[] {"/dev/mmcblk0p2", "/dev/mmcblk0p3"}, (String[]) pi.get("slot.devices"));
        Map<String, Object> usb = entry(parse(ota + "  backend: pi-tryboot\n  slot-devices: [/dev/sda2, /dev/sda3]\n")
                .config().orElseThrow(), ConfigAdminMapping.OTA_PID);
        assertArrayEquals(new String[] {"/dev/sda2", "/dev/sda3"}, (String[]) usb.get("slot.devices"));
        Map<String, Object> uboot = entry(parse(ota + "  backend: u-boot\n  slot-devices: [/dev/vda2, /dev/vda3]\n")
                .config().orElseThrow(), ConfigAdminMapping.OTA_PID);
        assertEquals("u-boot", uboot.get("backend"));
        assertArrayEquals(new String[] {"/dev/vda2", "/dev/vda3"}, (String[]) uboot.get("slot.devices"));
        List<String> notRauc = parse(ota + "  backend: rauc\n  slot-devices: [/dev/vda2, /dev/vda3]\n").problems().stream()
                .map(Problem::toString).toList();
        assertTrue(notRauc.size() == 1 && notRauc.get(0).contains("ota.slot-devices: is read only with backend: "
                + "pi-tryboot or u-boot (this node's backend is rauc); remove it, or set backend: pi-tryboot or u-boot"),
                notRauc.toString());
        List<String> one = parse(ota + "  backend: pi-tryboot\n  slot-devices: [/dev/sda2]\n").problems().stream()
                .map(Problem::toString).toList();
        assertTrue(one.size() == 1 && one.get(0).contains("ota.slot-devices: '/dev/sda2' must name two partitions, slot "
                + "A's and slot B's"), one.toString());

        List<String> refused = parse(ota + "  backend: pi-tryboot\n  slot-devices: [mmcblk0, /dev/mmcblk0p3]\n"
                + "  rauc-conf: /etc/rauc/system.conf\n")
                .problems().stream().map(Problem::toString).toList();
        assertEquals(2, refused.size(), refused.toString());
        assertTrue(refused.stream().anyMatch(p -> p.contains("ota.rauc-conf: is read only with "
                + "backend: rauc (this node's backend is pi-tryboot); remove it, or set backend: rauc")), refused.toString());
        assertTrue(refused.stream().anyMatch(p -> p.contains("ota.slot-devices: 'mmcblk0' is not a partition's block device; "
                + "write e.g. /dev/mmcblk0p2")), refused.toString());
        List<String> noSlots = parse(ota + "  backend: slot-directory\n").problems().stream().map(Problem::toString).toList();
        assertEquals(1, noSlots.size(), noSlots.toString());
        assertTrue(noSlots.get(0).contains("ota.slots: is missing") && noSlots.get(0).contains("slots: /var/lib/streetgate/slots"),
                noSlots.toString());
        List<String> unknown = parse(ota + "  backend: swupdate\n").problems().stream().map(Problem::toString).toList();
        assertTrue(unknown.size() == 1 && unknown.get(0).contains("swupdate")
                && unknown.get(0).contains("bundle-set, slot-directory, pi-tryboot, u-boot, rauc"), unknown.toString());
    }

    /** Every {@code ota:} example of docs/ota.md is a valid section as it stands. */
    @Test
    void theOtaExamplesOfTheDocsAreValid() throws Exception {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("../../docs/ota.md"));
        java.util.regex.Matcher yaml = java.util.regex.Pattern.compile("```yaml\n(ota:\n.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(page);
        int examples = 0;
        while (yaml.find()) {
            SiteFile.Result r = parse(yaml.group(1));
            assertEquals(List.of(), r.problems().stream().map(Problem::toString).toList(), yaml.group(1));
            assertTrue(r.config().orElseThrow().ota().isPresent());
            examples++;
        }
        assertTrue(examples >= 2, "the section's example and the RAUC one: " + examples);
    }

    @Test
    void aCoapSectionIsDtlsOnlyByDefault() {
        SiteConfig c = parse("coap:\n  quantities: [ \"moisture=soil_moisture:%\" ]\n").config().orElseThrow();
        Map<String, Object> p = entry(c, ConfigAdminMapping.COAP_PID);
        assertEquals(true, p.get("dtls.enabled"));
        assertEquals(5684L, p.get("dtls.port"));
        assertEquals(false, p.get("plain.enabled"));
        assertEquals("127.0.0.1", p.get("bind.address"));
        assertArrayEquals(new String[] {"moisture=soil_moisture:%"}, (String[]) p.get("quantities"));
    }

    @Test
    void aCoapSectionWithEverythingOffOrAMangledObserveEntryIsRefused() {
        SiteFile.Result r = parse("coap:\n  dtls: { enabled: false }\n  observe: [ \"soil-1 coap://x\" ]\n");
        List<String> problems = r.problems().stream().map(Problem::toString).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("coap.dtls: and plain are both off"), problems.toString());
        assertTrue(problems.get(1).contains("coap.observe: 'soil-1 coap://x' is not node-id=coap://host:port/path"),
                problems.toString());
        assertTrue(r.config().orElseThrow().coap().isEmpty());
    }

    @Test
    void aCoapSectionsNodeLimitsAndAUrnObservedNodeBecomeItsConfiguration() {
        SiteConfig c = parse("coap:\n  observe: [ \"urn:dev:mac:0024befffe804ff1=coap://[fd00::23]:5683/readings\" ]\n"
                + "  limits: { rate: 0.5, burst: 5, max-series: 250, series-idle: 12h }\n").config().orElseThrow();
        Map<String, Object> p = entry(c, ConfigAdminMapping.COAP_PID);
        assertEquals(0.5, p.get("rate.per.second"));
        assertEquals(5L, p.get("burst"));
        assertEquals(250L, p.get("max.series"));
        assertEquals(12L, p.get("series.idle.hours"));
        assertArrayEquals(new String[] {"urn:dev:mac:0024befffe804ff1=coap://[fd00::23]:5683/readings"},
                (String[]) p.get("observe"));
    }

    @Test
    void aBadNodeLimitOrForgetAfterIsNamedWithWhatIsValid() {
        SiteFile.Result r = parse("coap:\n  limits: { max-series: 0 }\nanalytics:\n  forget-after: 1h\n");
        List<String> problems = r.problems().stream().map(Problem::toString).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("analytics.forget-after: '1h' is outside 2d..30d")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("coap.limits.max-series: '0' is outside 1..10000")),
                problems.toString());
        assertEquals(Duration.ofDays(3), parse("analytics:\n  forget-after: 3d\n").config().orElseThrow().analytics()
                .forgetAfter());
    }

    @Test
    void anEmptyCoapSectionReadsAsTheBuildersDefaultsAndToBuilderChangesOneKey() {
        CoapConfig read = parse("coap: {}\n").config().orElseThrow().coap().orElseThrow();
        assertEquals(CoapConfig.builder().build(), read);
        CoapConfig observed = parse("coap:\n  observe: [ \"soil-1=coap://127.0.0.1:5683/r\" ]\n  limits: { burst: 5 }\n")
                .config().orElseThrow().coap().orElseThrow();
        assertEquals(observed, observed.toBuilder().build(), "every key carried over");
        assertEquals(CoapConfig.builder().observe(List.of("soil-1=coap://127.0.0.1:5683/r")).rate(1.0, 5).build(),
                observed);
        assertEquals(read, observed.toBuilder().observe(List.of()).rate(read.rate(), read.burst()).build());
    }
}
