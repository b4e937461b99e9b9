package io.streetgate.control;

import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.gateway.api.ActuatorFactory;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Actuator outputs that remember every level written to them, and that can be made to fail (a relay board
 * that stops answering) or be missing (a type no driver module makes): the control loop's view of its drivers.
 */
final class FakeOutputs implements ActuatorFactory {

    /** Written on the control thread, read by the test's: thread-safe. */
    final Map<String, List<Double>> written = Collections.synchronizedMap(new LinkedHashMap<>());
    final Set<String> failing = new HashSet<>();
    final Set<String> missingTypes = new HashSet<>();

    @Override
    public ActuatorDriver createActuator(DeviceConfig config) throws DriverException {
        if (missingTypes.contains(config.type())) {
            throw new DriverException(DriverFault.CONFIGURATION, "no driver module makes actuators of type '"
                    + config.type() + "'");
        }
        written.put(config.id(), new CopyOnWriteArrayList<>());
        return new ActuatorDriver() {
            double level = Double.NaN;

            @Override
            public String id() {
                return config.id();
            }

            @Override
            public DeviceInfo init() throws DriverException {
                check();
                return new DeviceInfo(config.type(), config.id(), List.of());
            }

            @Override
            public void apply(double l) throws DriverException {
                ActuatorDriver.checkLevel(l);
                check();
                level = l;
                written.get(config.id()).add(l);
            }

            @Override
            public double readBack() {
                return level;
            }

            @Override
            public void close() {
            }

            private void check() throws DriverException {
                if (failing.contains(config.id())) {
                    throw new DriverException(DriverFault.TIMEOUT, "no reply from " + config.id());
                }
            }
        };
    }

    /** The level last written to an output; NaN when none was. */
    double level(String id) {
        List<Double> w = written.getOrDefault(id, List.of());
        return w.isEmpty() ? Double.NaN : w.get(w.size() - 1);
    }
}
