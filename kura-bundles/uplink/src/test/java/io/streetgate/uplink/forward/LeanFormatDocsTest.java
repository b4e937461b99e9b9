package io.streetgate.uplink.forward;

import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.payload.SenmlCborFormat;
import io.streetgate.uplink.payload.SenmlCborFormat.Compression;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.PoleBroker;
import io.streetgate.uplink.testing.SenmlRecords;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.TestClock;
import io.streetgate.uplink.testing.Uplink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two decoders of docs/uplink.md ("Decoding a pack"), Python 3 and Node.js, run as the page writes them on
 * packs the gateway published to mosquitto: each prints every record the pack was made from.
 */
class LeanFormatDocsTest {

    static final Path PAGE = Path.of("../../docs/uplink.md");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path NODE = Path.of("/usr/bin/node");
    static final Instant T0 = Instant.parse("2026-06-21T19:31:00Z");
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;
    @RegisterExtension
    static final PoleBroker broker = new PoleBroker();

    @BeforeAll
    static void peers() {
        assertTrue(Files.isExecutable(PYTHON), "the Python decoder needs /usr/bin/python3: apt-get install python3");
        assertTrue(Files.isExecutable(NODE), "the JavaScript decoder needs /usr/bin/node: apt-get install nodejs");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void bothDecodersOfThePagePrintEveryRecordOfAPackTheGatewayPublished(Compression compression) throws Exception {
        byte[] pack = publishedPack(compression);
        boolean deflated = compression == Compression.DEFLATE;
        List<SenmlRecords.Record> expected = SenmlRecords.read(pack, deflated);
        assertEquals(4 * 3 * 5, expected.size(), "4 series, 3 windows, 5 records a summary");
        for (String language : List.of("python", "javascript")) {
            Path program = work.resolve(language.equals("python") ? "senml_pack.py" : "senml-pack.js");
            Files.writeString(program, decoder(language));
            List<String> command = new ArrayList<>(List.of(
                    (language.equals("python") ? PYTHON : NODE).toString(), program.toString()));
            if (deflated) {
                command.add("--deflate");
            }
            List<String> lines = run(command, pack);
            assertEquals(expected.size(), lines.size(), language + " printed: " + lines);
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).split("\t", -1);
                SenmlRecords.Record r = expected.get(i);
                assertEquals(4, f.length, language + ": " + lines.get(i));
                assertEquals(r.name(), f[0], language);
                assertEquals(r.time(), Double.parseDouble(f[1]), 0, language + ": " + lines.get(i));
                assertEquals(((Number) r.value()).doubleValue(), Double.parseDouble(f[2]), 0,
                        language + ": " + lines.get(i));
                assertEquals(r.unit(), f[3], language);
            }
        }
    }

    /** Three windows of four series, one of them (sound_level) without a stated resolution. */
    byte[] publishedPack(Compression compression) throws Exception {
        TestClock clock = new TestClock(T0);
        String topic = "streetgate/pole-0042/" + (compression == Compression.DEFLATE ? "senml-deflate" : "senml");
        try (Subscriber sub = broker.subscriber("sub-docs-" + compression, false, topic);
             Uplink u = broker.uplink(work.resolve("store.db"), TimeBase.of(clock),
                     s -> new SenmlCborFormat("streetgate", PoleBroker.NODE, "streetgate",
                             new SenmlCborFormat.Packing(Duration.ofMinutes(5), 16 * 1024, compression)),
                     LinkSettings.Protocol.MQTT_5, new HealthRegistryImpl())) {
            u.forwarder.start();
            for (int i = 0; i < 3; i++) {
                Instant end = T0.plusSeconds(60L * i);
                u.store.append(Messages.summary("env-1", "temperature", end, 18.4 + i * 0.013));
                u.store.append(Messages.summary("env-1", "humidity", end, 61.23456 - i));
                u.store.append(Messages.summary("co2-1", "co2", end, 415.6 + i));
                u.store.append(Messages.summary("noise-1", "sound_level", end, 54.25 + i / 3.0));
            }
            clock.advance(Duration.ofMinutes(5));
            byte[] pack = sub.awaitOne("a pack", r -> r.topic().equals(topic), WAIT).payload();
            u.awaitDrained(WAIT);
            return pack;
        }
    }

    static String decoder(String language) throws Exception {
        Matcher m = Pattern.compile("<!-- decoder:" + language + ":begin -->\\n```" + language
                + "\\n(.*?)```\\n<!-- decoder:" + language + ":end -->", Pattern.DOTALL)
                .matcher(Files.readString(PAGE));
        assertTrue(m.find(), "the " + language + " decoder in " + PAGE);
        return m.group(1);
    }

    static List<String> run(List<String> command, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            p.getOutputStream().write(stdin);
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished: " + command);
            assertEquals(0, p.exitValue(), command + " said: " + out);
            return out.lines().toList();
        } finally {
            p.destroyForcibly();
        }
    }
}
