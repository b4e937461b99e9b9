package io.streetgate.gateway.platform;

import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.SensorDriver;
import io.streetgate.driver.SensorDriverFactory;
import io.streetgate.drivers.modbus.ModbusDriverFactory;
import io.streetgate.drivers.pi4j.Pi4jDriverFactory;
import io.streetgate.gateway.api.ActuatorFactory;
import io.streetgate.gateway.api.Platform;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.driver.time.TimeBase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every driver module's factory behind one {@link SensorDriverFactory} and one {@link ActuatorFactory}, chosen
 * by device type. The Pi4J drivers run on whichever {@link Platform} is registered, the Pi's or a simulated street's.
 */
@Component(service = {SensorDriverFactory.class, ActuatorFactory.class})
public class DriverRegistry implements SensorDriverFactory, ActuatorFactory {

    private final List<SensorDriverFactory> factories;
    /** The driver modules' actuator factories by the types they make: Pi4J PWM dimmers and relays, Modbus points. */
    private final Map<String, ActuatorFactory> actuatorModules = new HashMap<>();
    /** Holds the Modbus bus connections, shared by the devices on each bus. */
    private final ModbusDriverFactory modbusDrivers;

    @Activate
    public DriverRegistry(@Reference Platform platform, @Reference TimeBase time, @Reference CurrentSite site) {
        Pi4jDriverFactory pi4jDrivers = new Pi4jDriverFactory(platform.pi4j(), time);
        // relative map files in the site file are relative to the site file's folder (docs/modbus.md)
        Path siteFolder = site.file().toAbsolutePath().getParent();
        modbusDrivers = new ModbusDriverFactory(time, siteFolder == null ? Path.of("") : siteFolder);
        this.factories = List.of(pi4jDrivers, modbusDrivers);
        pi4jDrivers.actuatorTypes().forEach(type -> actuatorModules.put(type, pi4jDrivers::createActuator));
        // any Modbus device with a writable entry can be an actuator; the driver names the entries if not
        modbusDrivers.types().forEach(type -> actuatorModules.put(type, modbusDrivers::createActuator));
    }

    @Deactivate
    void deactivate() {
        modbusDrivers.close();
    }

    @Override
    public Set<String> types() {
        Set<String> types = new LinkedHashSet<>();
        factories.forEach(f -> types.addAll(f.types()));
        return types;
    }

    @Override
    public SensorDriver create(DeviceConfig config) throws DriverException {
        for (SensorDriverFactory factory : factories) {
            if (factory.types().contains(config.type())) {
                return factory.create(config);
            }
        }
        throw new DriverException(DriverFault.CONFIGURATION, "no driver for type '" + config.type()
                + "'; this gateway has drivers for " + String.join(", ", types()));
    }

    @Override
    public ActuatorDriver createActuator(DeviceConfig config) throws DriverException {
        ActuatorFactory module = actuatorModules.get(config.type());
        if (module == null) {
            throw new DriverException(DriverFault.CONFIGURATION, "actuator '" + config.id() + "': no driver module of "
                    + "this gateway makes actuators of type '" + config.type() + "'"
                    + (actuatorModules.isEmpty() ? " (none makes actuators yet)"
                    : "; actuator types: " + String.join(", ", new TreeSet<>(actuatorModules.keySet()))));
        }
        return module.createActuator(config);
    }
}
