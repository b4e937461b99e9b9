package io.streetgate.drivers.pi4j;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.SensorDriver;
import io.streetgate.sim.SimFault;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The fault specification of a UART sensor on its simulated twin: each line fault, its driver fault, recovery. */
public final class SerialFaultDrill {

    private SerialFaultDrill() {
    }

    /**
     * A sensor that is unplugged is NO_DEVICE, a hung port TIMEOUT, damaged frames {@code crcFault}, frames cut
     * short PROTOCOL; each time it comes back once the fault is cleared. Noise between frames costs no reading.
     */
    public static void everySerialFault(StreetFixture fixture, String id, SensorDriver driver, FaultDrill.Reading reading,
                                        DriverFault crcFault) throws DriverException {
        FaultDrill.drill(fixture, id, driver, reading, SimFault.NACK, DriverFault.NO_DEVICE);
        FaultDrill.drill(fixture, id, driver, reading, SimFault.TIMEOUT, DriverFault.TIMEOUT);
        FaultDrill.drill(fixture, id, driver, reading, SimFault.CRC_ERROR, crcFault);
        FaultDrill.drill(fixture, id, driver, reading, SimFault.SHORT_FRAME, DriverFault.PROTOCOL);
        fixture.street.injectFault(id, SimFault.GARBAGE);
        assertFalse(reading.take().isEmpty(), "garbage between frames is skipped");
        fixture.street.clearFault(id);
    }
}
