package io.streetgate.flash;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node table an installer writes: CSV or YAML, paths relative to it, every mistake named with its line. */
class NodeTableTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(tmp.resolve("street.yaml"), "node:\n  id: \"{{node}}\"\n");
    }

    @Test
    void csvWithOptionalColumnsInAnyOrder() throws Exception {
        Path t = tmp.resolve("nodes.csv");
        Files.writeString(t, "# street one\ndevice,node,site\n/dev/sdb,pole-0001,street.yaml\n"
                + ",pole-0002,street.yaml\n\n");
        List<NodeTable.Row> rows = NodeTable.read(t);
        assertEquals(2, rows.size());
        assertEquals(new NodeTable.Row("pole-0001", tmp.resolve("street.yaml"), "/dev/sdb", 3), rows.get(0));
        assertNull(rows.get(1).device());
    }

    @Test
    void yamlAsAListOrUnderNodes() throws Exception {
        Path t = tmp.resolve("nodes.yaml");
        Files.writeString(t, "nodes:\n  - {node: pole-0001, site: street.yaml}\n"
                + "  - node: pole-0002\n    site: street.yaml\n    device: /dev/sdc\n");
        List<NodeTable.Row> rows = NodeTable.read(t);
        assertEquals(List.of("pole-0001", "pole-0002"), rows.stream().map(NodeTable.Row::node).toList());
        assertEquals("/dev/sdc", rows.get(1).device());
    }

    @Test
    void mistakesAreNamedWithTheirLine() throws Exception {
        Path t = tmp.resolve("nodes.csv");
        Files.writeString(t, "node,site\npole-0001,street.yaml\npole-0001,street.yaml\n");
        assertTrue(message(t).contains("line 3: node 'pole-0001' appears twice (first on line 2)"), message(t));
        Files.writeString(t, "node,site\npole-0001,missing.yaml\n");
        assertTrue(message(t).contains("line 2: site file " + tmp.resolve("missing.yaml")), message(t));
        Files.writeString(t, "id,file\n");
        assertTrue(message(t).contains("the header must name the columns node and site"), message(t));
        Files.writeString(t, "node,site\npole 1,street.yaml\n");
        assertTrue(message(t).contains("line 2: node 'pole 1' is not a node id the gateway accepts; use 1-64 "
                + "lower-case letters"), message(t));
    }

    @Test
    void idsFollowTheGatewaysRuleSoTwoSpellingsOfOneNodeAreTheSameNode() throws Exception {
        Path t = tmp.resolve("nodes.csv");
        Files.writeString(t, "node,site\npole-0031,street.yaml\nPole-0031,street.yaml\nPole-0032,street.yaml\n");
        String m = message(t);
        assertTrue(m.contains("line 3: node 'Pole-0031' is not a node id the gateway accepts; ids are lower-case: "
                + "write pole-0031 (line 2 names the same node, pole-0031: remove one of the two)"), m);
        assertTrue(m.contains("line 4: node 'Pole-0032' is not a node id the gateway accepts; ids are lower-case: "
                + "write pole-0032"), "every mistake at once: " + m);

        Files.writeString(t, "node,site\nPole-0031,street.yaml\npole-0031,street.yaml\n");
        m = message(t);
        assertTrue(m.contains("line 2: node 'Pole-0031' is not a node id the gateway accepts"), m);
        assertTrue(m.contains("line 3: node 'pole-0031' is the node of line 2 (Pole-0031): ids are compared "
                + "lower-case, so remove one of the two"), m);
    }

    @Test
    void anIdentityColumnIsRefusedBecauseKeysAreMadeOnTheNode() throws Exception {
        Path t = tmp.resolve("nodes.csv");
        Files.writeString(t, "node,site,identity\npole-0001,street.yaml,ids/pole-0001\n");
        assertTrue(message(t).contains("line 1: identity folders are not written to cards: a node's identity is made "
                + "on the node by `streetgate provision` and stays in /var/lib/streetgate/identity"), message(t));
        Path y = tmp.resolve("nodes.yaml");
        Files.writeString(y, "- {node: pole-0001, site: street.yaml, identity: ids/pole-0001}\n");
        assertTrue(message(y).contains("entry 1: identity folders are not written to cards"), message(y));
    }

    static String message(Path t) {
        return assertThrows(IllegalArgumentException.class, () -> NodeTable.read(t)).getMessage();
    }
}
