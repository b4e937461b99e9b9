package io.streetgate.launcher;

import com.sun.net.httpserver.HttpServer;
import io.streetgate.ota.cli.OtaCommand;
import io.streetgate.ota.install.DirectoryBootControl;
import io.streetgate.ota.install.RebootRequest;
import io.streetgate.ota.install.Slot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.streetgate.launcher.GatewayRuntimeIT.part;
import static io.streetgate.launcher.OtaUpdateIT.lastUpdate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An image update in the running gateway, through the backend the site file chooses ({@code backend:
 * slot-directory}: two slots in a folder with a simulated bootloader, the one image backend that runs on any
 * machine). The gateway, unprivileged, writes the new image into slot B, arms a one-shot try-boot of B and asks for
 * a reboot with the request file the .deb's root unit acts on; the test does what that unit and the bootloader
 * would (the process ends, the bootloader boots B once) and starts the gateway again, which health-checks the trial
 * and commits it.
 */
class OtaImageSlotsIT {

    private static final Duration UPDATE = Duration.ofSeconds(300);

    @TempDir
    Path dir;
    private HttpServer web;

    @AfterEach
    void stopWeb() {
        if (web != null) {
            web.stop(0);
        }
    }

    private void ota(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OtaCommand.run(Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, code, "streetgate ota " + String.join(" ", args) + "\n" + out + err);
    }

    private int serve(Path site) throws IOException {
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        web.createContext("/", exchange -> {
            Path file = site.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            try (exchange) {
                if (!file.startsWith(site) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
        });
        web.start();
        return web.getAddress().getPort();
    }

    @Test
    void theGatewayWritesTheOtherSlotAsksForARebootAndCommitsTheTrialAfterIt() throws Exception {
        String keys = dir.resolve("keys").toString();
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            ota("keygen", "--out", keys + "/" + role);
        }
        String repo = dir.resolve("repo").toString();
        ota("init", "--repo", repo, "--root-key", keys + "/root.pub", "--targets-key", keys + "/targets.pub",
                "--snapshot-key", keys + "/snapshot.pub", "--timestamp-key", keys + "/timestamp.pub");
        ota("sign", "--repo", repo, "--role", "root", "--key", keys + "/root.key");
        Path image = dir.resolve("pole-1.1.0.img");
        Files.writeString(image, "image 1.1.0\n".repeat(5000));
        ota("add", "--repo", repo, "--file", image.toString(), "--name", "images/pole-1.1.0.img", "--kind", "image",
                "--version", "1.1.0");
        ota("sign", "--repo", repo, "--role", "targets", "--key", keys + "/targets.key");
        Path site = dir.resolve("site");
        ota("publish", "--repo", repo, "--out", site.toString(), "--snapshot-key", keys + "/snapshot.key",
                "--timestamp-key", keys + "/timestamp.key");
        Path slots = dir.resolve("slots");
        String otaSection = "\nota:\n  repository: http://127.0.0.1:" + serve(site) + "/\n  plain-http: true\n"
                + "  trusted-root: " + site.resolve("metadata/1.root.json") + "\n  install-on-poll: true\n"
                + "  poll-interval: 1h\n  health-timeout: 2m\n  backend: slot-directory\n  slots: " + slots + "\n"
                + "  factory-version: 1.0.0\n";
        Path request = dir.resolve("state/ota").resolve(RebootRequest.FILE);

        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            Instant deadline = Instant.now().plus(UPDATE);
            while (!Files.exists(request)) {
                if (Instant.now().isAfter(deadline) || !gw.isAlive()) {
                    throw new AssertionError("no reboot request within " + UPDATE + "; log:\n" + gw.logText());
                }
                Thread.sleep(100);
            }
            String bootId = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            assertEquals("reboot " + bootId + "\n", Files.readString(request));
            DirectoryBootControl boot = new DirectoryBootControl(slots);
            assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(boot.image(Slot.B)), "the image is in slot B");
            assertEquals(Slot.B, boot.pendingTryBoot(), "B is booted once at the next reboot");
            assertEquals(Slot.A, boot.committed());
            assertEquals("1.0.0", part(gw.status(), "ota").get("details") instanceof Map<?, ?> d ? d.get("running") : null,
                    "still the factory version until the reboot");
            gw.terminate(Duration.ofSeconds(60));
        }
        // what the root unit and the bootloader do: the request is consumed, the try-boot slot boots once
        Files.delete(request);
        assertEquals(Slot.B, new DirectoryBootControl(slots).powerCycle());

        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            Map<String, Object> committed = gw.awaitStatus("1.1.0 committed after the trial boot",
                    s -> "committed".equals(lastUpdate(s, "state")), UPDATE);
            assertEquals("1.1.0", lastUpdate(committed, "version"));
            assertEquals("1.1.0", lastUpdate(committed, "running"));
            assertEquals(Slot.B, new DirectoryBootControl(slots).committed(), "B is the default slot now");
            assertFalse(Files.exists(request), "a commit needs no reboot");
        }
    }
}
