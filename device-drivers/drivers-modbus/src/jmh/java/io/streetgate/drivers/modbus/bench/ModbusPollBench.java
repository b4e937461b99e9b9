package io.streetgate.drivers.modbus.bench;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.Measurement;
import io.streetgate.drivers.modbus.ModbusDriverFactory;
import io.streetgate.drivers.modbus.ModbusSensorDriver;
import io.streetgate.drivers.modbus.plan.ReadBlock;
import io.streetgate.drivers.modbus.plan.ReadPlan;
import io.streetgate.sim.modbus.EnergyMeterModel;
import io.streetgate.sim.modbus.ModbusRtuSlave;
import io.streetgate.sim.modbus.ModbusTcpServer;
import io.streetgate.sim.modbus.PtyPair;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.driver.time.TimeBase;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One poll cycle of the Eastron SDM630 map (36 FLOAT32 values, 72 registers) from the simulated meter, by the
 * streetgate driver (PLC4X, the planned reads), by pymodbus keeping its connection as the driver does and sending
 * the same reads (the fair peer, {@code kept_connection_poll.py}), and by mbpoll reading the same registers from
 * the same slave in the same run: once with the same reads as the plan (one mbpoll run per read) and once one
 * value per request, the way a per-register poller works. mbpoll is a process per run and sleeps 20 ms after each
 * connect, so its rows are what a command-line poll costs, not a protocol stack's speed. Over Modbus TCP on
 * 127.0.0.1 and over RTU on a socat pty pair.
 * After each driver's timed cycles, its connection is left idle for {@value #IDLE_SECONDS} s and the CPU of the
 * bus's event loop threads is measured (the serial line's loop has a heartbeat, {@code HeartbeatSerialTransport}).
 * Not a JMH benchmark: a plain main run by the parent's bench profile with {@code -Dbench=drivers-modbus}.
 *
 * <p>Arguments: cycles of the driver (default 500), cycles of mbpoll (default 20), an output file for the table.
 */
public final class ModbusPollBench {

    private static final int IDLE_SECONDS = 10;

    private ModbusPollBench() {
    }

