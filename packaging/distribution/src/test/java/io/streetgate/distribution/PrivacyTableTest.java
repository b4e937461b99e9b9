package io.streetgate.distribution;

import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The privacy page's table is what the code lets out, and the gate is the only door: no product code makes an
 * upstream message but the gate, and only the uplink's store reads one back.
 */
class PrivacyTableTest {

    private static final Path ROOT = Path.of("../..");

    @Test
    void theTableListsTheDefaultAllowListsOfTheSiteAndTheNodesOwnOutputs() throws IOException {
        PrivacyTable table = PrivacyTable.read();
        Map<String, Set<String>> expected = new LinkedHashMap<>(SiteFile.parse("node: { id: pole-1 }\n", "site.yaml",
                DeviceCatalog.installed()).config().orElseThrow().analytics().privacy().allow());
        expected.putAll(NodeOutputs.ALLOW.allow());
        Map<String, Set<String>> documented = new LinkedHashMap<>(table.kinds());
        documented.keySet().retainAll(expected.keySet());
        assertEquals(expected, documented, "docs/privacy.md's table differs from the allow-lists");
        assertTrue(table.kinds().keySet().containsAll(List.of("state", "state.parts", "state.store", "dropped",
                "result")), "the uplink's own messages are in the table: " + table.kinds().keySet());
    }

    @Test
    void thePageNamesEveryFieldThatNeverLeaves() throws IOException {
        String page = Files.readString(PrivacyTable.PAGE).replace("_", "").toLowerCase();
        for (String name : io.streetgate.analytics.privacy.PrivacyConfig.NEVER_ALLOWED) {
            assertTrue(page.contains("`" + name + "`"), name + " is not named in docs/privacy.md");
        }
    }

    @Test
    void onlyTheGateMakesAnUpstreamMessageAndOnlyTheUplinksStoreReadsOneBack() throws IOException {
        List<String> doors = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/")).toList()) {
                String code = Files.readString(f);
                String name = ROOT.relativize(f).toString();
                if (code.contains("new UplinkMessage(") && !name.endsWith("analytics/privacy/PrivacyGate.java")) {
                    doors.add(name + " makes an UplinkMessage");
                }
                if (code.contains("PrivacyGate.readBack(")
                        && !name.startsWith("kura-bundles/uplink/src/main/java/io/streetgate/uplink/store/")) {
                    doors.add(name + " reads a message back");
                }
            }
        }
        assertEquals(List.of(), doors);
    }
}
