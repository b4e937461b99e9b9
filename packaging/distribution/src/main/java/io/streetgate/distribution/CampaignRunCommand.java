package io.streetgate.distribution;

import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.ota.campaign.CampaignRunner;
import io.streetgate.ota.cli.CampaignProgress;
import io.streetgate.ota.cli.OtaCommand;
import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.CampaignState;
import io.streetgate.ota.message.OtaMessages;
import io.streetgate.ota.repo.RepoSettings;
import io.streetgate.uplink.Broker;
import io.streetgate.uplink.BrokerClient;
import io.streetgate.uplink.NoticeTopics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code streetgate ota campaign run}: a campaign against the live fleet, through the broker the gateways' uplinks
 * use and connected the way they are (TLS against a CA file, a user and a password file, Paho). Update notices
 * go out retained on each admitted node's notice topic, phase by phase; the nodes' OTA reports come back on
 * their uplink topics; the campaign file is the state (written atomically, after the notices went out), so the
 * command can be stopped and started again at any time. The MQTT side is the uplink's exported
 * {@link BrokerClient}; the campaign logic is the ota tool's ({@link CampaignRunner}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a campaign against the fleet over MQTT: posts the notices of each phase (retained, on",
                "<prefix>/<node>/ota-notice), reads the nodes' OTA reports, advances when a phase has ended, halts",
                "itself above the failure threshold (posting halt notices) and prints the progress per phase.",
                "Exits 0 when the campaign has finished (or --once/--for ended), 1 when it halted or cannot run."})
final class CampaignRunCommand implements java.util.concurrent.Callable<Integer> {

    /** How often the campaign is looked at: reports are taken as they arrive, acted on within this. */
    static final Duration STEP = Duration.ofSeconds(1);
    /** How long a notice's publication may wait for the broker's PUBACK. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    /** How long to wait after a connection whose subscriptions failed. */
    static final Duration RETRY = Duration.ofSeconds(10);

    @Option(names = "--file", required = true, paramLabel = "FILE.json", description = "The campaign (ota campaign create).")
    Path file;
    @Option(names = "--broker", required = true, paramLabel = "ssl://HOST:PORT", description = "The broker the gateways' uplinks use.")
    URI broker;
    @Option(names = "--ca-file", paramLabel = "PEM", description = "The CA the broker's certificate must chain to (default: the JVM's CAs).")
    Path caFile;
    @Option(names = "--username", description = "The broker user of ops.")
    String username;
    @Option(names = "--password-file", paramLabel = "FILE", description = "The password on its first line (made owner-only; never printed).")
    Path passwordFile;
    @Option(names = "--client-cert", paramLabel = "PEM", description = "A client certificate chain to present.")
    Path clientCert;
    @Option(names = "--client-key", paramLabel = "PEM", description = "Its PKCS#8 key (made owner-only).")
    Path clientKey;
    @Option(names = "--plain-tcp", description = "Allow tcp:// (no TLS): the password and the notices cross the network unencrypted.")
    boolean plainTcp;
    @Option(names = "--protocol", defaultValue = "5", description = "MQTT 5 or 3.1.1 (default: ${DEFAULT-VALUE}).")
    String protocol;
    @Option(names = "--topic-prefix", defaultValue = "streetgate", description = "The uplinks' topic-prefix (default: ${DEFAULT-VALUE}).")
    String prefix;
    @Option(names = "--client-id", description = "The MQTT client id (default: ota-campaign-<campaign id>); its session keeps reports while the command is stopped.")
    String clientId;
    @Option(names = "--once", description = "One step: read the reports waiting, post what is due, print, exit.")
    boolean once;
    @Option(names = "--for", paramLabel = "DURATION", description = "Stop after this long (e.g. 30m, 8h); run again to go on.")
    String runFor;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    CampaignRunCommand() {
        this(Clock.systemUTC());
    }

    CampaignRunCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant deadline = runFor == null ? null : clock.instant().plus(RepoSettings.parseDuration(runFor, "--for"));
        Connection link = new Connection(prefix);
        CampaignRunner runner = new CampaignRunner(file, link::post);
        BrokerClient client = new BrokerClient(broker(runner.campaignId()), new Random());
        boolean everConnected = false;
        Object shown = null;
        try {
            while (true) {
                if (!link.isUp()) {
                    try {
                        link.open(client, runner);
                        everConnected = true;
                        out.printf("connected to %s; reports from %s%n", broker, link.reportFilter());
                    } catch (BrokerClient.ConnectFailed | IOException e) {
                        if (!everConnected && e instanceof BrokerClient.ConnectFailed f && f.needsOperator()) {
                            throw new IllegalArgumentException(e.getMessage(), e);
                        }
                        // connected, but subscribing or the echo failed: the broker's side, tried again as a lost link
                        Duration wait = e instanceof BrokerClient.ConnectFailed f ? f.retryIn() : RETRY;
                        err.printf("ota campaign run: %s; trying again in %d s%n", e.getMessage(), wait.toSeconds());
                        err.flush();
                        if (pastDeadline(deadline)) {
                            return OtaCommand.FAILED;
                        }
                        Thread.sleep(wait.toMillis());
                        continue;
                    }
                }
                CampaignRunner.Step step;
                try {
                    step = runner.step(clock.instant());
                } catch (IOException e) {
                    if (link.isUp()) {
                        throw e; // the campaign file itself
                    }
                    err.println("ota campaign run: the connection was lost while posting notices (" + e.getMessage()
                            + "); they are posted again once connected");
                    continue;
                }
                Object now = changes(step.state());
                if (!now.equals(shown)) {
                    shown = now;
                    show(step, runner, out);
                    link.publishState(step.state());
                }
                if (runner.done()) {
                    return step.state().halted() ? OtaCommand.FAILED : OtaCommand.OK;
                }
                if (once) {
                    return OtaCommand.OK;
                }
                if (pastDeadline(deadline)) {
                    out.printf("stopped after --for %s; the campaign goes on where it is when run again%n", runFor);
                    return OtaCommand.OK;
                }
                Thread.sleep(STEP.toMillis());
            }
        } finally {
            link.close();
            // the broker counts what it handed over as delivered: reports heard since the last step go to the file
            runner.keepHeard();
            out.flush();
        }
    }

    private boolean pastDeadline(Instant deadline) {
        return deadline != null && !clock.instant().isBefore(deadline);
    }

    /** What the printed progress shows, without the time it was taken: printed again only when it changed. */
    private static Object changes(CampaignState s) {
        return List.of(s.status(), s.phase(), s.byPhase(), s.issues(), Objects.toString(s.haltReason()));
    }

    private void show(CampaignRunner.Step step, CampaignRunner runner, PrintWriter out) {
        out.println("-- " + step.state().at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        for (io.streetgate.ota.campaign.Campaign.Addressed a : step.posted()) {
            out.printf("posted %s notice to %s%n", a.notice().action().name().toLowerCase(java.util.Locale.ROOT), a.nodeId());
        }
        CampaignProgress.print(step.state(), out);
        if (!runner.refused().isEmpty()) {
            out.println("  reports not read: " + runner.refused());
        }
        out.flush();
    }

    /** The uplink's rules for the connection (MqttConnectionComponent's), from this command's options. */
    Broker broker(String campaignId) throws IOException {
        if ("tcp".equals(broker.getScheme()) && !plainTcp) {
            throw new IllegalArgumentException("--broker " + broker + " is plain TCP: the password and the notices "
                    + "would cross the network unencrypted; use ssl://HOST:8883, or add --plain-tcp on a trusted network");
        }
        if (username != null && passwordFile == null) {
            throw new IllegalArgumentException("--username " + username + " needs --password-file FILE (the password on "
                    + "its first line, owner-only); a password is never given on the command line");
        }
        javax.net.ssl.SSLSocketFactory tls = null;
        if ("ssl".equals(broker.getScheme())) {
            if (clientKey != null) {
                Broker.ownerOnly(clientKey, "client key");
            }
            tls = Broker.tls(caFile, clientCert, clientKey);
        }
        char[] password = passwordFile == null ? null : Broker.password(passwordFile);
        String id = clientId != null ? clientId : "ota-campaign-" + campaignId;
        // a session kept for a week: reports sent while the command is stopped wait at the broker
        return new Broker(broker, protocol, id, username, password, tls, Duration.ofSeconds(30), Duration.ofDays(7));
    }

    /** The one connection: notices out, reports in, the campaign's state retained for other consoles. */
    static final class Connection {
        private final String prefix;
        private BrokerClient client;
        private String stateTopic;

        Connection(String prefix) {
            this.prefix = prefix;
        }

        String reportFilter() {
            // the uplink's JSON topic of an OTA report: <prefix>/<node>/ota/<node> (UplinkJson.topic)
            return UplinkJson.topic(prefix, "+", NodeOutputs.OTA, "+", null);
        }

        boolean isUp() {
            return client != null && client.isConnected();
        }

        /** Connects, subscribes to the reports and waits until those the broker kept for us have been heard. */
        void open(BrokerClient to, CampaignRunner runner)
                throws BrokerClient.ConnectFailed, IOException, InterruptedException {
            close();
            stateTopic = prefix + "/ota-campaign/" + runner.campaignId() + "/state";
            String syncTopic = prefix + "/ota-campaign/" + runner.campaignId() + "/sync";
            byte[] marker = Long.toString(System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
            CountDownLatch synced = new CountDownLatch(1);
            to.connect(syncTopic, (topic, payload) -> {
                if (topic.equals(syncTopic)) {
                    if (java.util.Arrays.equals(payload, marker)) {
                        synced.countDown();
                    }
                } else {
                    runner.hear(payload);
                }
            });
            client = to;
            try {
                to.subscribe(reportFilter());
                to.subscribe(syncTopic);
                // once our own marker is back, the reports our session kept while we were away have been heard:
                // mosquitto hands a resumed session's queue out before anything published later (the standard
                // orders messages per topic only, MQTT 5.0 section 4.6: elsewhere --once may see one a run later)
                to.publish(syncTopic, marker, false);
                if (!synced.await(PUBLISH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IOException("the broker did not echo our own message on " + syncTopic + " within "
                            + PUBLISH_TIMEOUT.toSeconds() + " s; is subscribing allowed there?");
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        /** A notice, retained on the node's notice topic, once the broker has it. */
        void post(String node, CampaignNotice notice) throws IOException {
            publish(NoticeTopics.node(prefix, node), OtaMessages.bytes(OtaMessages.toJson(notice)));
        }

        void publishState(CampaignState state) {
            try {
                publish(stateTopic, OtaMessages.bytes(OtaMessages.toJson(state)));
            } catch (IOException e) {
                // the console's copy only; the file has the state
            }
        }

        private void publish(String topic, byte[] payload) throws IOException {
            if (client == null) {
                throw new IOException("not connected");
            }
            client.publish(topic, payload, true);
        }

        void close() {
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }
}
