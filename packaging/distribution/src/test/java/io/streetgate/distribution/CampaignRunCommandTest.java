package io.streetgate.distribution;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.gateway.time.ClockRule;
import io.streetgate.ota.campaign.Campaign;
import io.streetgate.ota.campaign.CampaignFile;
import io.streetgate.ota.campaign.CampaignSpec;
import io.streetgate.ota.campaign.MaintenanceWindow;
import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.OtaMessages;
import io.streetgate.ota.message.UpdateState;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.Broker;
import io.streetgate.uplink.Uplink;
import io.streetgate.uplink.UplinkSettings;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streetgate ota campaign run} against mosquitto over TLS with a password file, as ops run it. The nodes
 * are played by an MQTT client with a pole's account that answers each notice on the node's notice topic with
 * the reports an agent sends, in the uplink's JSON form on the uplink's topic (the end-to-end test with real
 * gateways is {@code OtaCampaignIT}); in the mixed fleet the nodes are real uplinks, one JSON, one Sparkplug B.
 */
class CampaignRunCommandTest {

    static final List<String> NODES = IntStream.rangeClosed(1, 5).mapToObj(i -> "pole-" + i).toList();
    static final String SHA = "9f2c6a0e4bd1c1b2a83e5c6f0d0f1b4e9b1f2a7c3d4e5f60718293a4b5c6d7e8";

    @TempDir
    Path dir;
    UplinkPeers peers;
    Nodes nodes;
    Path passwordFile;

    /** Pole agents on MQTT: each update notice is answered with downloading, ..., then the node's outcome. */
    static final class Nodes implements AutoCloseable {
        final MqttClient client;
        final Map<String, List<CampaignNotice>> heard = new ConcurrentHashMap<>();
        final Set<String> rollBack = ConcurrentHashMap.newKeySet();
        volatile long seq;

