package io.streetgate.gateway.platform;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.drivers.modbus.ModbusDriverFactory;
import io.streetgate.drivers.pi4j.Pi4jDriverFactory;
import org.osgi.service.component.annotations.Component;

/**
 * The device types of the drivers this gateway runs, offered to the site component, which checks the
 * site file against them without depending on any driver module. It references nothing, so the site file can
 * be read before the components that need it start.
 */
@Component(service = DeviceCatalog.Provider.class)
public class DriverCatalog implements DeviceCatalog.Provider {

    private static final DeviceCatalog CATALOG = ModbusDriverFactory.catalog().with(Pi4jDriverFactory.catalog());

    @Override
    public DeviceCatalog catalog() {
        return CATALOG;
    }
}
