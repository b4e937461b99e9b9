package io.streetgate.gateway.api;

import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;

/**
 * Makes the drivers of the site file's actuators (PWM dimmers, relays, Modbus lamp and HVAC controllers), by
 * device type, from every driver module of this gateway. Registered as a service.
 */
public interface ActuatorFactory {

    /**
     * Makes a driver; does not touch the output yet.
     *
     * @throws DriverException with {@link io.streetgate.driver.DriverFault#CONFIGURATION} when no driver module
     *                         makes actuators of this type, or the configuration cannot work
     */
    ActuatorDriver createActuator(DeviceConfig config) throws DriverException;
}