        Nodes(UplinkPeers peers) throws Exception {
            client = new MqttClient(peers.url(), "poles", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(peers.tls());
            o.setUserName(UplinkPeers.USER);
            o.setPassword(UplinkPeers.PASSWORD.toCharArray());
            client.connect(o);
            client.subscribe("streetgate/+/ota-notice", 1, (topic, m) -> {
                if (m.getPayload().length == 0) {
                    return;
                }
                String node = topic.split("/")[1];
                if (!NODES.contains(node)) {
                    return; // a real uplink's notice (the mixed fleet)
                }
                CampaignNotice n = OtaMessages.noticeFromJson(m.getPayload());
                heard.computeIfAbsent(node, k -> new CopyOnWriteArrayList<>()).add(n);
                if (n.action() == CampaignNotice.Action.UPDATE) {
                    new Thread(() -> answer(node, n)).start(); // never publish on Paho's callback thread
                }
            });
        }

        private void answer(String node, CampaignNotice n) {
            try {
                for (UpdateState s : List.of(UpdateState.PENDING, UpdateState.DOWNLOADING, UpdateState.INSTALLED,
                        UpdateState.AWAITING_HEALTH)) {
                    report(node, n, s, null);
                }
                if (rollBack.contains(node)) {
                    report(node, n, UpdateState.ROLLED_BACK, "health check failed: bundles not active: io.streetgate.control");
                } else {
                    report(node, n, UpdateState.COMMITTED, null);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        /** As the agent's report leaves a gateway: privacy gate, then the uplink's JSON on its topic. */
        synchronized void report(String node, CampaignNotice n, UpdateState s, String reason) throws Exception {
            UplinkMessage message = reportMessage(node, n, s, reason);
            client.publish(UplinkJson.topic("streetgate", node, message), UplinkJson.encode(node, message, ++seq, "e1"), 1, false);
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }

    /** A node's OTA report as the agent hands it to the uplink: through the privacy gate with the node's lists. */
    static UplinkMessage reportMessage(String node, CampaignNotice n, UpdateState s, String reason) {
        NodeReport r = new NodeReport(node, n.campaignId(), s, n.version(), "1.3.0", 0, 0, reason, Instant.now());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sourceId", node);
        fields.putAll(OtaMessages.reportFields(r));
        AnalyticsRecord record = new AnalyticsRecord() {
            @Override
            public String kind() {
                return NodeOutputs.OTA;
            }

            @Override
            public String sourceId() {
                return node;
            }

            @Override
            public Map<String, Object> fields() {
                return fields;
            }
        };
        return NodeOutputs.gate().filter(record).orElseThrow();
    }

    /**
     * A real uplink (the bundle's exported API, as the fleet runs one) in the given format, whose command handler
     * plays the OTA agent: an update notice is answered with the agent's reports, stored and forwarded by the
     * uplink like any record.
     */
    static final class UplinkNode implements CommandHandler, AutoCloseable {
        final String node;
        final Uplink uplink;
        final List<Command> heard = new CopyOnWriteArrayList<>();

        UplinkNode(UplinkPeers peers, Path dir, String node, String format) {
            this.node = node;
            TimeBase time = TimeBase.system();
            ClockCheck clock = ClockRule.simulated(time.now(), ClockRule.BACKWARDS_TOLERANCE).check(time::now);
            UplinkSettings settings = UplinkSettings.builder(node).format(format).group("harbour")
                    .sending(new UplinkSettings.Sending(16, Duration.ofMillis(200), Duration.ofSeconds(2))).build();
            Broker broker = new Broker(URI.create(peers.url()), "5", node, UplinkPeers.USER,
                    UplinkPeers.PASSWORD.toCharArray(), Broker.tls(peers.caPem, null, null), Duration.ofSeconds(30),
                    Duration.ofHours(1));
            uplink = Uplink.open(settings, broker, dir.resolve(node + ".db"), 16L << 20, new HealthRegistryImpl(),
                    time, clock, new SplittableRandom(7));
            uplink.answer(this);
            uplink.start();
        }

        @Override
        public Set<String> commands() {
            return Set.of(Command.OTA_CAMPAIGN);
        }

        @Override
        public CommandResult handle(Command command) {
            heard.add(command);
            CampaignNotice n = OtaMessages.notice(command.arguments());
            if (n.action() == CampaignNotice.Action.UPDATE) {
                for (UpdateState s : List.of(UpdateState.PENDING, UpdateState.DOWNLOADING, UpdateState.INSTALLED,
                        UpdateState.AWAITING_HEALTH, UpdateState.COMMITTED)) {
                    uplink.send(reportMessage(node, n, s, null));
                }
            }
            return CommandResult.done(n.describe() + " taken", Map.of());
        }

        @Override
        public void close() {
            uplink.close();
        }
    }

    @BeforeEach
    void peers() throws Exception {
        peers = UplinkPeers.start(dir.resolve("peers"));
        nodes = new Nodes(peers);
        passwordFile = dir.resolve("ops.password");
        Files.writeString(passwordFile, "ops-pass\n");
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
        peers.close();
    }

    /** A campaign over the five nodes: a canary of one (20%), then the rest. */
    Path campaign() throws Exception {
        Path f = dir.resolve("spring.json");
        CampaignFile.save(new Campaign(new CampaignSpec("spring", "bundles/gateway-1.4.0.zip", "1.4.0", SHA,
                List.of(20, 100), 0.05, MaintenanceWindow.ALWAYS, Duration.ofHours(1)), NODES), f);
        return f;
    }

    record Run(int code, String out, String err) {
    }

    Run run(Path campaign, String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("ota", "campaign", "run", "--file", campaign.toString(),
                "--broker", peers.url(), "--ca-file", peers.caPem.toString(), "--username", "ops",
                "--password-file", passwordFile.toString()));
        args.addAll(List.of(more));
        int code = cli.execute(args.toArray(new String[0]));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aGoodReleaseGoesPhaseByPhaseUntilEveryNodeCommitted() throws Exception {
        Path f = campaign();
        Run r = run(f, "--for", "5m");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("phase 1 (20%, 1 nodes): committed 1"), r.out());
        assertTrue(r.out().contains("phase 2 (100%, 4 nodes): committed 4"), r.out());
        assertTrue(r.out().contains("phase 2 of 2  admitted 5 of 5 nodes  failures 0  finished"), r.out());
        assertTrue(r.out().startsWith("connected to " + peers.url() + "; reports from streetgate/+/ota/+"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("-- \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")), r.out());
        assertTrue(CampaignFile.load(f).finished(), "the file says finished");
        assertEquals(Set.copyOf(NODES), nodes.heard.keySet());
        assertTrue(nodes.heard.values().stream().allMatch(l -> l.size() == 1), nodes.heard.toString());
        assertTrue(Files.getPosixFilePermissions(passwordFile).stream().noneMatch(p -> p.name().startsWith("GROUP")
                || p.name().startsWith("OTHERS")), "the password file is made owner-only");
        assertTrue(!r.out().contains("ops-pass") && !r.err().contains("ops-pass"));
    }

    @Test
    void aRolledBackCanaryHeardAfterARestartHaltsTheCampaignAndNoOtherNodeIsTold() throws Exception {
        Path f = campaign();
        String canary = new Campaign(CampaignFile.load(f).spec(), NODES).order().get(0);
        nodes.rollBack.add(canary);
        Run first = run(f, "--once");
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("posted update notice to " + canary), first.out());

        // the canary answers while the command is stopped: its session at the broker keeps the reports
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (nodes.seq < 5 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Run second = run(f, "--for", "5m");
        assertEquals(1, second.code(), "a halted campaign exits 1: " + second.out() + second.err());
        assertTrue(second.out().contains("HALTED: failure rate 100.0% (1 of 1 admitted nodes) is above the threshold 5.0%"),
                second.out());
        assertTrue(second.out().contains(canary + " rolled_back: health check failed: bundles not active: io.streetgate.control"),
                second.out());
        assertTrue(second.out().contains("posted halt notice to " + canary), second.out());
        assertEquals(Set.of(canary), nodes.heard.keySet(), "no other node was told");
        List<CampaignNotice> told = nodes.heard.get(canary);
        long waitHalt = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (told.size() < 2 && System.nanoTime() < waitHalt) {
            Thread.sleep(50);
        }
        assertEquals(List.of(CampaignNotice.Action.UPDATE, CampaignNotice.Action.HALT),
                told.stream().map(CampaignNotice::action).toList());
    }

    @Test
    void aFleetMixingJsonAndSparkplugUplinksHearsItsNoticesAndReportsBackUntilFinished() throws Exception {
        Path f = dir.resolve("mixed.json");
        CampaignFile.save(new Campaign(new CampaignSpec("mixed", "bundles/gateway-1.4.0.zip", "1.4.0", SHA,
                List.of(50, 100), 0.05, MaintenanceWindow.ALWAYS, Duration.ofHours(1)), List.of("pole-json", "pole-spb")), f);
        try (UplinkNode json = new UplinkNode(peers, dir, "pole-json", "json");
             UplinkNode sparkplug = new UplinkNode(peers, dir, "pole-spb", "sparkplug")) {
            Run r = run(f, "--for", "5m");
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("phase 2 of 2  admitted 2 of 2 nodes  failures 0  finished"), r.out());
            assertTrue(CampaignFile.load(f).finished(), "the file says finished");
            for (UplinkNode n : List.of(json, sparkplug)) {
                assertEquals(1, n.heard.size(), n.node + " heard " + n.heard);
                assertEquals("mqtt:streetgate/" + n.node + "/ota-notice", n.heard.get(0).origin(),
                        "the notice came through the node's own uplink, on its notice topic");
            }
            assertTrue(sparkplug.uplink.stats().published() > 5, "the Sparkplug node's births and reports went out: "
                    + sparkplug.uplink.stats());
        }
    }

    @Test
    void aUserWithoutAPasswordFileOrAPlainTcpBrokerIsRefusedWithTheFix() throws Exception {
        Path f = campaign();
        StringWriter err = new StringWriter();
        CommandLine cli = Streetgate.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(1, cli.execute("ota", "campaign", "run", "--file", f.toString(), "--broker", peers.url(),
                "--username", "ops"));
        assertTrue(err.toString().contains("--username ops needs --password-file FILE"), err.toString());
        assertEquals(1, cli.execute("ota", "campaign", "run", "--file", f.toString(), "--broker", "tcp://127.0.0.1:1883"));
        assertTrue(err.toString().contains("is plain TCP"), err.toString());
        assertEquals(2, cli.execute("ota", "campaign", "run", "--file", f.toString(), "--broker", peers.url(),
                "--password", "ops-pass"), "there is no password option");
    }
}
