package io.streetgate.site;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.drivers.modbus.ModbusDriverFactory;
import io.streetgate.drivers.pi4j.Pi4jDriverFactory;

/**
 * The device types this gateway build knows: the union of every driver module's catalog. The launcher's
 * {@code config validate} and the runtime both check site files against it.
 */
public final class StandardDevices {

    private static final DeviceCatalog CATALOG = Pi4jDriverFactory.catalog().with(ModbusDriverFactory.catalog());

    private StandardDevices() {
    }

    public static DeviceCatalog catalog() {
        return CATALOG;
    }
}
