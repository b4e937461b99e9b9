package io.streetgate.distribution;

import com.pi4j.context.Context;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.drivers.modbus.ModbusScan;
import io.streetgate.drivers.pi4j.Pi4jPlatforms;
import io.streetgate.drivers.pi4j.scan.I2cScan;
import io.streetgate.drivers.pi4j.serial.SerialPorts;
import io.streetgate.provision.ConfigDirOption;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.time.TimeBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code streetgate scan}: what answers on the gateway's buses, for a technician wiring a pole. I2C addresses
 * (with the likely chip, confirmed by its identity where it has one), Modbus unit ids on a TCP server or an RS-485
 * line, and the serial ports of the machine. Exit code 0 when every bus could be scanned, 1 when one could not be
 * opened, 2 on bad input.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List what answers on the buses: I2C addresses with the likely chip, Modbus unit ids, "
                + "serial ports.",
                "Without options: the buses of the site file and the serial ports."},
        footer = {"", "Examples:",
                "  streetgate scan                               # the site file's buses, the serial ports",
                "  streetgate scan --i2c 1",
                "  streetgate scan --modbus-tcp 10.20.0.15:502 --units 1-32",
                "  streetgate scan --modbus-rtu /dev/ttyUSB0 --baud 9600 --parity none",
                "  streetgate scan --simulate                    # the simulated street"})
final class ScanCommand implements Callable<Integer> {

    @Option(names = "--i2c", paramLabel = "BUS", description = "Scan this I2C bus number (repeatable)")
    List<Integer> i2cBuses = new ArrayList<>();

    @Option(names = "--modbus-tcp", paramLabel = "HOST[:PORT]", description = "Scan a Modbus TCP server or gateway")
    String modbusTcp;

    @Option(names = "--modbus-rtu", paramLabel = "PORT", description = "Scan an RS-485 line (serial port)")
    String modbusRtu;

    @Option(names = "--baud", defaultValue = "9600", description = "With --modbus-rtu (default: ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--parity", defaultValue = "none", description = "With --modbus-rtu: none, even, odd "
            + "(default: ${DEFAULT-VALUE})")
    String parity;

    @Option(names = "--units", paramLabel = "FROM-TO", defaultValue = ModbusScan.FIRST_UNIT + "-" + ModbusScan.LAST_UNIT,
            description = "Modbus unit ids to ask (default: ${DEFAULT-VALUE})")
    String units;

    @Option(names = "--timeout", paramLabel = "MILLIS", defaultValue = "" + ModbusScan.DEFAULT_TIMEOUT_MS,
            description = "How long each Modbus unit has to answer (default: ${DEFAULT-VALUE})")
    int timeoutMillis;

    @Option(names = "--serial", description = "List the serial ports (also done when no bus is named)")
    boolean serial;

    @Option(names = "--site", paramLabel = "FILE", description = "The site file whose buses are scanned "
            + "(default: the installed one, or the simulated street with --simulate)")
    Path site;

    @Mixin
    ConfigDirOption configDir = new ConfigDirOption();

    @Option(names = "--simulate", description = "Scan the simulated street of the site file instead of hardware")
    boolean simulate;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The gateway's state folder (default: ${DEFAULT-VALUE})")
    Path stateDir = Home.defaultState();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int[] range;
        try {
            range = unitRange(units);
            if (timeoutMillis < ModbusScan.MIN_TIMEOUT_MS || timeoutMillis > ModbusScan.MAX_TIMEOUT_MS) {
                throw new IllegalArgumentException("--timeout " + timeoutMillis + ": give " + ModbusScan.MIN_TIMEOUT_MS
                        + " to " + ModbusScan.MAX_TIMEOUT_MS + " ms");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return Streetgate.EXIT_BAD_INPUT;
        }
        if (!simulate && StatusClient.gatewayAnswers(stateDir)) {
            err.println("a gateway is running with state folder " + stateDir + ": it owns the buses and a scan would "
                    + "disturb its readings. Stop it first (systemctl stop streetgate), or see its devices with "
                    + "streetgate status");
            return Streetgate.EXIT_BAD_INPUT;
        }
        boolean named = !i2cBuses.isEmpty() || modbusTcp != null || modbusRtu != null || serial;
        Optional<SiteConfig> config = Optional.empty();
        if (!named || simulate) {
            Path file;
            try {
                file = Home.of(stateDir).siteFile(site, configDir, simulate);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return Streetgate.EXIT_BAD_INPUT;
            }
            SiteFile.Result r = SiteFile.read(file, DeviceCatalog.installed());
            if (r.config().isEmpty()) {
                r.problems().forEach(err::println);
                err.println(file + " cannot be used; name the buses to scan (--i2c, --modbus-tcp, --modbus-rtu)");
                return Streetgate.EXIT_BAD_INPUT;
            }
            config = r.config();
        }
        List<BusConfig> i2c = new ArrayList<>();
        List<BusConfig> modbus = new ArrayList<>();
        i2cBuses.forEach(n -> i2c.add(new BusConfig("i2c-" + n, "i2c", Map.of("number", String.valueOf(n)))));
        if (modbusTcp != null) {
            modbus.add(tcpBus(modbusTcp));
        }
        if (modbusRtu != null) {
            modbus.add(new BusConfig("rs485", "modbus-rtu", Map.of("port", modbusRtu, "baud", String.valueOf(baud),
                    "parity", parity)));
        }
        if (!named) {
            config.get().buses().values().stream().sorted(Comparator.comparing(BusConfig::id)).forEach(b -> {
                if (b.kind().equals("i2c")) {
                    i2c.add(b);
                } else if (b.kind().startsWith("modbus-")) {
                    modbus.add(b);
                }
            });
        }
        Buses opened;
        try {
            opened = simulate ? Buses.simulated(config.get()) : Buses.hardware();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return Streetgate.EXIT_BAD_INPUT;
        }
        try (Buses buses = opened) {
            boolean allScanned = true;
            for (BusConfig bus : i2c) {
                allScanned &= scanI2c(out, buses, bus);
            }
            for (BusConfig bus : modbus) {
                allScanned &= scanModbus(out, bus, range, buses.time());
            }
            if (serial || !named) {
                listSerialPorts(out);
            }
            out.flush();
            return allScanned ? 0 : 1;
        }
    }

