package io.streetgate.drivers.pi4j.pms5003;

import com.pi4j.context.Context;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.QualityFlag;
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
 * Plantower PMS5003 particulate sensor on a UART (9600 8N1). {@link #init()} wakes the sensor and sets its
 * mode. In passive mode (the default) each {@link #read()} throws away stale bytes, sends the read command and
 * waits for the frame it asks for; in active mode it waits for the next frame the sensor sends by itself.
 * Frames are found after garbage, checked against their sum and dropped when bad or cut short
 * ({@link io.streetgate.driver.DriverFault#CHECKSUM}, {@link io.streetgate.driver.DriverFault#PROTOCOL}), and
 * counted in {@link #linkStats()}.
 *
 * <p>Reports PM1, PM2.5, PM10 (µg/m³, atmospheric environment unless {@code standard: cf1}) and the number of
 * particles larger than 0.3 .. 10 µm per cm³ (the sensor counts per 0.1 l). Readings within {@code warm_up}
 * of the wake-up are flagged {@link QualityFlag#WARMING_UP} (the manual: stable about 30 s after wake-up).
 * {@link #close()} puts the sensor to sleep (fan and laser off).
 */
public final class Pms5003Driver implements SensorDriver {

    public static final Quantity GT0_3 = Quantity.define("particles_gt0_3", Unit.COUNT_PER_CUBIC_CENTIMETRE);
    public static final Quantity GT0_5 = Quantity.define("particles_gt0_5", Unit.COUNT_PER_CUBIC_CENTIMETRE);
    public static final Quantity GT1 = Quantity.define("particles_gt1", Unit.COUNT_PER_CUBIC_CENTIMETRE);
    public static final Quantity GT2_5 = Quantity.define("particles_gt2_5", Unit.COUNT_PER_CUBIC_CENTIMETRE);
    public static final Quantity GT5 = Quantity.define("particles_gt5", Unit.COUNT_PER_CUBIC_CENTIMETRE);
    public static final Quantity GT10 = Quantity.define("particles_gt10", Unit.COUNT_PER_CUBIC_CENTIMETRE);

    static final List<Quantity> QUANTITIES = List.of(Quantity.PM1, Quantity.PM2_5, Quantity.PM10, GT0_3, GT0_5, GT1,
            GT2_5, GT5, GT10);

    /** The effective range of the mass concentration (data manual: 0-500 µg/m³, maximum 1000; verify). */
    static final int MAX_MASS = 1000;

    /** What a site file may say about a PMS5003. */
    public static final DeviceType TYPE = new DeviceType("pms5003",
            "Plantower PMS5003 particulate matter sensor (UART, 9600 baud)", List.of("serial"),
            DeviceType.Addressing.none(), QUANTITIES,
            List.of(OptionSpec.choice("mode", "passive: the gateway asks for each frame; active: the sensor sends "
                            + "one every 1-2.3 s", "passive", "passive", "active"),
                    OptionSpec.choice("standard", "mass concentration: atmospheric environment (outdoors) or CF=1",
                            "atmospheric", "atmospheric", "cf1"),
                    OptionSpec.duration("warm_up", "readings this soon after wake-up are flagged warming up",
                            Duration.ZERO, Duration.ofMinutes(5), Duration.ofSeconds(30)),
                    OptionSpec.duration("timeout", "how long to wait for a frame", Duration.ofMillis(200),
                            Duration.ofSeconds(30), Duration.ofSeconds(3))));

    private final String id;
    private final Context pi4j;
    private final String port;
    private final int baud;
    private final DriverTime time;
    private final boolean passive;
    private final boolean atmospheric;
    private final Duration warmUp;
    private final Duration timeout;

    private final FrameReader<Pms5003Frame> reader;
    private SerialLink link;
    private Instant warmUntil = Instant.MIN;

    Pms5003Driver(String id, Context pi4j, String port, int baud, DriverTime time, boolean passive, boolean atmospheric,
                  Duration warmUp, Duration timeout) {
        this.id = Objects.requireNonNull(id, "id");
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.port = Objects.requireNonNull(port, "port");
        this.baud = baud;
        this.time = Objects.requireNonNull(time, "time");
        this.passive = passive;
        this.atmospheric = atmospheric;
        this.warmUp = warmUp;
        this.timeout = timeout;
        String where = "serial port " + port;
        this.reader = new FrameReader<>(new Pms5003Protocol(where), where);
    }

    /** A driver for a configured device on a serial port (bus settings {@code port} and {@code baud}); touches nothing. */
    public static Pms5003Driver from(DeviceConfig config, Context pi4j, String port, int baud, DriverTime time)
            throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        return new Pms5003Driver(config.id(), pi4j, port, baud, time, options.value("mode").equals("passive"),
                options.value("standard").equals("atmospheric"), options.duration("warm_up"), options.duration("timeout"));
    }

    /** The default speed of the sensor's UART. */
    public static int defaultBaud() {
        return Pms5003Protocol.BAUD;
    }

    @Override
    public String id() {
        return id;
    }

    /** Opens the port, wakes the sensor, sets its mode and waits for a first good frame. */
    @Override
    public DeviceInfo init() throws DriverException {
        release();
        link = SerialLink.open(pi4j, id, port, baud, time);
        link.write(Pms5003Protocol.command(Pms5003Protocol.CMD_SLEEP, 1), "waking the sensor");
        link.write(Pms5003Protocol.command(Pms5003Protocol.CMD_MODE, passive ? 0 : 1),
                passive ? "setting passive mode" : "setting active mode");
        warmUntil = time.now().plus(warmUp);
        frame();
        return new DeviceInfo("PMS5003", link.where() + (passive ? ", passive mode" : ", active mode"), QUANTITIES);
    }

    private Pms5003Frame frame() throws DriverException {
        link.drain("discarding stale bytes");
        reader.reset();
        if (passive) {
            link.write(Pms5003Protocol.command(Pms5003Protocol.CMD_READ, 0), "asking for a frame");
        }
        return link.readFrame(reader, timeout, passive ? "waiting for the frame asked for" : "waiting for the next frame");
    }

    @Override
    public List<Measurement> read() throws DriverException {
        if (link == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        return readings(frame(), time.now());
    }

    List<Measurement> readings(Pms5003Frame f, Instant at) {
        List<Measurement> readings = new ArrayList<>(QUANTITIES.size());
        int[] mass = atmospheric ? new int[] {f.pm1(), f.pm2_5(), f.pm10()} : new int[] {f.pm1Cf1(), f.pm2_5Cf1(), f.pm10Cf1()};
        for (int i = 0; i < 3; i++) {
            Measurement m = Measurement.of(id, QUANTITIES.get(i), mass[i], at);
            readings.add(mass[i] > MAX_MASS ? m.flagged(QualityFlag.OUT_OF_RANGE) : m);
        }
        for (int size = 0; size < 6; size++) {
            readings.add(Measurement.of(id, QUANTITIES.get(3 + size), f.countPerDecilitre(size) / 100.0, at));
        }
        if (at.isBefore(warmUntil)) {
            readings.replaceAll(m -> m.flagged(QualityFlag.WARMING_UP));
        }
        return readings;
    }

    /** Frames read, dropped for their sum, dropped as short, and garbage bytes skipped, since the driver was made. */
    public FrameReader.Stats linkStats() {
        return reader.stats();
    }

    /** A frame with a good sum, mass concentrations that grow with particle size (PM1 ≤ PM2.5 ≤ PM10). */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = init();
            checks.add(Check.pass("frame (checksum)", info.identity()));
            Pms5003Frame f = frame();
            boolean ordered = f.pm1() <= f.pm2_5() && f.pm2_5() <= f.pm10();
            checks.add(new Check("plausible values", ordered, String.format("PM1 %d, PM2.5 %d, PM10 %d ug/m3",
                    f.pm1(), f.pm2_5(), f.pm10())));
        } catch (DriverException e) {
            checks.add(Check.fail(switch (e.fault()) {
                case CHECKSUM -> "frame (checksum)";
                case PROTOCOL -> "frames";
                default -> "reachable";
            }, e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    /** Puts the sensor to sleep (fan and laser off: they wear) and releases the port. */
    @Override
    public void close() {
        if (link != null) {
            try {
                link.write(Pms5003Protocol.command(Pms5003Protocol.CMD_SLEEP, 0), "putting the sensor to sleep");
            } catch (DriverException e) {
                // unreachable: nothing more to do
            }
        }
        release();
    }

    private void release() {
        if (link != null) {
            link.close();
            link = null;
        }
    }
}
