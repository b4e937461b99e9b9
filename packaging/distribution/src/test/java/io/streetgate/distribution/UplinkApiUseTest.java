package io.streetgate.distribution;

import io.streetgate.uplink.testing.ExportedApi;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The launcher ({@code ota campaign run}'s MQTT client) uses the uplink as another bundle could: only the
 * packages the uplink bundle exports, as its manifest says (the fleet's test holds the exported types to naming
 * no private one).
 */
class UplinkApiUseTest {

    @Test
    void theLauncherNamesOnlyPackagesTheUplinkBundleExports() throws Exception {
        assertEquals(Set.of(), ExportedApi.privatePackagesNamedIn(Path.of("src/main/java")),
                "the launcher reaches into the uplink's private packages (exported: " + ExportedApi.exportedPackages() + ")");
    }
}
