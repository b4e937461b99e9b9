package io.streetgate.flash;

import io.streetgate.site.SiteFile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nodes an installer flashes: node id, site file and optionally the device it goes to. CSV with a header line
 * ({@code node,site,device}; only node and site are required) or YAML (a list of maps with the same keys). Paths
 * are relative to the table's folder. Node ids follow the gateway's one rule ({@link SiteFile#ID}), so an id the
 * gateway would refuse is refused here, and two spellings of one node ({@code pole-0031}, {@code Pole-0031}) are
 * named as the same node. A node's identity is not in the table: it is made on the node (docs/provisioning.md).
 */
public final class NodeTable {
    /** One node's row. {@code device} may be null. */
    public record Row(String node, Path site, String device, int line) {
    }

    /** The column that once carried keys made in advance: refused with the reason (see {@link NodeConfig}). */
    static final String IDENTITY_COLUMN = "identity";

    private NodeTable() {
    }

    /**
     * @throws IllegalArgumentException naming every mistake of the table, one per line, before anything is written
     */
    public static List<Row> read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<Row> rows = name.endsWith(".yaml") || name.endsWith(".yml") ? yaml(file) : csv(file);
        // the first line of each id as written, and of each id as it reads lower-cased: Pole-0031 is pole-0031
        Map<String, Integer> firstLine = new HashMap<>();
        Map<String, Row> firstOfLowerCase = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Row r : rows) {
            String where = file + " line " + r.line() + ": ";
            String lower = r.node().toLowerCase(Locale.ROOT);
            Row sameNode = firstOfLowerCase.putIfAbsent(lower, r);
            if (!SiteFile.ID.matcher(r.node()).matches()) {
                boolean lowerIsValid = SiteFile.ID.matcher(lower).matches();
                problems.add(where + "node '" + r.node() + "' is not a node id the gateway accepts; "
                        + (lowerIsValid ? "ids are lower-case: write " + lower : SiteFile.ID_RULE)
                        + (sameNode != null && lowerIsValid ? " (line " + sameNode.line() + " names the same node, "
                        + sameNode.node() + ": remove one of the two)" : ""));
            } else if (firstLine.putIfAbsent(r.node(), r.line()) != null) {
                problems.add(where + "node '" + r.node() + "' appears twice (first on line " + firstLine.get(r.node())
                        + "); every node id must be unique");
            } else if (sameNode != null) {
                problems.add(where + "node '" + r.node() + "' is the node of line " + sameNode.line() + " ("
                        + sameNode.node() + "): ids are compared lower-case, so remove one of the two");
            }
            if (!Files.isRegularFile(r.site())) {
                problems.add(where + "site file " + r.site() + " of node " + r.node() + " does not exist");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return rows;
    }

    private static List<Row> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Row> out = new ArrayList<>();
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String c : line.split(",", -1)) {
                cells.add(c.strip());
            }
            if (header == null) {
                header = cells;
                if (!header.contains("node") || !header.contains("site")) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": the header must name the columns "
                            + "node and site (and optionally device), e.g. \"node,site\"; it is \"" + line + "\"");
                }
                if (header.contains(IDENTITY_COLUMN)) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + NodeConfig.NO_IDENTITY);
                }
                continue;
            }
            if (cells.size() > header.size()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + cells.size() + " cells but the "
                        + "header has " + header.size() + " columns");
            }
            List<String> cols = header;
            out.add(row(file, i + 1, c -> {
                int at = cols.indexOf(c);
                return at >= 0 && at < cells.size() && !cells.get(at).isEmpty() ? cells.get(at) : null;
            }));
        }
        if (header == null) {
            throw new IllegalArgumentException(file + " is empty: expected a header \"node,site\" and one line per node");
        }
        return out;
    }

    private static List<Row> yaml(Path file) throws IOException {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
        if (doc instanceof Map<?, ?> m && m.get("nodes") != null) {
            doc = m.get("nodes");
        }
        if (!(doc instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": expected a list of nodes ({node: pole-0001, site: ...}) or a "
                    + "map with the key nodes");
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(file + " entry " + (i + 1) + ": expected a map with node and site");
            }
            if (m.containsKey(IDENTITY_COLUMN)) {
                throw new IllegalArgumentException(file + " entry " + (i + 1) + ": " + NodeConfig.NO_IDENTITY);
            }
            out.add(row(file, i + 1, k -> m.get(k) == null ? null : String.valueOf(m.get(k))));
        }
        return out;
    }

    private static Row row(Path file, int line, java.util.function.Function<String, String> cell) {
        String node = cell.apply("node");
        String site = cell.apply("site");
        if (node == null || site == null) {
            throw new IllegalArgumentException(file + " line " + line + ": node and site are required");
        }
        Path dir = file.toAbsolutePath().getParent();
        return new Row(node, dir.resolve(site), cell.apply("device"), line);
    }
}
