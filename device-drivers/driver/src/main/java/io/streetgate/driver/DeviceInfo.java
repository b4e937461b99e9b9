package io.streetgate.driver;

import java.util.List;

/**
 * What a driver found on the bus.
 *
 * @param model      the chip or device model, e.g. {@code BME280}
 * @param identity   what identifies the device (chip id, serial number), empty when it has none
 * @param quantities the quantities it reports
 */
public record DeviceInfo(String model, String identity, List<Quantity> quantities) {

    public DeviceInfo {
        quantities = List.copyOf(quantities);
        identity = identity == null ? "" : identity;
    }
}
