package io.streetgate.drivers.modbus;

import io.streetgate.drivers.modbus.map.Point;
import io.streetgate.drivers.modbus.map.RegisterMap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A pymodbus 3.0 slave (Debian's /usr/bin/python3 with python3-pymodbus) serving values laid out by Python's
 * struct module from a register map: the peer that checks the PLC4X drivers against someone else's Modbus.
 * Started on 127.0.0.1 or on a pty end, stopped by the process it started. A missing peer fails the test with
 * the package to install.
 */
final class PymodbusSlave implements AutoCloseable {

    static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final Path dir;
    final int port;

    private PymodbusSlave(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** One entry's value on one unit. */
    record Value(int unit, Point point, double value) {
        /** The raw number to store: the inverse of scale and offset. */
        double raw() {
            return (value - point.offset()) / point.scale();
        }
    }

    /** A distinct, exactly representable value for each measured entry of a map. */
    static List<Value> valuesFor(int unit, RegisterMap map) {
        List<Value> values = new ArrayList<>();
        int i = 0;
        for (Point p : map.polled()) {
            i++;
            double v;
            if (p.table().isBits() || p.bit() >= 0) {
                v = i % 2;
            } else if (p.type().name().startsWith("UINT")) {
                v = (100 + i) * p.scale();
            } else if (p.type().name().startsWith("INT")) {
                v = (i % 2 == 0 ? -1 : 1) * (10 + i) * p.scale();
            } else {
                v = (i * 1.5 + 0.25) * p.scale(); // k + 0.25 and k + 0.75 are exact in binary floating point
            }
            if (p.status()) {
                v = 0;
            }
            values.add(new Value(unit, p, v));
        }
        return values;
    }

    static PymodbusSlave tcp(List<Value> values) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PymodbusSlave slave = start(values, List.of("tcp", Integer.toString(port)), port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return slave;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !slave.process.isAlive()) {
                    slave.close();
                    throw new AssertionError("the pymodbus slave did not listen on port " + port + " within 20 s");
                }
                Thread.sleep(50);
            }
        }
    }

    static PymodbusSlave rtu(List<Value> values, Path device, int baud) throws IOException, InterruptedException {
        PymodbusSlave slave = start(values, List.of("rtu", device.toString(), Integer.toString(baud)), -1);
        Thread.sleep(500); // pymodbus opens the port after saying ready
        return slave;
    }

    private static PymodbusSlave start(List<Value> values, List<String> args, int port) throws IOException,
            InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(PYTHON + " is missing: install the Debian packages python3, python3-pymodbus and python3-serial-asyncio");
        }
        Path dir = Files.createTempDirectory("pymodbus-slave");
        Path script = dir.resolve("pymodbus_slave.py");
        try (var in = PymodbusSlave.class.getResourceAsStream("pymodbus_slave.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path json = dir.resolve("values.json");
        Files.writeString(json, json(values));
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), json.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.equals("ready")) {
                break;
            }
        }
        if (line == null) {
            p.waitFor(5, TimeUnit.SECONDS);
            String text = seen.toString();
            throw new AssertionError(text.contains("No module named '")
                    ? "a Python module is missing for " + PYTHON + " (" + text.strip()
                            + "): install the Debian packages python3-pymodbus and python3-serial-asyncio"
                    : "the pymodbus slave did not start: " + text);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // pymodbus logs cancelled handlers when masters disconnect
                }
            } catch (IOException ignored) {
                // stopped
            }
        }, "pymodbus-output");
        drain.setDaemon(true);
        drain.start();
        return new PymodbusSlave(p, dir, port);
    }

    private static String json(List<Value> values) {
        StringBuilder b = new StringBuilder("[");
        for (Value v : values) {
            Point p = v.point();
            String type = p.table().isBits() || p.bit() >= 0 ? "BOOL" : p.type().name();
            double raw = p.bit() >= 0 ? (v.value() != 0 ? 1 << p.bit() : 0) : v.raw();
            if (p.bit() >= 0) {
                type = "UINT16";
            }
            if (b.length() > 1) {
                b.append(",\n");
            }
            b.append(String.format(Locale.ROOT, "{\"unit\": %d, \"table\": \"%s\", \"address\": %d, \"type\": \"%s\", "
                    + "\"order\": \"%s\", \"value\": %s}", v.unit(), p.table().mapName(), p.address(), type, p.order(),
                    Double.toString(raw)));
        }
        return b.append("]").toString();
    }

    /** The values by entry name, for assertions. */
    static Map<String, Double> byName(List<Value> values) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        values.forEach(v -> m.put(v.point().name(), v.value()));
        return m;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp folder left behind
        }
    }
}