    private static boolean scanI2c(PrintWriter out, Buses buses, BusConfig bus) {
        int number = bus.intSetting("number", 1);
        out.println("I2C bus " + number + (bus.id().equals("i2c-" + number) ? "" : " (" + bus.id() + ")"));
        if (buses.pi4j() == null) {
            out.println("  cannot be scanned: " + buses.problem());
            return false;
        }
        try {
            List<I2cScan.Found> found = I2cScan.scan(buses.pi4j(), number);
            if (found.isEmpty()) {
                out.println("  nothing answers (check power, SDA/SCL wiring and pull-ups)");
            }
            for (I2cScan.Found f : found) {
                out.println("  " + f.hex() + "  " + f.chip() + (f.detail().isEmpty() ? "" : "  " + f.detail()));
            }
            return true;
        } catch (DriverException e) {
            out.println("  cannot be scanned: " + e.getMessage());
            return false;
        }
    }

    private boolean scanModbus(PrintWriter out, BusConfig bus, int[] range, TimeBase time) {
        String where = bus.kind().equals("modbus-tcp")
                ? "tcp " + bus.setting("host", "") + ":" + bus.intSetting("port", 502)
                : "rtu " + bus.setting("port", "") + " " + bus.setting("baud", "9600") + " baud";
        out.println("Modbus " + bus.id() + " (" + where + "), units " + range[0] + ".." + range[1]);
        out.flush();
        try (ModbusScan scan = ModbusScan.on(bus, Duration.ofMillis(timeoutMillis), time)) {
            List<ModbusScan.Result> results = scan.scan(range[0], range[1], ModbusScan.Probe.HOLDING_REGISTER_0, r -> {
                if (r.present() || r.outcome() == ModbusScan.Outcome.DAMAGED) {
                    out.println("  unit " + r.unit() + "  " + r.outcome().name().toLowerCase() + "  " + r.detail());
                    out.flush();
                }
            });
            List<Integer> present = ModbusScan.present(results);
            out.println("  " + (present.isEmpty() ? "no unit answers (" + ModbusScan.nothingAnswersHint(bus) + ")"
                    : present.size() + " unit(s) answer: " + present) + "; " + scan.requests() + " requests");
            return true;
        } catch (DriverException e) {
            out.println("  cannot be scanned: " + e.getMessage());
            return false;
        }
    }

    private static void listSerialPorts(PrintWriter out) {
        out.println("Serial ports");
        List<SerialPorts.Port> ports = SerialPorts.list();
        if (ports.isEmpty()) {
            out.println("  none");
        }
        ports.forEach(p -> out.println("  " + p.path() + (p.path().equals(p.device()) ? "" : " -> " + p.device())
                + "  " + p.kind()));
    }

    static int[] unitRange(String text) {
        String[] parts = text.trim().split("-", 2);
        try {
            int from = Integer.parseInt(parts[0].trim());
            int to = parts.length == 1 ? from : Integer.parseInt(parts[1].trim());
            if (from < ModbusScan.FIRST_UNIT || to > ModbusScan.LAST_UNIT || from > to) {
                throw new NumberFormatException();
            }
            return new int[]{from, to};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--units " + text + ": give unit ids within 1-247, e.g. 1-32 or 5");
        }
    }

    private static BusConfig tcpBus(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        String port = colon < 0 ? "502" : hostPort.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (host.isBlank() || p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--modbus-tcp " + hostPort + ": give HOST or HOST:PORT (port 1-65535)");
        }
        return new BusConfig("modbus-tcp", "modbus-tcp", Map.of("host", host, "port", port));
    }

    /** The buses to scan: the Pi's, or the simulated street's (its chips and its Modbus servers). */
    private record Buses(Context pi4j, String problem, TimeBase time, OfflineStreet simulated)
            implements AutoCloseable {

        static Buses hardware() {
            try {
                return new Buses(Pi4jPlatforms.hardware(), "", TimeBase.system(), null);
            } catch (RuntimeException | LinkageError e) {
                return new Buses(null, "the buses cannot be opened: " + e, TimeBase.system(), null);
            }
        }

        static Buses simulated(SiteConfig config) {
            OfflineStreet street = OfflineStreet.of(config);
            return new Buses(street.platform.pi4j(), "", street.time, street);
        }

        @Override
        public void close() {
            if (simulated != null) {
                simulated.close();
            } else if (pi4j != null) {
                try {
                    pi4j.shutdown();
                } catch (RuntimeException e) {
                    // closing anyway
                }
            }
        }
    }
}
