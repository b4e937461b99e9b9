package io.streetgate.site;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UplinkSectionTest {

    private static final String NODE = "node: { id: pole-0042 }\n";

    private static SiteFile.Result parse(String yaml) {
        return SiteFile.parse(NODE + yaml, "site.yaml", TestCatalog.CATALOG);
    }

    private static List<String> problems(SiteFile.Result r) {
        return r.problems().stream().map(Problem::toString).toList();
    }

    private static UplinkConfig uplink(String yaml) {
        SiteFile.Result r = parse(yaml);
        assertEquals(List.of(), problems(r));
        return r.config().orElseThrow().uplink().orElseThrow();
    }

    @Test
    void withoutTheSectionThereIsNoUplinkAndNoConfiguration() {
        SiteConfig site = parse("").config().orElseThrow();
        assertTrue(site.uplink().isEmpty());
        assertTrue(ConfigAdminMapping.entries(site).stream().noneMatch(e -> e.pid().equals("streetgate.uplink")));
        assertTrue(ConfigAdminMapping.OPTIONAL_PIDS.contains(ConfigAdminMapping.UPLINK_PID),
                "the loader removes the configuration when the section goes");
    }

    @Test
    void aBrokerIsAllItNeedsTheRestHasSafeDefaults() {
        UplinkConfig u = uplink("uplink:\n  broker: ssl://mqtt.example.org\n");
        assertTrue(u.enabled());
        assertEquals("ssl://mqtt.example.org:8883", u.broker());
        assertEquals("5", u.protocol());
        assertEquals("pole-0042", u.clientId(), "the node id");
        assertEquals("json", u.format());
        assertEquals("streetgate", u.group());
        assertEquals("streetgate", u.topicPrefix());
        assertEquals(Duration.ofSeconds(60), u.keepAlive());
        assertEquals(64, u.maxInFlight());
        assertEquals(Duration.ofDays(1), u.sessionExpiry());
        assertEquals("uplink/store.db", u.storePath());
        assertEquals(64L << 20, u.storeMaxBytes());
        assertEquals(4L << 20, u.memoryBytes());
        assertEquals(Duration.ofSeconds(2), u.reconnectMin());
        assertEquals(Duration.ofMinutes(5), u.reconnectMax());
        assertFalse(u.plainTcp());
        assertEquals("", u.caFile(), "the JVM's trusted CAs");
    }

    @Test
    void theBuilderStartsFromTheDefaultsTheSiteFileIsReadWith() {
        UplinkConfig read = uplink("uplink:\n  broker: ssl://mqtt.example.org\n");
        assertEquals(UplinkConfig.builder("ssl://mqtt.example.org:8883").clientId("pole-0042").build(), read);
    }

    @Test
    void toBuilderChangesOneKeyAndKeepsTheRest() throws Exception {
        Matcher m = Pattern.compile("```yaml\\n(uplink:.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../../docs/uplink.md")));
        assertTrue(m.find(), "docs/uplink.md has an uplink: example");
        UplinkConfig example = uplink(m.group(1));
        assertEquals(example, example.toBuilder().build(), "every key carried over");
        UplinkConfig json = example.toBuilder().format("json").build();
        assertEquals("json", json.format());
        assertEquals(example, json.toBuilder().format(example.format()).build());
    }

    @Test
    void theBuilderRunsTheRecordsChecks() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> UplinkConfig.builder("ssl://mqtt.example.org:8883").keepAlive(null).build());
        assertEquals("keepAlive", e.getMessage());
    }

    @Test
    void theExampleOfTheUplinkPageIsValid() throws Exception {
        String page = Files.readString(Path.of("../../docs/uplink.md"));
        Matcher m = Pattern.compile("```yaml\\n(uplink:.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "docs/uplink.md has an uplink: example");
        UplinkConfig u = uplink(m.group(1));
        assertEquals("sparkplug", u.format());
        assertTrue(u.broker().startsWith("ssl://"));
        assertFalse(u.passwordFile().isEmpty());
    }

    @Test
    void theSparkplugNodeOfTheOtaPageIsAValidUplinkSection() throws Exception {
        String page = Files.readString(Path.of("../../docs/ota.md"));
        Matcher m = Pattern.compile("```yaml\\n(uplink:.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "docs/ota.md has a Sparkplug node's uplink: example");
        UplinkConfig u = uplink(m.group(1));
        assertEquals("sparkplug", u.format());
        assertEquals("harbour", u.group());
        assertEquals(UplinkConfig.DEFAULT_TOPIC_PREFIX, u.topicPrefix());
    }

    @Test
    void plainTcpIsRefusedUnlessItIsAskedForAndThenItIsAccepted() {
        SiteFile.Result r = parse("uplink:\n  broker: tcp://10.0.0.5:1883\n");
        assertEquals(1, r.problems().size(), problems(r).toString());
        Problem p = r.problems().get(0);
        assertEquals("uplink.broker", p.path());
        assertEquals("tcp://10.0.0.5:1883", p.value());
        assertTrue(p.message().contains("unencrypted") && p.message().contains("ssl://10.0.0.5:8883")
                && p.message().contains("plain-tcp: true"), p.message());
        assertTrue(r.config().orElseThrow().uplink().isEmpty());

        UplinkConfig u = uplink("uplink:\n  broker: tcp://10.0.0.5\n  plain-tcp: true\n");
        assertEquals("tcp://10.0.0.5:1883", u.broker());
        assertTrue(u.plainTcp());
    }

    @Test
    void eachMistakeNamesTheKeyTheValueAndWhatWouldBeValid() {
        Map<String, String> cases = Map.of(
                "  format: sparkplg\n", "uplink.format: 'sparkplg' is not a payload format; did you mean 'sparkplug'?",
                "  protocol: 4\n", "uplink.protocol: '4' is not an MQTT version the uplink speaks; valid: 5 (default), 3.1.1",
                "  username: pole\n  password-file: secrets/pw\n", "uplink.password-file: 'secrets/pw' is not an absolute path",
                "  client-cert: /etc/streetgate/pole.pem\n", "uplink.client-key: is missing: it needs its partner",
                "  store: { max-size: lots }\n", "uplink.store.max-size: 'lots' is not a size; write a size such as 64MiB",
                "  store: { max-size: 1KiB }\n", "uplink.store.max-size: '1KiB' is outside 64KiB..64GiB",
                "  reconnect: { min: 10s, max: 5s }\n", "uplink.reconnect.max: is shorter than reconnect.min",
                "  brokr: x\n", "uplink.brokr: is not a known key; did you mean 'broker'?",
                "  group: harbour/north\n", "uplink.group: 'harbour/north' is not a Sparkplug group id",
                "  topic-prefix: city/#\n", "uplink.topic-prefix: 'city/#' is not a topic prefix");
        cases.forEach((yaml, expected) -> {
            SiteFile.Result r = parse("uplink:\n  broker: ssl://mqtt.example.org:8883\n" + yaml);
            assertTrue(problems(r).stream().anyMatch(p -> p.contains(expected)), yaml + " -> " + problems(r));
            assertTrue(r.config().orElseThrow().uplink().isEmpty(), "an uplink with a problem does not run: " + yaml);
        });
        SiteFile.Result missing = parse("uplink:\n  format: json\n");
        assertTrue(problems(missing).stream().anyMatch(p -> p.contains("uplink.broker: is missing")), problems(missing)
                .toString());
    }

    @Test
    void theLeanFormatsExampleOfTheUplinkPageIsValidAndWithoutItThereIsNoBudget() throws Exception {
        String page = Files.readString(Path.of("../../docs/uplink.md"));
        Matcher m = Pattern.compile("```yaml\\n(uplink:[^`]*?format: senml-cbor.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "docs/uplink.md has an uplink: example of the lean format");
        UplinkConfig u = uplink(m.group(1));
        assertEquals("senml-cbor", u.format());
        assertEquals(new UplinkConfig.Pack(Duration.ofMinutes(15), 64 * 1024, "deflate"), u.pack());
        assertEquals(new UplinkConfig.Budget(50_000_000, "month"), u.budget());

        UplinkConfig plain = uplink("uplink:\n  broker: ssl://mqtt.example.org:8883\n");
        assertEquals(UplinkConfig.Pack.DEFAULT, plain.pack());
        assertEquals(UplinkConfig.Budget.NONE, plain.budget());
        assertEquals(new UplinkConfig.Budget(2_000_000, "day"),
                uplink("uplink:\n  broker: ssl://mqtt.example.org:8883\n  budget: 2 MB / day\n").budget());
    }

    @Test
    void eachMistakeInThePackOrTheBudgetNamesTheKeyTheValueAndWhatWouldBeValid() {
        Map<String, String> cases = Map.of(
                "  format: senml-cbr\n", "uplink.format: 'senml-cbr' is not a payload format; did you mean "
                        + "'senml-cbor'?",
                "  format: senml\n", "uplink.format: 'senml' is not a payload format; Valid: json (documented JSON), "
                        + "sparkplug (Sparkplug B 3.0), senml-cbor",
                "  pack: { compression: gzip }\n", "uplink.pack.compression: 'gzip' is not a compression the lean "
                        + "format knows; valid: deflate (default), none",
                "  pack: { max-size: 100 }\n", "uplink.pack.max-size: '100' is outside 1KiB..1MiB",
                "  pack: { window: 2h }\n", "uplink.pack.window: '2h'",
                "  pack: { size: 1KiB }\n", "uplink.pack.size: is not a known key",
                "  budget: 50MB\n", "uplink.budget: '50MB' is not an allowance; write a size per day or month, e.g. "
                        + "50MB/month or 2MB/day",
                "  budget: 50MB/week\n", "uplink.budget: '50MB/week' is not an allowance",
                "  budget: 10kB/day\n", "uplink.budget: '10kB/day' is outside 64KiB..1024GiB per day or month");
        cases.forEach((yaml, expected) -> {
            SiteFile.Result r = parse("uplink:\n  broker: ssl://mqtt.example.org:8883\n" + yaml);
            assertTrue(problems(r).stream().anyMatch(p -> p.contains(expected)), yaml + " -> " + problems(r));
            assertTrue(r.config().orElseThrow().uplink().isEmpty(), "an uplink with a problem does not run: " + yaml);
        });
    }

    @Test
    void sizesReadInDecimalAndBinaryUnits() {
        assertEquals(Optional.of(64L << 20), UplinkSection.parseSize("64MiB"));
        assertEquals(Optional.of(500_000_000L), UplinkSection.parseSize("500 MB"));
        assertEquals(Optional.of(1L << 30), UplinkSection.parseSize("1GiB"));
        assertEquals(Optional.of(65_536L), UplinkSection.parseSize("65536"));
        assertEquals(Optional.of(1_500_000L), UplinkSection.parseSize("1.5MB"));
        assertEquals(Optional.empty(), UplinkSection.parseSize("64 megabytes"));
    }

    @Test
    void itBecomesTheStreetgateUplinkConfigurationWithPlainValues() {
        SiteConfig site = parse("uplink:\n  broker: ssl://mqtt.example.org:8883\n  format: sparkplug\n"
                + "  group: harbour\n  username: pole-0042\n  password-file: /etc/streetgate/uplink.password\n"
                + "  store: { max-size: 256MiB }\n  reconnect: { min: 1s, max: 10m }\n").config().orElseThrow();
        ConfigAdminMapping.Entry e = ConfigAdminMapping.entries(site).stream()
                .filter(x -> x.pid().equals("streetgate.uplink")).findFirst().orElseThrow();
        Map<String, Object> p = e.properties();
        assertEquals("pole-0042", p.get("node.id"));
        assertEquals(true, p.get("enabled"));
        assertEquals("sparkplug", p.get("format"));
        assertEquals("harbour", p.get("group"));
        assertEquals("/etc/streetgate/uplink.password", p.get("password.file"));
        assertEquals(256L << 20, p.get("store.max.bytes"));
        assertEquals(1000L, p.get("reconnect.min.ms"));
        assertEquals(600_000L, p.get("reconnect.max.ms"));
        assertEquals(900_000L, p.get("pack.window.ms"));
        assertEquals(65_536L, p.get("pack.max.bytes"));
        assertEquals("deflate", p.get("pack.compression"));
        assertEquals(0L, p.get("budget.bytes"), "no budget");
        assertEquals("month", p.get("budget.period"));
        p.values().forEach(v -> assertTrue(v instanceof String || v instanceof Long || v instanceof Boolean,
                "Config Admin types only: " + v.getClass()));
    }

    static final String OPS_KEY = "MCowBQYDK2VwAyEA9TIdpvVuXF9d3pjMDt3L2949FLaWUt624HjwfGNYBJM=";

    @Test
    void commandsAreFreshWithinTenMinutesAndUnsignedAllowedUnlessTheSiteFileAsks() {
        UplinkConfig d = uplink("uplink:\n  broker: ssl://mqtt.example.org\n");
        assertEquals(UplinkConfig.Commands.DEFAULT, d.commands());
        assertEquals(Duration.ofMinutes(10), d.commands().maxAge());
        assertEquals(60, d.commands().perMinute());
        assertFalse(d.commands().requireSignature());

        UplinkConfig u = uplink("uplink:\n  broker: ssl://mqtt.example.org\n  commands:\n    max-age: 2m\n"
                + "    per-minute: 20\n    require-signature: true\n    keys:\n      ops-console: " + OPS_KEY + "\n");
        assertEquals(new UplinkConfig.Commands(Duration.ofMinutes(2), 20, true, Map.of("ops-console", OPS_KEY)),
                u.commands());
        Map<String, Object> p = ConfigAdminMapping.entries(parse("uplink:\n  broker: ssl://mqtt.example.org\n"
                + "  commands:\n    require-signature: true\n    keys:\n      ops-console: " + OPS_KEY + "\n      b: "
                + OPS_KEY + "\n").config().orElseThrow()).stream().filter(x -> x.pid().equals("streetgate.uplink"))
                .findFirst().orElseThrow().properties();
        assertEquals("b=" + OPS_KEY + ",ops-console=" + OPS_KEY, p.get("commands.keys"));
        assertEquals(true, p.get("commands.require.signature"));
        assertEquals(600_000L, p.get("commands.max.age.ms"));
        assertEquals(OPS_KEY, java.util.Base64.getEncoder().encodeToString(CommandKeys.publicKey(OPS_KEY).getEncoded()));
    }

    @Test
    void aCommandKeyThatIsNotAnEd25519PublicKeyOrSignaturesWithoutKeysAreRefused() {
        Map<String, String> cases = Map.of(
                "    keys: { ops: not-base64! }\n", "uplink.commands.keys.ops: 'not-base64!' is not base64",
                "    keys: { ops: AAAA }\n", "uplink.commands.keys.ops: 'AAAA' is not an Ed25519 public key (3 bytes)",
                "    keys: { \"ops console\": " + OPS_KEY + " }\n", "uplink.commands.keys.ops console: is not a key name",
                "    require-signature: true\n", "uplink.commands.require-signature: 'true' but commands.keys lists no key",
                "    max-age: 0s\n", "uplink.commands.max-age: '0s' is outside",
                "    per-minte: 5\n", "uplink.commands.per-minte: is not a known key; did you mean 'per-minute'?");
        cases.forEach((yaml, expected) -> {
            SiteFile.Result r = parse("uplink:\n  broker: ssl://mqtt.example.org:8883\n  commands:\n" + yaml);
            assertTrue(problems(r).stream().anyMatch(x -> x.contains(expected)), yaml + " -> " + problems(r));
            assertTrue(r.config().orElseThrow().uplink().isEmpty(), "an uplink with a problem does not run: " + yaml);
        });
    }

    @Test
    void sparkplugWaitsForNoHostAndPublishesWithQos0UnlessTheSiteFileAsks() {
        UplinkConfig d = uplink("uplink:\n  broker: ssl://mqtt.example.org\n");
        assertEquals(UplinkConfig.Sparkplug.DEFAULT, d.sparkplug());
        assertEquals("", d.sparkplug().primaryHost());
        assertEquals(0, d.sparkplug().qos(), "Sparkplug 3.0 asks QoS 0 for births and data");

        SiteConfig site = parse("uplink:\n  broker: ssl://mqtt.example.org\n  format: sparkplug\n"
                + "  sparkplug:\n    primary-host: scada-1\n    qos: 1\n").config().orElseThrow();
        assertEquals(new UplinkConfig.Sparkplug("scada-1", 1), site.uplink().orElseThrow().sparkplug());
        Map<String, Object> p = ConfigAdminMapping.entries(site).stream()
                .filter(x -> x.pid().equals("streetgate.uplink")).findFirst().orElseThrow().properties();
        assertEquals("scada-1", p.get("sparkplug.primary.host"));
        assertEquals(1L, p.get("sparkplug.qos"));
    }

    @Test
    void aPrimaryHostIdThatIsNotOneTopicLevelOrAQosOtherThan0Or1IsRefused() {
        Map<String, String> cases = Map.of(
                "    primary-host: scada/1\n", "uplink.sparkplug.primary-host: 'scada/1' is not a Sparkplug host id",
                "    qos: 2\n", "uplink.sparkplug.qos: '2' is outside",
                "    primary-hots: scada\n", "uplink.sparkplug.primary-hots: is not a known key; did you mean 'primary-host'?");
        cases.forEach((yaml, expected) -> {
            SiteFile.Result r = parse("uplink:\n  broker: ssl://mqtt.example.org:8883\n  sparkplug:\n" + yaml);
            assertTrue(problems(r).stream().anyMatch(x -> x.contains(expected)), yaml + " -> " + problems(r));
            assertTrue(r.config().orElseThrow().uplink().isEmpty(), "an uplink with a problem does not run: " + yaml);
        });
    }
}
