package io.streetgate.gateway.sampling;

import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Health;
import io.streetgate.driver.HealthState;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.driver.SensorDriver;
import io.streetgate.driver.SensorDriverFactory;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.MeasurementSink;
import io.streetgate.gateway.api.SelfTestable;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.driver.time.TimeBase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Samples one sensor on its own period, on its bus's scheduler, and feeds the readings to the pipeline. A
 * failing sensor is marked degraded, then faulty, and retried with back-off; its failures are logged once
 * per change of state, never per read. One instance per {@code streetgate.sensor} configuration; it runs the
 * driver's self-test on the bus thread when {@code streetgate selftest} asks.
 */
@Component(service = SelfTestable.class, immediate = true, configurationPid = ConfigAdminMapping.SENSOR_FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SensorSampler.Config.class, factory = true)
public class SensorSampler implements SelfTestable {

    private static final Logger LOG = LoggerFactory.getLogger(SensorSampler.class);

    @ObjectClassDefinition(name = "streetgate sensor",
            description = "One sensor: what it is, where it sits and how often it is read. Written from the site "
                    + "file; driver options are properties named option.<key>.")
    public @interface Config {
        @AttributeDefinition(name = "Sensor id", description = "Unique id; the source id of its readings")
        String sensor_id();

        @AttributeDefinition(name = "Type", description = "Driver type, e.g. bme280, bh1750, pir")
        String sensor_type();

        @AttributeDefinition(name = "Bus id")
        String bus_id();

        @AttributeDefinition(name = "Bus kind", description = "i2c, gpio, serial, modbus-tcp or modbus-rtu")
        String bus_kind();

        @AttributeDefinition(name = "Address", description = "I2C address, GPIO pin or Modbus unit; -1 for none")
        long address() default -1;

        @AttributeDefinition(name = "Period (ms)", description = "Sampling period in milliseconds", min = "100",
                max = "86400000")
        long period_ms() default 10_000;
    }

    private final DeviceConfig device;
    private final String healthName;
    private final TimeBase time;
    private final MeasurementSink sink;
    private final HealthRegistry health;
    private final ScheduledExecutorService bus;
    private final SensorHealthTracker tracker;
    private volatile SensorDriver driver;
    private volatile ScheduledFuture<?> next;
    private volatile boolean stopped;
    private volatile List<Measurement> lastReadings = List.of();
    private volatile DeviceInfo info;

    @Activate
    public SensorSampler(@Reference SensorDriverFactory drivers, @Reference TimeBase time,
                         @Reference BusSchedulers buses, @Reference MeasurementSink sink,
                         @Reference HealthRegistry health, Map<String, Object> properties) {
        this.time = time;
        this.sink = sink;
        this.health = health;
        this.device = ConfigAdminMapping.device(properties);
        this.healthName = "sensor/" + device.id();
        this.tracker = new SensorHealthTracker(device.period(), time.now());
        this.bus = buses.forBus(device.bus().id());
        try {
            this.driver = drivers.create(device);
        } catch (DriverException e) {
            tracker.failure(e, time.now());
            LOG.error("Sensor {} ({}) cannot run: {}", device.id(), device.type(), e.getMessage());
            report();
            return;
        }
        report();
        schedule(Duration.ZERO);
    }

    private void schedule(Duration gatewayDelay) {
        if (stopped) {
            return;
        }
        long nanos = gatewayDelay.isZero() ? 0 : time.realDelayNanos(gatewayDelay);
        next = bus.schedule(this::sample, nanos, TimeUnit.NANOSECONDS);
    }

    private void sample() {
        if (stopped) {
            return;
        }
        long started = time.nanos();
        DriverException failure = null;
        try {
            if (tracker.needsInit()) {
                info = driver.init();
                tracker.initialised();
            }
            List<Measurement> readings = driver.read();
            readings.forEach(sink::accept);
            lastReadings = readings;
            if (tracker.success(time.now())) {
                LOG.info("Sensor {} is ok{}", device.id(), info == null ? "" : " (" + info.model() + ")");
            }
        } catch (DriverException e) {
            failure = e;
            logTransition(tracker.failure(e, time.now()));
        } catch (RuntimeException | LinkageError e) {
            // a driver bug or a class its bundle cannot load: counted and retried like any failure, never a
            // silently dead schedule (the executor would swallow it and the sensor would stay "starting")
            failure = new DriverException(DriverFault.PROTOCOL, "driver error: " + e, e);
            logTransition(tracker.failure(failure, time.now()));
            LOG.debug("Driver of {} threw", device.id(), e);
        }
        report();
        if (tracker.gaveUp()) {
            return;
        }
        Duration delay = tracker.nextDelay(failure);
        // keep the period: subtract the time this attempt took, in gateway time on the time base's monotonic clock
        // (on a street stepped by a test that is the simulation's time, so a run repeats to the nanosecond)
        Duration spent = Duration.ofNanos(Math.max(0, time.nanos() - started));
        schedule(delay.compareTo(spent) > 0 ? delay.minus(spent) : Duration.ofMillis(1));
    }

    private void logTransition(boolean changed) {
        if (!changed) {
            return;
        }
        Health h = tracker.health();
        if (h.state() == HealthState.FAULTY) {
            LOG.error("Sensor {} is faulty: {}; retrying with back-off", device.id(), h.reason());
        } else {
            LOG.warn("Sensor {} is degraded: {}", device.id(), h.reason());
        }
    }

    private void report() {
        Map<String, Object> details = new LinkedHashMap<>(tracker.details());
        details.put("type", device.type());
        details.put("bus", device.bus().id());
        details.put("period", device.period().toMillis());
        Map<String, Object> last = new LinkedHashMap<>();
        for (Measurement m : lastReadings) {
            last.put(m.quantity().name(), m.value());
        }
        details.put("last", last);
        health.report(healthName, tracker.health(), details);
    }

    @Override
    public String deviceId() {
        return device.id();
    }

    @Override
    public String kind() {
        return SENSOR;
    }

    /** The driver's self-test, on the bus thread between two readings. */
    @Override
    public SelfTestResult selfTest(Duration timeout) {
        SensorDriver d = driver;
        if (d == null) {
            return SelfTestResult.of(device.id(), List.of(SelfTestResult.Check.fail("driver", tracker.health().reason())));
        }
        Future<SelfTestResult> test = bus.submit(d::selfTest);
        try {
            return test.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return SelfTestResult.of(device.id(), List.of(SelfTestResult.Check.fail("answers",
                    "no result within " + timeout.toSeconds() + " s: the device or its bus hangs")));
        } catch (ExecutionException e) {
            return SelfTestResult.of(device.id(), List.of(SelfTestResult.Check.fail("self-test",
                    "driver error: " + e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SelfTestResult.of(device.id(), List.of(SelfTestResult.Check.fail("self-test", "interrupted")));
        }
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
        SensorDriver d = driver;
        if (d != null) {
            // close on the bus thread so that it never races a read in progress
            try {
                bus.submit(d::close).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                d.close();
            }
        }
        health.remove(healthName);
    }

    /** When the last attempt happened, for tests. */
    Instant since() {
        return tracker.health().since();
    }
}