    record Stats(String what, int cycles, double requestsPerCycle, double[] millis) {
        double quantile(double q) {
            double[] s = millis.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) Math.floor(q * s.length))];
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f |", what, cycles, requestsPerCycle,
                    quantile(0.5), quantile(0.9), quantile(0.0));
        }
    }

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int mbpollCycles = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<Stats> rows = new ArrayList<>();
        List<String> idle = new ArrayList<>();
        SimulatedSlave meter = new SimulatedSlave(1, new EnergyMeterModel());
        try (ModbusTcpServer server = ModbusTcpServer.start(Clock.systemUTC(), meter)) {
            BusConfig bus = new BusConfig("gw", "modbus-tcp", Map.of("host", "127.0.0.1",
                    "port", Integer.toString(server.port()), "timeout", "2s"));
            ReadPlan plan = driver(bus, meter, cycles, rows, idle, "TCP");
            String port = Integer.toString(server.port());
            rows.add(keptConnection("pymodbus, kept connection, TCP", meter, cycles, plan,
                    List.of("tcp", "127.0.0.1", port)));
            rows.add(mbpoll("mbpoll, TCP, the same " + plan.requests() + " reads", meter, mbpollCycles, plan, false,
                    List.of("-m", "tcp", "-p", port), "127.0.0.1"));
            rows.add(mbpoll("mbpoll, TCP, one value per request", meter, Math.max(3, mbpollCycles / 4), plan, true,
                    List.of("-m", "tcp", "-p", port), "127.0.0.1"));
        }
        try (PtyPair pty = PtyPair.open();
             ModbusRtuSlave rtu = ModbusRtuSlave.open(pty.slaveEnd(), 19200, Clock.systemUTC(), meter)) {
            BusConfig bus = new BusConfig("rs485", "modbus-rtu", Map.of("port", pty.masterEnd().toString(),
                    "baud", "19200", "parity", "none", "timeout", "2s"));
            ReadPlan plan = driver(bus, meter, cycles / 5, rows, idle, "RTU 19200 (pty)");
            rows.add(keptConnection("pymodbus, kept connection, RTU 19200 (pty)", meter, cycles / 5, plan,
                    List.of("rtu", pty.masterEnd().toString(), "19200")));
            List<String> line = List.of("-m", "rtu", "-b", "19200", "-P", "none");
            rows.add(mbpoll("mbpoll, RTU 19200 (pty), the same " + plan.requests() + " reads", meter, mbpollCycles, plan,
                    false, line, pty.masterEnd().toString()));
            rows.add(mbpoll("mbpoll, RTU 19200 (pty), one value per request", meter, Math.max(3, mbpollCycles / 4), plan,
                    true, line, pty.masterEnd().toString()));
        }
        StringBuilder table = new StringBuilder();
        table.append("| poller | cycles | requests per cycle | median ms | p90 ms | best ms |\n");
        table.append("|---|---|---|---|---|---|\n");
        rows.forEach(r -> table.append(r.row()).append('\n'));
        table.append("\n| idle connection (").append(IDLE_SECONDS).append(" s, nothing asked) | event loop CPU ms per second |\n");
        table.append("|---|---|\n");
        idle.forEach(r -> table.append(r).append('\n'));
        System.out.print(table);
        if (args.length > 2) {
            Files.writeString(Path.of(args[2]), table.toString(), StandardCharsets.UTF_8);
        }
    }

    private static ReadPlan driver(BusConfig bus, SimulatedSlave meter, int cycles, List<Stats> rows, List<String> idle,
                                   String label)
            throws Exception {
        try (ModbusDriverFactory factory = new ModbusDriverFactory(TimeBase.system());
             ModbusSensorDriver driver = (ModbusSensorDriver) factory.create(new DeviceConfig("energy",
                     "eastron-sdm630", bus, 1, Duration.ofSeconds(1), Map.of()))) {
            for (int i = 0; i < Math.max(50, cycles / 5); i++) {
                check(driver.read());
            }
            double[] millis = new double[cycles];
            long before = meter.requests();
            for (int i = 0; i < cycles; i++) {
                long t = System.nanoTime();
                List<Measurement> readings = driver.read();
                millis[i] = (System.nanoTime() - t) / 1e6;
                check(readings);
            }
            rows.add(new Stats("streetgate driver (PLC4X), " + label, cycles,
                    (meter.requests() - before) / (double) cycles, millis));
            idle.add(String.format(Locale.ROOT, "| %s | %.3f |", label, idleLoopCpuMillisPerSecond(IDLE_SECONDS)));
            return driver.plan();
        }
    }

    /**
     * CPU a second of the bus's event loop threads while the connection is open and nothing is asked: PLC4X's
     * TCP loop ({@code nioEventLoopGroup-*}) and the serial loop with its heartbeat ({@code modbus-rtu-*}).
     */
    private static double idleLoopCpuMillisPerSecond(int seconds) throws InterruptedException {
        long before = loopCpuNanos();
        Thread.sleep(seconds * 1000L);
        return (loopCpuNanos() - before) / 1e6 / seconds;
    }

    private static long loopCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("modbus-rtu-") || t.getName().startsWith("nioEventLoopGroup-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    private static void check(List<Measurement> readings) {
        if (readings.size() != 36) {
            throw new IllegalStateException("expected 36 readings, got " + readings.size());
        }
    }

    /**
     * pymodbus (Debian's python3-pymodbus, under /usr/bin/python3) connected once and kept, the plan's reads each
     * cycle: the script times each cycle in its own process, as the driver's cycles are timed in the JVM.
     */
    private static Stats keptConnection(String what, SimulatedSlave meter, int cycles, ReadPlan plan,
                                        List<String> target) throws IOException, InterruptedException {
        Path script = Files.createTempFile("kept_connection_poll", ".py");
        try (var in = ModbusPollBench.class.getResourceAsStream("kept_connection_poll.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        cmd.addAll(target);
        cmd.addAll(List.of(Integer.toString(Math.max(10, cycles / 5)), Integer.toString(cycles)));
        plan.blocks().forEach(b -> cmd.add(b.start() + ":" + b.count()));
        long before = meter.requests();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        Files.delete(script);
        if (!done || p.exitValue() != 0 || lines.size() != cycles) {
            throw new IllegalStateException("pymodbus poll failed: " + String.join("\n", lines));
        }
        long warmupRequests = (long) Math.max(10, cycles / 5) * plan.requests();
        return new Stats(what, cycles, (meter.requests() - before - warmupRequests) / (double) cycles,
                lines.stream().mapToDouble(Double::parseDouble).toArray());
    }

    /** One cycle: an mbpoll run per read of the plan, or per value; wall time of the runs, process start included. */
    private static Stats mbpoll(String what, SimulatedSlave meter, int cycles, ReadPlan plan, boolean perValue,
                                List<String> mode, String target) throws IOException, InterruptedException {
        List<int[]> reads = new ArrayList<>();
        for (ReadBlock b : plan.blocks()) {
            if (perValue) {
                b.points().forEach(p -> reads.add(new int[]{p.address(), 1}));
            } else {
                reads.add(new int[]{b.start(), b.count() / 2});
            }
        }
        double[] millis = new double[cycles];
        long before = meter.requests();
        for (int c = 0; c < cycles; c++) {
            long t = System.nanoTime();
            for (int[] r : reads) {
                List<String> cmd = new ArrayList<>(List.of("mbpoll"));
                cmd.addAll(mode);
                // -0: protocol addresses; -B: high register first; -1: one poll; floats of 2 registers each
                cmd.addAll(List.of("-a", "1", "-0", "-r", Integer.toString(r[0]), "-c", Integer.toString(r[1]),
                        "-t", "3:float", "-B", "-1", target));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("mbpoll failed: " + out);
                }
            }
            millis[c] = (System.nanoTime() - t) / 1e6;
        }
        return new Stats(what, cycles, (meter.requests() - before) / (double) cycles, millis);
    }
}
