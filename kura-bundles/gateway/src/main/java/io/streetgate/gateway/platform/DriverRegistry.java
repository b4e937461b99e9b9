package io.streetgate.gateway.platform;

import com.pi4j.context.Context;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.SensorDriver;
import io.streetgate.driver.SensorDriverFactory;
import io.streetgate.drivers.pi4j.Pi4jDriverFactory;
import io.streetgate.time.TimeBase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every driver module's factory behind one {@link SensorDriverFactory}, chosen by device type. */
@Component(service = SensorDriverFactory.class)
public class DriverRegistry implements SensorDriverFactory {

    private final List<SensorDriverFactory> factories;

    @Activate
    public DriverRegistry(@Reference Context pi4j, @Reference TimeBase time) {
        this.factories = List.of(new Pi4jDriverFactory(pi4j, time));
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
}
