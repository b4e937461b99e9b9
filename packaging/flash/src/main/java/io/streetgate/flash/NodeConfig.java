package io.streetgate.flash;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.site.Problem;
import io.streetgate.site.SiteFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files one node gets on its config partition (mounted at /etc/streetgate on the node):
 * <ul>
 *   <li>{@code node-id}: the node id and a newline;</li>
 *   <li>{@code site.yaml}: the site file, a {@link SiteTemplate} with {@code {{node}}} filled in (so one file serves
 *       a street), valid as the gateway reads it and naming this node;</li>
 *   <li>{@code flash.json}: which image was flashed for this node, and when.</li>
 * </ul>
 * No identity: a node's key is made on the node by {@code streetgate provision} and stays in its state folder
 * (/var/lib/streetgate/identity), where the site file's uplink section names it (docs/provisioning.md).
 */
public record NodeConfig(String node, Path site) {
    /** Why keys made in advance are not taken, and what to do instead. */
    static final String NO_IDENTITY = "identity folders are not written to cards: a node's identity is made on the "
            + "node by `streetgate provision` and stays in /var/lib/streetgate/identity there, its key never leaving "
            + "it (docs/provisioning.md); remove the identity column and provision each node after its first boot";

    /**
     * The site file as this node gets it.
     *
     * @throws IllegalArgumentException when it is too large or not a valid template
     */
    String siteText() throws IOException {
        if (Files.size(site) > SiteFile.MAX_BYTES) {
            throw new IllegalArgumentException(site + ": is larger than 1 MiB; a site file is a few kilobytes");
        }
        return SiteTemplate.fill(Files.readString(site, StandardCharsets.UTF_8), site.toString(), node);
    }

    /**
     * What the gateway would refuse in this node's site file, each naming the file, line, key, value and fix; empty
     * when the gateway takes it as this node's.
     *
     * @param catalog the device types the gateway knows
     */
    List<String> problems(DeviceCatalog catalog) throws IOException {
        String text;
        try {
            text = siteText();
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        // read as the gateway reads it (SiteFile, as `streetgate config validate`), files it names beside it
        SiteFile.Result result = SiteFile.parse(text, site.toString(), catalog, site.toAbsolutePath().getParent());
        if (!result.problems().isEmpty()) {
            return result.problems().stream().map(Problem::toString).toList();
        }
        String id = result.config().orElseThrow().node().id();
        if (!id.equals(node)) {
            return List.of(site + ": node.id: '" + id + "' is not the node it is flashed for, " + node
                    + "; write id: \"" + SiteTemplate.PLACEHOLDER + "\" so that each card gets its own, or fix the node table");
        }
        return List.of();
    }

    /**
     * The files to write, by path on the partition (the site file checked by {@link #problems} before).
     */
    Map<String, byte[]> files(String imageName, String flashedAt) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("node-id", (node + "\n").getBytes(StandardCharsets.UTF_8));
        out.put("site.yaml", siteText().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> stamp = new LinkedHashMap<>();
        stamp.put("node", node);
        stamp.put("image", imageName);
        stamp.put("flashed", flashedAt);
        out.put("flash.json", Json.line(stamp).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /**
     * Checks every node's site file before anything is written.
     *
     * @throws IllegalArgumentException naming every problem once, with the nodes it concerns when a template
     *                                  serves several
     */
    static void checkAll(List<NodeConfig> nodes, DeviceCatalog catalog) throws IOException {
        Map<String, List<String>> nodesByProblem = new LinkedHashMap<>();
        for (NodeConfig n : nodes) {
            for (String p : n.problems(catalog)) {
                nodesByProblem.computeIfAbsent(p, k -> new ArrayList<>()).add(n.node());
            }
        }
        if (nodesByProblem.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        nodesByProblem.forEach((problem, of) -> lines.add(problem + (of.size() == 1 ? " (node " + of.get(0) + ")"
                : " (nodes " + (of.size() <= 3 ? String.join(", ", of) : of.get(0) + " and " + (of.size() - 1)
                + " more") + ")")));
        throw new IllegalArgumentException("the gateway would refuse these site files; nothing was written:\n  "
                + String.join("\n  ", lines));
    }

    /** Names of the files, for messages. */
    static String names(Map<String, byte[]> files) {
        return String.join(", ", List.copyOf(files.keySet()));
    }
}
