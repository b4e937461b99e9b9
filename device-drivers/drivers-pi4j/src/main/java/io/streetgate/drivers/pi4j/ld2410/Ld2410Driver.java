package io.streetgate.drivers.pi4j.ld2410;

import com.pi4j.context.Context;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.driver.SelfTestResult.Check;
import io.streetgate.driver.SensorDriver;
import io.streetgate.driver.Unit;
import io.streetgate.driver.DeviceOptions;
import io.streetgate.drivers.pi4j.support.DriverTime;
import io.streetgate.drivers.pi4j.support.FrameReader;
import io.streetgate.drivers.pi4j.support.Pi4jFaults;
import io.streetgate.drivers.pi4j.support.SerialLink;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Hi-Link HLK-LD2410 24 GHz presence radar on a UART (256000 8N1 by default). {@link #init()} opens the port
 * and checks that a radar answers: it enters configuration mode and leaves it, each acknowledged with status
 * 0. Each {@link #read()} throws away stale reports and takes the next one (the radar sends one every 50-100
 * ms): {@code presence} (a target of either kind), {@code moving_presence}, and, when there is a target,
 * {@code target_distance} in metres (the moving target's, else the stationary one's). Reports without their
 * markers or footer are dropped ({@link DriverFault#PROTOCOL}) and counted in {@link #linkStats()}.
 */
public final class Ld2410Driver implements SensorDriver {

    public static final Quantity MOVING_PRESENCE = Quantity.define("moving_presence", Unit.BOOLEAN);
    public static final Quantity TARGET_DISTANCE = Quantity.define("target_distance", Unit.METRE);

    /** What a site file may say about an LD2410. */
    public static final DeviceType TYPE = new DeviceType("ld2410",
            "Hi-Link HLK-LD2410 24 GHz presence radar (UART, 256000 baud by default)", List.of("serial"),
            DeviceType.Addressing.none(), List.of(Quantity.PRESENCE, MOVING_PRESENCE, TARGET_DISTANCE),
            List.of(OptionSpec.duration("timeout", "how long to wait for a report or an acknowledgement",
                    Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(1))));

    private final String id;
    private final Context pi4j;
    private final String port;
    private final int baud;
    private final DriverTime time;
    private final Duration timeout;

    private final FrameReader<Ld2410Targets> reports;
    private final FrameReader<Ld2410Protocol.Ack> acks;
    private SerialLink link;

    Ld2410Driver(String id, Context pi4j, String port, int baud, DriverTime time, Duration timeout) {
        this.id = Objects.requireNonNull(id, "id");
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.port = Objects.requireNonNull(port, "port");
        this.baud = baud;
        this.time = Objects.requireNonNull(time, "time");
        this.timeout = timeout;
        String where = "serial port " + port;
        this.reports = new FrameReader<>(new Ld2410Protocol.Reports(where), where);
        this.acks = new FrameReader<>(new Ld2410Protocol.Acks(where), where);
    }

    /** A driver for a configured device on a serial port; touches nothing. */
    public static Ld2410Driver from(DeviceConfig config, Context pi4j, String port, int baud, DriverTime time)
            throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        return new Ld2410Driver(config.id(), pi4j, port, baud, time, options.duration("timeout"));
    }

    /** The radar's factory speed. */
    public static int defaultBaud() {
        return Ld2410Protocol.BAUD;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DeviceInfo init() throws DriverException {
        close();
        link = SerialLink.open(pi4j, id, port, baud, time);
        exchange(Ld2410Protocol.ENABLE_CONFIG, "entering configuration mode", (byte) 0x01, (byte) 0x00);
        exchange(Ld2410Protocol.END_CONFIG, "leaving configuration mode");
        return new DeviceInfo("HLK-LD2410", link.where() + ", acknowledges configuration commands",
                List.of(Quantity.PRESENCE, MOVING_PRESENCE, TARGET_DISTANCE));
    }

    /** Sends a command and waits for its acknowledgement with status 0 (reports meanwhile are skipped). */
    private void exchange(int word, String doing, byte... value) throws DriverException {
        link.drain(doing);
        acks.reset();
        link.write(Ld2410Protocol.command(word, value), doing);
        Ld2410Protocol.Ack ack = link.readFrame(acks, timeout, doing);
        if (ack.word() != (word | 0x0100) || ack.status() != 0) {
            throw new DriverException(DriverFault.PROTOCOL, String.format(
                    "%s answered %s with word 0x%04X status %d, not 0x%04X status 0", link.where(), doing, ack.word(),
                    ack.status(), word | 0x0100));
        }
    }

    @Override
    public List<Measurement> read() throws DriverException {
        if (link == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        link.drain("discarding stale reports");
        reports.reset();
        return readings(link.readFrame(reports, timeout, "waiting for a report"), time.now());
    }

    List<Measurement> readings(Ld2410Targets t, Instant at) {
        List<Measurement> readings = new ArrayList<>(3);
        readings.add(Measurement.of(id, Quantity.PRESENCE, t.present() ? 1 : 0, at));
        readings.add(Measurement.of(id, MOVING_PRESENCE, t.moving() ? 1 : 0, at));
        if (t.present()) {
            readings.add(Measurement.of(id, TARGET_DISTANCE, t.distanceMetres(), at));
        }
        return readings;
    }

    /** Reports read, dropped as malformed, and garbage bytes skipped, since the driver was made. */
    public FrameReader.Stats linkStats() {
        return reports.stats();
    }

    /** The radar acknowledges configuration commands, sends well-formed reports, and they are plausible. */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = init();
            checks.add(Check.pass("configuration commands", info.identity()));
            link.drain("discarding stale reports");
            reports.reset();
            Ld2410Targets t = link.readFrame(reports, timeout, "waiting for a report");
            checks.add(Check.pass("report frame", "state " + t.state()));
            boolean plausible = !t.present() || (t.distanceMetres() <= 6.0 && t.movingEnergy() <= 100
                    && t.stationaryEnergy() <= 100);
            checks.add(new Check("plausible values", plausible, t.present()
                    ? String.format("target at %.2f m", t.distanceMetres()) : "no target"));
        } catch (DriverException e) {
            checks.add(Check.fail(e.fault() == DriverFault.PROTOCOL ? "frames" : "reachable", e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
            link = null;
        }
    }
}
