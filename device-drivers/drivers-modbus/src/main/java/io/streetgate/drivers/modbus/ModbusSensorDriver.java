package io.streetgate.drivers.modbus;

import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quality;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.driver.SensorDriver;
import io.streetgate.drivers.modbus.map.Point;
import io.streetgate.drivers.modbus.plan.ReadPlan;
import io.streetgate.driver.time.TimeBase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Modbus device read through its register map: every poll reads the map's measured entries (and its status
 * registers) in the planned requests and returns one reading per entry. A status register that reads non-zero
 * flags all of the poll's readings {@link QualityFlag#DEVICE_WARNING}; a value that is not a number (a meter's
 * NaN for a missing phase, a DALI MASK) is kept and flagged {@link QualityFlag#OUT_OF_RANGE}. A failed request
 * fails the poll (the reading is dropped): the sampler counts it and retries with back-off.
 */
public final class ModbusSensorDriver implements SensorDriver {

    private final ModbusDevice device;
    private final TimeBase time;
    private final Runnable onClose;
    private volatile boolean closed;

    ModbusSensorDriver(ModbusDevice device, TimeBase time, Runnable onClose) {
        this.device = device;
        this.time = time;
        this.onClose = onClose;
    }

    @Override
    public String id() {
        return device.id();
    }

    /** Polls the device once to see that it answers. */
    @Override
    public DeviceInfo init() throws DriverException {
        device.poll();
        return info();
    }

    DeviceInfo info() {
        return new DeviceInfo(device.map().model(), "unit " + device.unit() + " on " + device.link().settings().describe(),
                device.map().quantities());
    }

    @Override
    public List<Measurement> read() throws DriverException {
        Map<Point, Double> values = device.poll();
        Instant now = time.now();
        boolean warning = values.entrySet().stream().anyMatch(e -> e.getKey().status() && e.getValue() != 0);
        List<Measurement> readings = new ArrayList<>(values.size());
        for (Map.Entry<Point, Double> e : values.entrySet()) {
            Point p = e.getKey();
            if (!p.isMeasured()) {
                continue;
            }
            double v = e.getValue();
            Quality quality = Quality.GOOD;
            if (!Double.isFinite(v)) {
                quality = quality.with(QualityFlag.OUT_OF_RANGE);
            }
            if (warning) {
                quality = quality.with(QualityFlag.DEVICE_WARNING);
            }
            readings.add(new Measurement(device.id(), p.quantity(), p.quantity().unit(), v, now, quality));
        }
        return readings;
    }

    /** The default checks, then how the device is polled and what it refused. */
    @Override
    public SelfTestResult selfTest() {
        SelfTestResult base = SensorDriver.super.selfTest();
        List<SelfTestResult.Check> checks = new ArrayList<>(base.checks());
        ReadPlan plan = device.plan();
        checks.add(SelfTestResult.Check.pass("requests per poll", plan.requests() + " for " + plan.points()
                + " entries (" + plan.itemsRead() + " registers)"));
        List<Point> refused = device.refusedPoints();
        if (!refused.isEmpty()) {
            checks.add(SelfTestResult.Check.fail("refused entries", refused.stream().map(p -> p.name() + " ("
                    + p.table().mapName() + " " + p.address() + ")").toList().toString()));
        }
        return SelfTestResult.of(device.id(), checks);
    }

    /** The requests one poll sends now (fewer entries once the device refused some). */
    public ReadPlan plan() {
        return device.plan();
    }

    /** Entries the device answered "illegal data address" for on their own; no longer polled. */
    public List<Point> refusedPoints() {
        return device.refusedPoints();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
