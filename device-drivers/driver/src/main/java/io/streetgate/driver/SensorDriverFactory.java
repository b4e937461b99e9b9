package io.streetgate.driver;

import java.util.Set;

/** Makes sensor drivers of the types it knows, for devices described in the site file. */
public interface SensorDriverFactory {

    /** The driver types this factory makes, e.g. {@code bme280}. */
    Set<String> types();

    /**
     * Makes a driver; does not touch the device yet.
     *
     * @throws DriverException with {@link DriverFault#CONFIGURATION} when the config cannot work
     */
    SensorDriver create(DeviceConfig config) throws DriverException;
}
