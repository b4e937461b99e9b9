package io.streetgate.distribution;

import io.streetgate.ota.install.RebootRequest;
import io.streetgate.ota.testkit.RaucBundles;
import io.streetgate.ota.testkit.RaucPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.streetgate.distribution.OtaUpdateIT.lastUpdate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RAUC backend in the running gateway ({@code backend: rauc}), against the real {@code rauc} service
 * ({@link RaucPeer}: a private D-Bus, two file-backed slots, RAUC's custom bootloader backend). A signed
 * {@code .raucb} bundle is published in a TUF repository as ops publish any image; the gateway, unprivileged,
 * downloads and verifies it, has RAUC install it into slot B, makes B primary and asks for a reboot with the
 * request file the .deb's root unit acts on. The test does what that unit and the bootloader would (the process
 * ends, RAUC's service starts again booted from B) and starts the gateway again, which health-checks the trial
 * and has RAUC mark B good.
 */
class OtaRaucIT {

    private static final Duration UPDATE = Duration.ofSeconds(300);

    @TempDir
    Path dir;

    @Test
    void aSignedBundleIsInstalledIntoSlotBTriedAfterTheRebootAndCommitted() throws Exception {
        Path release = RaucBundles.releaseKey(dir, "streetgate release");
        byte[] image = RaucBundles.randomImage(11);
        Path bundle = RaucBundles.bundle(dir, release, "1.1.0", image);
        Path raucDir = Files.createDirectories(dir.resolve("rauc"));
        try (RaucPeer rauc = RaucPeer.start(raucDir, "factory 1.0.0", release.resolve("cert.pem"));
             OtaRepo repo = OtaRepo.create(dir)) {
            repo.release(bundle, "images/pole-1.1.0.raucb", "image", "1.1.0");
            String otaSection = repo.siteSection("  poll-interval: 1h\n  health-timeout: 2m\n  backend: rauc\n  rauc-conf: " + rauc.conf
                    + "\n  factory-version: 1.0.0\n");
            Path request = dir.resolve("state/ota").resolve(RebootRequest.FILE);

            try (RunningGateway gw = start(otaSection, rauc)) {
                Instant deadline = Instant.now().plus(UPDATE);
                while (!Files.exists(request)) {
                    if (Instant.now().isAfter(deadline) || !gw.isAlive()) {
                        throw new AssertionError("no reboot request within " + UPDATE + "; log:\n" + gw.logText());
                    }
                    Thread.sleep(100);
                }
                assertArrayEquals(image, Files.readAllBytes(raucDir.resolve("slot-b.img")),
                        "RAUC installed the bundle's image into slot B");
                assertEquals("B", rauc.primary(), "RAUC made B primary for the next boot");
                gw.terminate(Duration.ofSeconds(60));
            }
            // what the root unit and the bootloader do: the request is consumed, the node boots B
            Files.delete(request);
            rauc.boot("B");

            try (RunningGateway gw = start(otaSection, rauc)) {
                Map<String, Object> committed = gw.awaitStatus("1.1.0 committed after the trial boot",
                        s -> "committed".equals(lastUpdate(s, "state")), UPDATE);
                assertEquals("1.1.0", lastUpdate(committed, "running"));
                assertTrue(rauc.bootloaderLog().contains("set-state B good"), rauc.bootloaderLog());
            }
        }
    }

    private RunningGateway start(String otaSection, RaucPeer rauc) throws Exception {
        return RunningGateway.start(dir, "felix", null, 1, site -> site + otaSection, List.of(), List.of(), rauc.env);
    }
}
