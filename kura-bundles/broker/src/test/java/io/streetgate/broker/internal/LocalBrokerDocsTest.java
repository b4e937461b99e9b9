package io.streetgate.broker.internal;

import io.streetgate.broker.BrokerCredentials;
import io.streetgate.broker.BrokerCredentials.Account;
import io.streetgate.gateway.api.secret.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The subscription examples of docs/local-broker.md and the README's tour, run as written with Debian's
 * mosquitto_sub against the broker (on a free port, as the account file says): the password stays off every
 * command line, the client id is not empty and the subscription is granted QoS 1.
 */
class LocalBrokerDocsTest {

    static final Path ROOT = Path.of("../..");
    static final Path MOSQUITTO_SUB = Path.of("/usr/bin/mosquitto_sub");
    static final String TOPIC = "streetgate/pole-1/summary/env-1/temperature";
    static final String PAYLOAD = "{\"mean\":18.5}";

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private BrokerCredentials reader;

    @BeforeEach
    void start() throws Exception {
        int port = EmbeddedBrokerTest.freePort();
        reader = EmbeddedBrokerTest.account("127.0.0.1", port, Account.READER);
        broker = EmbeddedBroker.start(EmbeddedBrokerTest.account("127.0.0.1", port, Account.PUBLISHER), reader,
                Files.createDirectories(dir.resolve("moquette")));
    }

    @AfterEach
    void stop() {
        broker.stop();
    }

    @Test
    void theLocalBrokerPagesExampleWorks() throws Exception {
        String page = Files.readString(ROOT.resolve("docs/local-broker.md"));
        Matcher example = Pattern.compile("<!-- example:begin -->\\n```sh\\n(.*?)```\\n<!-- example:end -->",
                Pattern.DOTALL).matcher(page);
        assertTrue(example.find(), "the example");
        Path state = dir.resolve("var-lib-streetgate");
        run(example.group(1).replace("/var/lib/streetgate", state.toString()), state, "dashboard-");
    }

    @Test
    void theReadmesTourExampleWorks() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher lines = Pattern.compile("\\n(\\(umask 077 .*?mosquitto_sub [^\\n]*)\\n", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(lines.find(), "the README's mosquitto_sub lines");
        run(lines.group(1), dir.resolve("home/.local/state/streetgate"), "tour-");
    }

    @Test
    void noPageOfThisAreaPutsASecretOnACommandLine() throws Exception {
        Pattern passwordArgument = Pattern.compile("mosquitto_(sub|pub)\\b[^\\n]*(\\\\\\n[^\\n]*)*\\s-P\\s");
        // a token read into a command's arguments; a here-string (<<<) feeds it to standard input instead
        Pattern tokenArgument = Pattern.compile("^(?!.*<<<).*Bearer \\$\\(", Pattern.MULTILINE);
        for (String page : List.of("README.md", "docs/local-broker.md", "docs/status.md")) {
            String text = Files.readString(ROOT.resolve(page));
            assertFalse(passwordArgument.matcher(text).find(), page + " passes a password with -P");
            assertFalse(tokenArgument.matcher(text).find(), page + " puts a token into a command's arguments");
        }
    }

    /** Runs the commands with HOME in the test's folder and the reader's account file where the broker writes it. */
    private void run(String commands, Path state, String clientIdPrefix) throws Exception {
        if (!Files.isExecutable(MOSQUITTO_SUB)) {
            fail(MOSQUITTO_SUB + " is missing: install the Debian package mosquitto-clients");
        }
        Secrets.writeGroupReadable(Account.READER.file(state), reader.toFileContent());
        Path home = Files.createDirectories(dir.resolve("home"));
        // the documented subscription, made to stop after one message and to show its CONNECT and SUBACK
        String script = commands.replace("mosquitto_sub -I", "mosquitto_sub -d -C 1 -W 60 -I");
        assertTrue(script.contains("-d -C 1"), script);
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-e", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("XDG_CONFIG_HOME");
        Process bash = builder.start();
        try {
            // published until mosquitto_sub has one: its subscription starts some time after the script does
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (bash.isAlive() && System.nanoTime() < deadline) {
                broker.publish(TOPIC, PAYLOAD.getBytes(StandardCharsets.UTF_8), 1, false);
                bash.waitFor(250, TimeUnit.MILLISECONDS);
            }
            assertFalse(bash.isAlive(), "mosquitto_sub received nothing: " + Files.readString(dir.resolve("out")));
        } finally {
            bash.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("out"), StandardCharsets.UTF_8);

        assertEquals(0, bash.exitValue(), out);
        assertTrue(out.contains(TOPIC + " " + PAYLOAD), out);
        assertTrue(Pattern.compile("Client " + clientIdPrefix + "\\d+ sending CONNECT").matcher(out).find(), out);
        // mid 2 and on when mosquitto_sub reconnected after the Moquette race described in EmbeddedBrokerTest
        assertTrue(Pattern.compile("Subscribed \\(mid: \\d+\\): 1\\n").matcher(out).find(), "granted QoS 1: " + out);
        Path options = home.resolve(".config/streetgate-mqtt/mosquitto_sub");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(options)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(options.getParent())));
        assertEquals(List.of("-h 127.0.0.1", "-p " + reader.port(), "-u streetgate-reader", "-P " + reader.password()),
                Files.readAllLines(options));
    }
}
