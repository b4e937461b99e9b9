package io.streetgate.drivers.pi4j.serial;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The serial ports of this machine, for {@code streetgate scan}: the stable {@code /dev/serial/by-id/...} names
 * udev gives USB adapters (what a site file should name, because {@code ttyUSB0} can come back as
 * {@code ttyUSB1} after a restart), the Pi's {@code /dev/serial0}/{@code serial1} aliases, and the ttys
 * themselves: {@code ttyAMA*} (PL011 UARTs), {@code ttyS*} that have hardware behind them (sysfs {@code type}
 * not 0, PORT_UNKNOWN), {@code ttyUSB*} and {@code ttyACM*}. Plain Java: it only reads the file system.
 */
public final class SerialPorts {

    private static final Pattern TTY = Pattern.compile("tty(AMA|S|USB|ACM)\\d+");

    /**
     * One port.
     *
     * @param path   the name to use, e.g. {@code /dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0}
     * @param device the tty it resolves to, e.g. {@code /dev/ttyUSB0}
     * @param kind   {@code by-id}, {@code alias}, {@code uart} (ttyAMA), {@code 8250} (ttyS), {@code usb-serial}
     *               (ttyUSB) or {@code usb-acm} (ttyACM)
     */
    public record Port(String path, String device, String kind) {
    }

    private SerialPorts() {
    }

    /** The ports of this machine: by-id names first, then aliases, then the ttys by name. */
    public static List<Port> list() {
        return list(Path.of("/dev"), Path.of("/sys/class/tty"));
    }

    /** The ports under a /dev and a /sys/class/tty directory (tests use copies). */
    public static List<Port> list(Path dev, Path sysTty) {
        List<Port> ports = new ArrayList<>();
        for (Path link : children(dev.resolve("serial").resolve("by-id"))) {
            ports.add(new Port(link.toString(), resolve(link), "by-id"));
        }
        for (String alias : List.of("serial0", "serial1")) {
            Path link = dev.resolve(alias);
            if (Files.exists(link)) {
                ports.add(new Port(link.toString(), resolve(link), "alias"));
            }
        }
        List<Path> ttys = new ArrayList<>();
        for (Path node : children(dev)) {
            if (TTY.matcher(node.getFileName().toString()).matches()) {
                ttys.add(node);
            }
        }
        ttys.sort(Comparator.comparing((Path p) -> family(p)).thenComparingInt(SerialPorts::number));
        for (Path node : ttys) {
            String name = node.getFileName().toString();
            if (name.startsWith("ttyS") && !hasHardware(sysTty.resolve(name))) {
                continue;
            }
            ports.add(new Port(node.toString(), node.toString(), kind(name)));
        }
        return ports;
    }

    private static String kind(String name) {
        if (name.startsWith("ttyAMA")) {
            return "uart";
        }
        if (name.startsWith("ttyS")) {
            return "8250";
        }
        return name.startsWith("ttyUSB") ? "usb-serial" : "usb-acm";
    }

    /** A ttyS with sysfs type 0 (PORT_UNKNOWN) is a placeholder without a UART. */
    private static boolean hasHardware(Path sys) {
        try {
            return !Files.readString(sys.resolve("type")).trim().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    private static String family(Path tty) {
        return tty.getFileName().toString().replaceAll("\\d+$", "").toLowerCase(Locale.ROOT);
    }

    private static int number(Path tty) {
        return Integer.parseInt(tty.getFileName().toString().replaceAll("^\\D+", ""));
    }

    private static String resolve(Path link) {
        try {
            return link.toRealPath().toString();
        } catch (IOException e) {
            return "(dangling: " + e.getMessage() + ")";
        }
    }

    private static List<Path> children(Path dir) {
        List<Path> children = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return children;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        } catch (IOException e) {
            return children;
        }
        children.sort(Comparator.comparing(Path::toString));
        return children;
    }
}
