package io.streetgate.drivers.pi4j;

import io.streetgate.driver.DeviceCatalog;

/** This module's device types, for {@link DeviceCatalog#installed()}. */
public final class Pi4jCatalog implements DeviceCatalog.Provider {

    @Override
    public DeviceCatalog catalog() {
        return Pi4jDriverFactory.catalog();
    }
}
