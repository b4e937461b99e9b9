package io.streetgate.drivers.pi4j.bench;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.SensorDriver;
import io.streetgate.drivers.pi4j.ads1115.Ads1115Driver;
import io.streetgate.drivers.pi4j.bh1750.Bh1750Driver;
import io.streetgate.drivers.pi4j.bme280.Bme280Driver;
import io.streetgate.drivers.pi4j.scd4x.Scd4xDriver;
import io.streetgate.drivers.pi4j.sht4x.Sht4xDriver;
import io.streetgate.drivers.pi4j.sps30.Sps30Driver;
import io.streetgate.drivers.pi4j.support.DriverTime;
import io.streetgate.drivers.pi4j.veml7700.Veml7700Driver;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.SimulatedStreet;
import io.streetgate.sim.StreetScenario;
import io.streetgate.driver.time.TimeBase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The drivers' own cost per reading on the simulated I2C bus: each driver's {@code read()} as the sampler
 * calls it, with every datasheet wait (conversion times, command execution times) passed by advancing the
 * stepped clock instead of sleeping, so what is timed is the driver, Pi4J's I2C layer and the simulated
 * chip, not the chip's physics. {@code rawRegisterRead} is one Pi4J register read on the same bus: the
 * floor a driver's transactions are multiples of. Run with {@code -Dbench=drivers-pi4j} (see docs/performance.md);
 * {@link #main} prints the bus transactions per reading.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class I2cReadBenchmark {

    static final BusConfig I2C_1 = new BusConfig("i2c-1", "i2c", Map.of("number", "1"));
    static final Instant START = Instant.parse("2024-06-21T10:00:00Z");

    @State(Scope.Thread)
    public static class Street {
        ManualClock clock;
        SimulatedStreet street;
        Context pi4j;
        I2C raw;
        final Map<String, SensorDriver> drivers = new LinkedHashMap<>();

        static DeviceConfig device(String id, String type, int address, Map<String, String> options) {
            return new DeviceConfig(id, type, I2C_1, address, Duration.ofSeconds(30), options);
        }

        @Setup
        public void setUp() throws DriverException {
            clock = new ManualClock(START);
            List<DeviceConfig> devices = List.of(device("bme280", "bme280", 0x76, Map.of()),
                    device("bh1750", "bh1750", 0x23, Map.of("mode", "continuous")),
                    device("bh1750-once", "bh1750", 0x5C, Map.of()),
                    device("sht4x", "sht4x", 0x44, Map.of()), device("scd4x", "scd4x", 0x62, Map.of()),
                    device("sps30", "sps30", 0x69, Map.of()), device("veml7700", "veml7700", 0x10, Map.of()),
                    device("sound", "sound_level", 0x48, Map.of()));
            street = SimulatedStreet.create(devices, new StreetScenario(52.37, 4.90, 1), clock);
            pi4j = street.newPi4jContext();
            raw = pi4j.create(I2C.newConfigBuilder(pi4j).id("raw").bus(1).device(0x76).build());
            DriverTime time = new DriverTime(TimeBase.of(clock), clock::advance);
            for (DeviceConfig d : devices) {
                SensorDriver driver = switch (d.type()) {
                    case "bme280" -> Bme280Driver.from(d, pi4j, 1, time);
                    case "bh1750" -> Bh1750Driver.from(d, pi4j, 1, time);
                    case "sht4x" -> Sht4xDriver.from(d, pi4j, 1, time);
                    case "scd4x" -> Scd4xDriver.from(d, pi4j, 1, time);
                    case "sps30" -> Sps30Driver.from(d, pi4j, 1, time);
                    case "veml7700" -> Veml7700Driver.from(d, pi4j, 1, time);
                    default -> Ads1115Driver.from(d, pi4j, 1, time);
                };
                driver.init();
                drivers.put(d.id(), driver);
            }
        }

        /** A reading of a sensor that measures on its own schedule: the next result is due first. */
        List<Measurement> next(String id, Duration period) throws DriverException {
            clock.advance(period);
            return drivers.get(id).read();
        }

        @TearDown
        public void tearDown() {
            drivers.values().forEach(SensorDriver::close);
            pi4j.shutdown();
            street.close();
        }
    }

    @Benchmark
    public int rawRegisterRead(Street s) {
        return s.raw.readRegister(0xD0);
    }

    @Benchmark
    public List<Measurement> bme280Forced(Street s) throws DriverException {
        return s.drivers.get("bme280").read();
    }

    @Benchmark
    public List<Measurement> bh1750Continuous(Street s) throws DriverException {
        return s.drivers.get("bh1750").read();
    }

    @Benchmark
    public List<Measurement> bh1750OneTime(Street s) throws DriverException {
        return s.drivers.get("bh1750-once").read();
    }

    @Benchmark
    public List<Measurement> sht4xHighPrecision(Street s) throws DriverException {
        return s.drivers.get("sht4x").read();
    }

    @Benchmark
    public List<Measurement> scd4xPeriodic(Street s) throws DriverException {
        return s.next("scd4x", Duration.ofSeconds(5));
    }

    @Benchmark
    public List<Measurement> sps30Floats(Street s) throws DriverException {
        return s.next("sps30", Duration.ofSeconds(1));
    }

    @Benchmark
    public List<Measurement> veml7700AutoSettled(Street s) throws DriverException {
        return s.drivers.get("veml7700").read();
    }

    @Benchmark
    public List<Measurement> ads1115SoundLevel(Street s) throws DriverException {
        return s.drivers.get("sound").read();
    }

    /** Prints the I2C transactions one reading of each driver takes (outside JMH: run with -Dbench.main=...). */
    public static void main(String[] args) throws DriverException {
        Street s = new Street();
        s.setUp();
        try {
            Map<String, Duration> periodic = Map.of("scd4x", Duration.ofSeconds(5), "sps30", Duration.ofSeconds(1));
            for (String id : s.drivers.keySet()) {
                s.next(id, periodic.getOrDefault(id, Duration.ZERO)); // settled (auto ranges, first results)
                long before = s.street.board().transfers();
                List<Measurement> readings = s.next(id, periodic.getOrDefault(id, Duration.ZERO));
                long transfers = s.street.board().transfers() - before;
                System.out.printf("%-12s %2d transactions per reading, %d values (%s)%n", id, transfers, readings.size(),
                        readings.get(0).quantity() == Quantity.ILLUMINANCE ? String.format("%.1f lx", readings.get(0).value())
                                : readings.get(0).quantity().name());
            }
        } finally {
            s.tearDown();
        }
    }
}
