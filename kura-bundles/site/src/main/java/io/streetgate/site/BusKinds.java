package io.streetgate.site;

import io.streetgate.driver.OptionSpec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kinds of bus a site file can name, and the settings each takes. */
public final class BusKinds {

    private static final Map<String, List<OptionSpec>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("i2c", List.of(
                OptionSpec.integer("number", "Linux I2C adapter number (/dev/i2c-N)", 0, 31, 1L)));
        KINDS.put("gpio", List.of(
                OptionSpec.text("chip", "GPIO character device (gpiochipN)", "gpiochip0")));
        // Serial defaults: Modbus over serial line v1.02 section 2.5.1 names 19200 8E1 as the default line.
        List<OptionSpec> serialLine = List.of(
                OptionSpec.text("port", "serial device; prefer /dev/serial/by-id/... (stable across restarts)", null),
                OptionSpec.choice("baud", "line speed", "9600", "1200", "2400", "4800", "9600", "19200", "38400",
                        "57600", "115200", "256000"),
                OptionSpec.choice("parity", "parity", "none", "none", "even", "odd"),
                OptionSpec.choice("data-bits", "data bits", "8", "7", "8"),
                OptionSpec.choice("stop-bits", "stop bits", "1", "1", "2"),
                OptionSpec.duration("timeout", "reply timeout", Duration.ofMillis(20), Duration.ofSeconds(30),
                        Duration.ofSeconds(1)));
        KINDS.put("serial", serialLine);
        KINDS.put("modbus-rtu", serialLine);
        KINDS.put("modbus-tcp", List.of(
                OptionSpec.text("host", "host name or address of the Modbus TCP server or gateway", null),
                OptionSpec.integer("port", "TCP port", 1, 65535, 502L),
                OptionSpec.duration("timeout", "reply timeout", Duration.ofMillis(20), Duration.ofSeconds(30),
                        Duration.ofSeconds(1))));
    }

    private BusKinds() {
    }

    public static List<String> names() {
        return List.copyOf(KINDS.keySet());
    }

    /** The settings a bus of this kind takes; empty for an unknown kind. */
    public static List<OptionSpec> settings(String kind) {
        return KINDS.getOrDefault(kind, List.of());
    }

    public static boolean isKnown(String kind) {
        return KINDS.containsKey(kind);
    }
}
