package io.streetgate.distribution;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sockets a process listens on (TCP in state LISTEN, bound UDP), read from Linux's /proc as {@code ss -lntup}
 * does: the socket inodes among the process's open files, matched with the kernel's socket tables
 * (proc(5): /proc/[pid]/net/tcp, the "st" column 0A is LISTEN, 07 is an unconnected bound UDP socket). The
 * launcher compares them before and after a bundle set's framework ran, so that nothing of a stopped set keeps
 * a port; where there is no /proc, nothing is seen.
 */
final class ProcessSockets {

    private ProcessSockets() {
    }

    /** Sorted lines such as {@code tcp 127.0.0.1:1884}, one per socket (a port held twice appears twice). */
    static List<String> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        Path fdDir = Path.of("/proc", Long.toString(pid), "fd");
        if (!Files.isDirectory(fdDir)) {
            return List.of();
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while we looked
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                boolean listening = table.startsWith("tcp") ? f[3].equals("0A") : f[3].equals("07");
                if (listening && inodes.contains(f[9])) {
                    out.add(table.replace("6", "") + " " + address(f[1]));
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * {@code 0100007F:06E4} as {@code 127.0.0.1:1764}, an IPv4-mapped IPv6 address ({@code ...FFFF00000100007F})
     * the same way; other IPv6 addresses stay hex.
     */
    private static String address(String hex) {
        String[] p = hex.split(":");
        int port = Integer.parseInt(p[1], 16);
        String ip = p[0];
        if (ip.length() == 32 && ip.startsWith("0000000000000000FFFF0000")) {
            ip = ip.substring(24);
        }
        if (ip.length() != 8) {
            return "[" + ip + "]:" + port;
        }
        long a = Long.parseLong(ip, 16); // little-endian on the architectures streetgate runs on
        return (a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff) + ":" + port;
    }

    /**
     * What a server holds: the TCP listening sockets as they are, and how many UDP sockets there are (a UDP
     * client, such as a simulated CoAP node, binds an ephemeral port that changes when it starts again).
     */
    static List<String> servers(long pid) throws IOException {
        List<String> all = of(pid);
        List<String> out = new ArrayList<>(all.stream().filter(s -> s.startsWith("tcp ")).toList());
        out.add("udp sockets: " + all.stream().filter(s -> s.startsWith("udp ")).count());
        return out;
    }

    /**
     * What {@code now} holds beyond {@code before}, each as often as it is held more (TCP sockets by address;
     * UDP sockets by their count, as {@link #servers} gives them).
     */
    static List<String> beyond(List<String> before, List<String> now) {
        List<String> left = new ArrayList<>(now);
        for (String s : before) {
            left.remove(s);
        }
        List<String> out = new ArrayList<>();
        for (String s : left) {
            if (!s.startsWith("udp sockets: ")) {
                out.add(s);
            } else {
                long was = before.stream().filter(b -> b.startsWith("udp sockets: ")).mapToLong(ProcessSockets::count)
                        .findFirst().orElse(0);
                if (count(s) > was) {
                    out.add((count(s) - was) + " more UDP socket(s)");
                }
            }
        }
        return out;
    }

    private static long count(String udpLine) {
        return Long.parseLong(udpLine.substring("udp sockets: ".length()));
    }
}
