package io.streetgate.flash;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The nodes an installer flashes: node id, site file, optionally an identity folder and the device it goes to.
 * CSV with a header line ({@code node,site,identity,device}; only node and site are required) or YAML (a list
 * of maps with the same keys). Paths are relative to the table's folder.
 */
public final class NodeTable {
    /** One node's config. {@code identity} and {@code device} may be null. */
    public record Row(String node, Path site, Path identity, String device, int line) {
    }

    private NodeTable() {
    }

    public static List<Row> read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<Row> rows = name.endsWith(".yaml") || name.endsWith(".yml") ? yaml(file) : csv(file);
        Set<String> seen = new HashSet<>();
        for (Row r : rows) {
            if (!seen.add(r.node())) {
                throw new IllegalArgumentException(file + " line " + r.line() + ": node \"" + r.node()
                        + "\" appears twice; every node id must be unique");
            }
            if (!Files.isRegularFile(r.site())) {
                throw new IllegalArgumentException(file + " line " + r.line() + ": site file " + r.site()
                        + " of node " + r.node() + " does not exist");
            }
            if (r.identity() != null && !Files.isDirectory(r.identity())) {
                throw new IllegalArgumentException(file + " line " + r.line() + ": identity folder " + r.identity()
                        + " of node " + r.node() + " does not exist");
            }
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
                            + "node and site (and optionally identity, device), e.g. \"node,site\"; it is \"" + line + "\"");
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
        if (!NodeConfig.validId(node)) {
            throw new IllegalArgumentException(file + " line " + line + ": node id \"" + node + "\" may only hold "
                    + "letters, digits, '-', '_' and '.'");
        }
        Path dir = file.toAbsolutePath().getParent();
        String identity = cell.apply("identity");
        return new Row(node, dir.resolve(site), identity == null ? null : dir.resolve(identity), cell.apply("device"), line);
    }
}
