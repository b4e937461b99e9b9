package io.streetgate.fleet;

import io.streetgate.uplink.testing.ExportedApi;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fleet uses the uplink only as another bundle could: through the packages the uplink bundle exports, as
 * bnd computed them into its manifest, and the public types there name none of the uplink's private types.
 */
class UplinkApiUseTest {

    @Test
    void theFleetNamesOnlyPackagesTheUplinkBundleExports() throws Exception {
        assertEquals(Set.of(), ExportedApi.privatePackagesNamedIn(Path.of("src/main/java")),
                "the fleet reaches into the uplink's private packages (exported: " + ExportedApi.exportedPackages() + ")");
    }

    @Test
    void theExportedTypesNameNoPrivateUplinkType() throws Exception {
        assertEquals(Set.of(), ExportedApi.leaks(), "another bundle could not call these: the types are private to the uplink");
    }
}
