package io.streetgate.sim.platform.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated street's CoAP nodes added to a node key file that may hold a person's own nodes: a line of the
 * file is never changed or removed, a simulated node whose id the file already has is left out (and named, so
 * the log can say why it cannot get in), and the others are appended.
 */
record NodeKeyLines(String text, List<String> keptOut) {

    /**
     * @param existing the file as it is, or null when there is none
     * @param simulated the simulated nodes' lines, one per node, the node id first
     */
    static NodeKeyLines merge(String existing, String simulated) {
        Map<String, String> ids = new LinkedHashMap<>();
        String before = existing == null ? "" : existing;
        for (String line : before.split("\n")) {
            String id = idOf(line);
            if (id != null) {
                ids.put(id, line.strip());
            }
        }
        StringBuilder text = new StringBuilder(before);
        List<String> keptOut = new ArrayList<>();
        for (String line : simulated.split("\n")) {
            String id = idOf(line);
            if (id == null) {
                continue;
            }
            String theirs = ids.get(id);
            if (theirs == null) {
                if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                    text.append('\n');
                }
                text.append(line.strip()).append('\n');
            } else if (!theirs.equals(line.strip())) {
                keptOut.add(id);
            }
        }
        return new NodeKeyLines(text.toString(), List.copyOf(keptOut));
    }

    /** The node id a line names: its first field, or null for a blank or comment line. */
    private static String idOf(String line) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
            return null;
        }
        return l.split("\\s+", 2)[0];
    }
}
