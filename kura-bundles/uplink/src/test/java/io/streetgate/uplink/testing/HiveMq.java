package io.streetgate.uplink.testing;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ Community Edition, embedded in the test's JVM (its class files are for Java 11), with a TLS listener on
 * 127.0.0.1 and a free port (the test CA's server certificate in a PKCS#12 key store), its default file
 * persistence in the test's folder (sessions, subscriptions and queued messages survive {@link #stop()} and
 * {@link #start()}) and its other defaults, which are what a city running HiveMQ CE meets: at most 1000 queued
 * messages per client session (the newest are discarded beyond that), a Receive Maximum of 10.
 * <p>
 * HiveMQ CE checks no passwords itself: its extension SDK's {@link SimpleAuthenticator} does, as a city's own
 * extension would; a wrong user name or password is answered "bad user name or password" (MQTT 5 reason code
 * 0x86, 3.1.1 return code 4).
 */
public final class HiveMq implements TestBroker {

    private final Path dir;
    private final Map<String, String> users;
    public final int port;
    private EmbeddedHiveMQ hivemq;

    private HiveMq(Path dir, Map<String, String> users, int port) {
        this.dir = dir;
        this.users = Map.copyOf(users);
        this.port = port;
    }

    public static HiveMq start(Path dir, TestPki pki, Map<String, String> users) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("extensions"));
        String password = "key-store-" + Long.toHexString(System.nanoTime());
        Path keyStore = pki.serverKeyStore(dir.resolve("server.p12"), password);
        int port = Mosquitto.freePort();
        // the configuration file's elements: HiveMQ CE's config.xsd (hivemq-community-edition, src/main/resources)
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tls-tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                      <tls>
                        <keystore>
                          <path>%s</path>
                          <password>%s</password>
                          <private-key-password>%s</private-key-password>
                        </keystore>
                      </tls>
                    </tls-tcp-listener>
                  </listeners>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, keyStore, password, password));
        HiveMq broker = new HiveMq(dir, users, port);
        broker.start();
        return broker;
    }

    @Override
    public String name() {
        String version = EmbeddedHiveMQ.class.getPackage().getImplementationVersion(); // its jar's manifest
        return "HiveMQ CE " + (version != null ? version : "(version unknown)") + " (embedded)";
    }

    @Override
    public String url() {
        return "ssl://localhost:" + port;
    }

    @Override
    public synchronized void start() throws Exception {
        if (hivemq != null) {
            return;
        }
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(dir.resolve("conf"))
                .withDataFolder(dir.resolve("data"))
                .withExtensionsFolder(dir.resolve("extensions"))
                .withEmbeddedExtension(EmbeddedExtension.builder().withId("streetgate-test-passwords")
                        .withName("streetgate test passwords").withVersion("1").withAuthor("streetgate")
                        .withPriority(0).withStartPriority(0).withExtensionMain(new Passwords(users)).build())
                .withoutLoggingBootstrap() // it would replace the test's logback configuration
                .build();
        hivemq.start().get(60, TimeUnit.SECONDS);
        TestBroker.awaitListening(port, "HiveMQ");
    }

    /** Stops the broker; a stopped EmbeddedHiveMQ is not started again: {@link #start()} builds a new one. */
    @Override
    public synchronized void stop() throws Exception {
        if (hivemq != null) {
            try {
                hivemq.stop().get(60, TimeUnit.SECONDS);
            } finally {
                hivemq.close();
                hivemq = null;
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return hivemq != null;
    }

    @Override
    public String log() {
        return "(HiveMQ logs to the test's log)";
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** The user names and passwords the broker accepts. */
    private static final class Passwords implements ExtensionMain {
        private final Map<String, String> users;

        Passwords(Map<String, String> users) {
            this.users = users;
        }

        @Override
        public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
            Services.securityRegistry().setAuthenticatorProvider(provider -> (SimpleAuthenticator) (input, output) -> {
                String user = input.getConnectPacket().getUserName().orElse(null);
                String given = input.getConnectPacket().getPassword().map(Passwords::text).orElse(null);
                if (user != null && given != null && given.equals(users.get(user))) {
                    output.authenticateSuccessfully();
                } else {
                    output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
                }
            });
        }

        @Override
        public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {
        }

        private static String text(ByteBuffer b) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
