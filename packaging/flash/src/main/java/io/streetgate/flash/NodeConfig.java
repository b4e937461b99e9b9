package io.streetgate.flash;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files one node gets on its config partition (mounted at /etc/streetgate on the node):
 * <ul>
 *   <li>{@code node-id}: the node id and a newline;</li>
 *   <li>{@code site.yaml}: the site file, with {@code {{node}}} replaced by the node id (so one template serves a
 *       street); its {@code node.id} must then be the node id;</li>
 *   <li>{@code identity/}: the files of the node's identity folder (keys, certificates, PSKs from provisioning),
 *       or {@code identity/PENDING} saying that the node provisions itself on first boot;</li>
 *   <li>{@code flash.json}: which image was flashed for this node, and when.</li>
 * </ul>
 */
public record NodeConfig(String node, Path site, Path identity) {
    /** The placeholder's text when no identity folder is given. */
    static final String PENDING = "No identity was provisioned when this card was flashed.\n"
            + "Run `streetgate provision` on the node: its key pair is made there and never leaves it.\n";
    /** Per node, identity files are small; a larger folder is a mistake (the wrong folder). */
    static final long MAX_IDENTITY_BYTES = 1 << 20;

    static boolean validId(String id) {
        return id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    }

    /**
     * The files to write, by path on the partition.
     *
     * @throws IllegalArgumentException when the site file is not YAML or names another node
     */
    Map<String, byte[]> files(String imageName, String flashedAt) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("node-id", (node + "\n").getBytes(StandardCharsets.UTF_8));
        String text = Files.readString(site, StandardCharsets.UTF_8).replace("{{node}}", node);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("site file " + site + " is not valid YAML: " + e.getMessage());
        }
        Object id = doc instanceof Map<?, ?> m && m.get("node") instanceof Map<?, ?> n ? n.get("id") : null;
        if (id == null) {
            throw new IllegalArgumentException("site file " + site + " has no node.id; write `node: {id: {{node}}}` "
                    + "so that each card gets its own");
        }
        if (!node.equals(String.valueOf(id))) {
            throw new IllegalArgumentException("site file " + site + " says node.id: " + id + " but it is flashed for "
                    + "node " + node + "; use {{node}} in the site file or fix the node table");
        }
        out.put("site.yaml", text.getBytes(StandardCharsets.UTF_8));
        if (identity != null) {
            long total = 0;
            try (Stream<Path> files = Files.list(identity)) {
                for (Path f : files.sorted().toList()) {
                    if (Files.isRegularFile(f)) {
                        byte[] b = Files.readAllBytes(f);
                        total += b.length;
                        out.put("identity/" + f.getFileName(), b);
                    }
                }
            }
            if (total > MAX_IDENTITY_BYTES) {
                throw new IllegalArgumentException("identity folder " + identity + " holds " + total + " bytes; an "
                        + "identity is a few small files (is it the right folder?)");
            }
        } else {
            out.put("identity/PENDING", PENDING.getBytes(StandardCharsets.UTF_8));
        }
        out.put("flash.json", ("{\"node\":" + Json.quote(node) + ",\"image\":" + Json.quote(imageName)
                + ",\"flashed\":" + Json.quote(flashedAt) + "}\n").getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Names of the files, for messages. */
    static String names(Map<String, byte[]> files) {
        return String.join(", ", List.copyOf(files.keySet()));
    }
}
