package io.streetgate.drivers.modbus.bus;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Durations;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One Modbus bus as the site file gives it: a Modbus TCP server or gateway ({@code modbus-tcp}: host, port,
 * timeout) or a serial line ({@code modbus-rtu}: port, baud, parity, data-bits, stop-bits, timeout).
 *
 * @param busId    the bus id, for messages
 * @param tcp      true for Modbus TCP, false for RTU over a serial line
 * @param host     TCP: the server's host
 * @param port     TCP: the server's port
 * @param device   RTU: the serial device (best /dev/serial/by-id/...)
 * @param baud     RTU: line speed
 * @param parity   RTU: none, even or odd
 * @param dataBits RTU: 7 or 8
 * @param stopBits RTU: 1 or 2
 * @param timeout  how long a device has to answer one request
 */
public record LinkSettings(String busId, boolean tcp, String host, int port, String device, int baud, String parity,
                           int dataBits, int stopBits, Duration timeout) {

    public LinkSettings {
        Objects.requireNonNull(busId, "busId");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static LinkSettings tcp(String busId, String host, int port, Duration timeout) {
        return new LinkSettings(busId, true, host, port, null, 0, null, 8, 1, timeout);
    }

    public static LinkSettings rtu(String busId, String device, int baud, String parity, int dataBits, int stopBits,
                                   Duration timeout) {
        return new LinkSettings(busId, false, null, 0, device, baud, parity, dataBits, stopBits, timeout);
    }

    /** The settings of a {@code modbus-tcp} or {@code modbus-rtu} bus, with the site file's defaults. */
    public static LinkSettings of(BusConfig bus) throws DriverException {
        Duration timeout = duration(bus, "timeout", Duration.ofSeconds(1));
        switch (bus.kind().toLowerCase(Locale.ROOT)) {
            case "modbus-tcp" -> {
                String host = bus.setting("host", null);
                if (host == null || host.isBlank()) {
                    throw invalid(bus, "host", "", "is missing; give the Modbus TCP server's host name or address");
                }
                return tcp(bus.id(), host.trim(), integer(bus, "port", 502, 1, 65535), timeout);
            }
            case "modbus-rtu" -> {
                String device = bus.setting("port", null);
                if (device == null || device.isBlank()) {
                    throw invalid(bus, "port", "", "is missing; give the serial device, best /dev/serial/by-id/...");
                }
                String parity = bus.setting("parity", "none").trim().toLowerCase(Locale.ROOT);
                if (!parity.equals("none") && !parity.equals("even") && !parity.equals("odd")) {
                    throw invalid(bus, "parity", parity, "is not none, even or odd");
                }
                return rtu(bus.id(), device.trim(), integer(bus, "baud", 9600, 1200, 921_600), parity,
                        integer(bus, "data-bits", 8, 7, 8), integer(bus, "stop-bits", 1, 1, 2), timeout);
            }
            default -> throw new DriverException(DriverFault.CONFIGURATION, "bus '" + bus.id() + "' is of kind '"
                    + bus.kind() + "'; Modbus devices need a modbus-tcp or modbus-rtu bus");
        }
    }

    /** Where this bus is, for messages: {@code tcp 10.0.0.5:502} or {@code rtu /dev/ttyUSB0 9600 8N1}. */
    public String describe() {
        return tcp ? "tcp " + host + ":" + port
                : "rtu " + device + " " + baud + " " + dataBits + parity.toUpperCase(Locale.ROOT).charAt(0) + stopBits;
    }

    /** The PLC4X connection string. */
    String plc4xUrl() {
        int millis = (int) Math.max(1, timeout.toMillis());
        if (tcp) {
            return "modbus-tcp://" + host + ":" + port + "?request-timeout=" + millis + "&tcp.default-timeout=" + millis;
        }
        String plc4xParity = switch (parity) {
            case "even" -> "EVEN_PARITY";
            case "odd" -> "ODD_PARITY";
            default -> "NO_PARITY";
        };
        // PLC4X's serial transport with a loop that cannot sleep through a lost wakeup; transport options carry
        // the transport's code as prefix (PLC4X ConfigurationFactory.createTransportConfiguration)
        String t = HeartbeatSerialTransport.CODE;
        return "modbus-rtu:" + t + "://" + URLEncoder.encode(device, StandardCharsets.UTF_8).replace("%2F", "/")
                + "?request-timeout=" + millis + "&" + t + ".baud-rate=" + baud + "&" + t + ".num-data-bits="
                + dataBits + "&" + t + ".num-stop-bits=" + stopBits + "&" + t + ".parity=" + plc4xParity;
    }

    private static Duration duration(BusConfig bus, String key, Duration fallback) throws DriverException {
        String raw = bus.setting(key, null);
        if (raw == null) {
            return fallback;
        }
        return Durations.parse(raw).filter(d -> !d.isZero() && !d.isNegative())
                .orElseThrow(() -> invalid(bus, key, raw, "is not a duration; " + Durations.HINT));
    }

    private static int integer(BusConfig bus, String key, int fallback, int min, int max) throws DriverException {
        String raw = bus.setting(key, null);
        if (raw == null) {
            return fallback;
        }
        try {
            int n = Integer.decode(raw.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(bus, key, raw, "is not a whole number in " + min + ".." + max);
    }

    private static DriverException invalid(BusConfig bus, String key, String value, String fix) {
        return new DriverException(DriverFault.CONFIGURATION, "bus '" + bus.id() + "': " + key + "='" + value + "' " + fix);
    }
}
