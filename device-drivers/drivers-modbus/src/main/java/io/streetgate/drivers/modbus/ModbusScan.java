package io.streetgate.drivers.modbus;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.modbus.bus.LinkSettings;
import io.streetgate.drivers.modbus.bus.ModbusLink;
import io.streetgate.drivers.modbus.map.RegisterTable;
import io.streetgate.driver.time.TimeBase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds which unit ids answer on a Modbus bus: each unit in a range is sent one cheap read (by default one
 * holding register at address 0) with a short timeout. Any answer, even an exception response, means a device
 * is there; a gateway's "target device failed to respond" (0x0B) or "path unavailable" (0x0A) means none is; a
 * garbled reply means something is there at other line settings (baud, parity) or with a wiring fault.
 * Plain logic over a {@link ModbusLink}; the {@code streetgate scan} command prints what it returns.
 */
public final class ModbusScan implements AutoCloseable {

    /** The unit ids a scan may ask: 0 is broadcast, 248..255 are reserved (Modbus over serial line 1.02, 2.2). */
    public static final int FIRST_UNIT = 1;
    public static final int LAST_UNIT = 247;
    /** How long a unit has to answer unless told otherwise: a slave answers within a few tens of ms at 9600 baud. */
    public static final int DEFAULT_TIMEOUT_MS = 300;
    /** The shortest and longest answer time a scan may give a unit. */
    public static final int MIN_TIMEOUT_MS = 10;
    public static final int MAX_TIMEOUT_MS = 10_000;

    /** What one unit did. */
    public enum Outcome {
        /** Answered the read with data. */
        ANSWERED,
        /** Answered with an exception code: a device is there, it just does not have that register. */
        EXCEPTION,
        /** A gateway answered that no device responds at this unit (0x0A, 0x0B). */
        GATEWAY_NO_DEVICE,
        /** Nothing came back within the timeout. */
        SILENT,
        /** Something came back that is not a good frame (bad CRC, short, malformed): check line settings. */
        DAMAGED
    }

    /**
     * @param unit          the unit id asked
     * @param outcome       what happened
     * @param exceptionCode for {@link Outcome#EXCEPTION} and {@link Outcome#GATEWAY_NO_DEVICE}: the code, else -1
     * @param detail        what a technician reads
     */
    public record Result(int unit, Outcome outcome, int exceptionCode, String detail) {
        /** Whether a device answers at this unit id. */
        public boolean present() {
            return outcome == Outcome.ANSWERED || outcome == Outcome.EXCEPTION || outcome == Outcome.DAMAGED;
        }
    }

    /**
     * The read sent to each unit.
     *
     * @param table   which table (holding registers by default; function 04 for meters that only know input
     *                registers)
     * @param address the protocol address
     */
    public record Probe(RegisterTable table, int address) {
        public static final Probe HOLDING_REGISTER_0 = new Probe(RegisterTable.HOLDING_REGISTER, 0);

        public Probe {
            Objects.requireNonNull(table, "table");
        }
    }

    private final ModbusLink link;

    private ModbusScan(ModbusLink link) {
        this.link = link;
    }

    /**
     * A scanner for a {@code modbus-tcp} or {@code modbus-rtu} bus of the site file.
     *
     * @param timeout how long each unit has to answer (a few hundred milliseconds is plenty for most devices;
     *                the bus's own timeout is not used)
     */
    public static ModbusScan on(BusConfig bus, Duration timeout, TimeBase time) throws DriverException {
        LinkSettings s = LinkSettings.of(bus);
        LinkSettings quick = new LinkSettings(s.busId(), s.tcp(), s.host(), s.port(), s.device(), s.baud(), s.parity(),
                s.dataBits(), s.stopBits(), timeout);
        return new ModbusScan(new ModbusLink(quick, time));
    }

    /**
     * Asks units {@code from..to} in turn.
     *
     * @param progress told each result as it comes; a silent unit is asked a second time after the others and
     *                 told then (the scan of a silent bus takes twice the timeout per unit)
     * @return one result per unit, in order
     * @throws DriverException when the bus itself cannot be opened (no such port, connection refused)
     */
    public List<Result> scan(int from, int to, Probe probe, Consumer<Result> progress) throws DriverException {
        if (from < FIRST_UNIT || to > LAST_UNIT || from > to) {
            throw new IllegalArgumentException("unit range " + from + ".." + to + " is not within " + FIRST_UNIT + ".."
                    + LAST_UNIT);
        }
        List<Result> results = new ArrayList<>();
        for (int unit = from; unit <= to; unit++) {
            Result r = probe(unit, probe);
            if (r.outcome() != Outcome.SILENT) {
                progress.accept(r);
            }
            results.add(r);
        }
        // a unit that was silent is asked once more: the first exchange of a new connection can miss a short
        // timeout on a busy machine, and one lost frame on a serial line should not hide a device
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).outcome() == Outcome.SILENT) {
                Result again = probe(results.get(i).unit(), probe);
                results.set(i, again);
                progress.accept(again);
            }
        }
        return results;
    }

    /** What to check when no unit of a bus answers: the hint fits the bus (docs/scan.md). */
    public static String nothingAnswersHint(BusConfig bus) {
        return bus.kind().equals("modbus-tcp")
                ? "check the host, the port and the unit ids; behind a TCP-to-RTU gateway also its serial line"
                : "check A/B wiring, baud rate, parity, termination";
    }

    /** The units that answered. */
    public static List<Integer> present(List<Result> results) {
        return results.stream().filter(Result::present).map(Result::unit).toList();
    }

    private Result probe(int unit, Probe probe) throws DriverException {
        try {
            int[] v = link.read(unit, probe.table(), probe.address(), 1);
            return new Result(unit, Outcome.ANSWERED, -1, probe.table().mapName() + " " + probe.address() + " = " + v[0]);
        } catch (ModbusDriverException e) {
            int code = e.exceptionCode();
            if (code == 0x0A || code == 0x0B) {
                return new Result(unit, Outcome.GATEWAY_NO_DEVICE, code, e.getMessage());
            }
            if (code >= 0) {
                return new Result(unit, Outcome.EXCEPTION, code, e.getMessage());
            }
            return switch (e.fault()) {
                case TIMEOUT -> new Result(unit, Outcome.SILENT, -1, "no answer within "
                        + link.settings().timeout().toMillis() + " ms");
                case CHECKSUM, PROTOCOL -> new Result(unit, Outcome.DAMAGED, -1, e.getMessage()
                        + " (check baud, parity and wiring)");
                default -> throw e;
            };
        } catch (DriverException e) {
            if (e.fault() == DriverFault.BUS) {
                throw e;
            }
            return new Result(unit, Outcome.DAMAGED, -1, e.getMessage());
        }
    }

    /** Requests sent so far. */
    public long requests() {
        return link.requests();
    }

    @Override
    public void close() {
        link.close();
    }
}
