package io.streetgate.drivers.modbus;

import io.streetgate.driver.DeviceCatalog;

/** This module's device types, for {@link DeviceCatalog#installed()}. */
public final class ModbusCatalog implements DeviceCatalog.Provider {

    @Override
    public DeviceCatalog catalog() {
        return ModbusDriverFactory.catalog();
    }
}
