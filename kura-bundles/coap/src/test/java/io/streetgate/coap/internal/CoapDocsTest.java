package io.streetgate.coap.internal;

import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.senml.MeasurementMapping;
import io.streetgate.coap.senml.SenmlLimits;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/coap.md's worked example, run as written (on a free port instead of 5684) with its key file. */
class CoapDocsTest {

    static final Path PAGE = Path.of("../../docs/coap.md");

    @TempDir
    Path dir;

    @Test
    void theWorkedExampleWorks() throws Exception {
        String page = Files.readString(PAGE);
        Matcher keys = Pattern.compile("```text\\n(# node-id.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(keys.find(), "the key file example");
        Matcher example = Pattern.compile("<!-- example:begin -->\\n```sh\\n(.*?)```\\n<!-- example:end -->",
                Pattern.DOTALL).matcher(page);
        assertTrue(example.find(), "the worked example");
        // the example key file's rpk line is abridged: keep the lines a node can use
        String keyFile = keys.group(1).lines().filter(l -> !l.contains(" rpk ")).reduce("", (a, b) -> a + b + "\n");
        CollectingSink sink = new CollectingSink();
        try (CoapIngestServer gateway = CoapIngestServer.start(new CoapIngestServer.Settings(
                InetAddress.getLoopbackAddress(), true, 0, false, 0, NodeKeys.parse(keyFile, "docs/coap.md"), null,
                SenmlLimits.DEFAULT, NodeLimits.DEFAULT, MeasurementMapping.standard(), List.of()), sink, Clock.systemUTC())) {
            String script = example.group(1).replace(":5684", ":" + gateway.secureAddress().getPort());
            CoapClientProcess.binary(CoapClientProcess.OPENSSL);
            Process bash = new ProcessBuilder("/bin/bash", "-e", "-c", script).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
            assertTrue(bash.waitFor(60, TimeUnit.SECONDS), "the example did not end");
            String out = Files.readString(dir.resolve("out"), StandardCharsets.UTF_8);

            assertEquals(0, bash.exitValue(), out);
            assertTrue(out.contains("[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":11.5,\"t\":"), out);
            sink.await("soil-17's temperature", l -> l.stream().anyMatch(m -> m.sourceId().equals("soil-17")
                    && m.quantity() == Quantity.TEMPERATURE && m.value() == 11.5), Duration.ofSeconds(10));
            assertTrue(out.contains("1 readings, skipped {UNKNOWN_QUANTITY=1}"), out);
        }
    }
}
