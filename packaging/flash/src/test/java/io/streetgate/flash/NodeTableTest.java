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
        Files.writeString(tmp.resolve("street.yaml"), "node:\n  id: {{node}}\n");
        Files.createDirectories(tmp.resolve("ids/pole-0001"));
    }

    @Test
    void csvWithOptionalColumnsInAnyOrder() throws Exception {
        Path t = tmp.resolve("nodes.csv");
        Files.writeString(t, "# street one\ndevice,node,site,identity\n/dev/sdb,pole-0001,street.yaml,ids/pole-0001\n"
                + ",pole-0002,street.yaml,\n\n");
        List<NodeTable.Row> rows = NodeTable.read(t);
        assertEquals(2, rows.size());
        assertEquals(new NodeTable.Row("pole-0001", tmp.resolve("street.yaml"), tmp.resolve("ids/pole-0001"), "/dev/sdb", 3),
                rows.get(0));
        assertNull(rows.get(1).device());
        assertNull(rows.get(1).identity());
    }

    @Test
    void yamlAsAListOrUnderNodes() throws Exception {
        Path t = tmp.resolve("nodes.yaml");
        Files.writeString(t, "nodes:\n  - {node: pole-0001, site: street.yaml, identity: ids/pole-0001}\n"
                + "  - node: pole-0002\n    site: street.yaml\n    device: /dev/sdc\n");
        List<NodeTable.Row> rows = NodeTable.read(t);
        assertEquals(List.of("pole-0001", "pole-0002"), rows.stream().map(NodeTable.Row::node).toList());
        assertEquals("/dev/sdc", rows.get(1).device());
    }

    @Test
    void mistakesAreNamedWithTheirLine() throws Exception {
        Path t = tmp.resolve("nodes.csv");
        Files.writeString(t, "node,site\npole-0001,street.yaml\npole-0001,street.yaml\n");
        assertTrue(message(t).contains("line 3: node \"pole-0001\" appears twice"), message(t));
        Files.writeString(t, "node,site\npole-0001,missing.yaml\n");
        assertTrue(message(t).contains("line 2: site file " + tmp.resolve("missing.yaml")), message(t));
        Files.writeString(t, "id,file\n");
        assertTrue(message(t).contains("the header must name the columns node and site"), message(t));
        Files.writeString(t, "node,site\npole 1,street.yaml\n");
        assertTrue(message(t).contains("node id \"pole 1\" may only hold"), message(t));
    }

    static String message(Path t) {
        return assertThrows(IllegalArgumentException.class, () -> NodeTable.read(t)).getMessage();
    }
}
