package io.streetgate.drivers.pi4j;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.SensorDriver;
import io.streetgate.sim.SimFault;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fault specification every driver meets on its simulated twin: with a fault injected, a reading is
 * refused with the fault a caller can act on (the reading is dropped, not passed on damaged); once the
 * device answers again, the sampler's init() and the next reading work.
 */
public final class FaultDrill {

    /** One reading as the sampler takes it (for periodic sensors: after the next result is due). */
    public interface Reading {
        List<Measurement> take() throws DriverException;
    }

    private FaultDrill() {
    }

    /** Injects {@code fault}, expects {@code expected} from a reading, clears the fault, re-inits and reads again. */
    public static void drill(StreetFixture fixture, String id, SensorDriver driver, Reading reading, SimFault fault,
                             DriverFault expected) throws DriverException {
        fixture.street.board().timeoutBlock(Duration.ofMillis(1));
        fixture.street.injectFault(id, fault);
        DriverException e = assertThrows(DriverException.class, reading::take, fault + " on " + id);
        assertEquals(expected, e.fault(), fault + " on " + id + ": " + e.getMessage());
        fixture.street.clearFault(id);
        driver.init();
        List<Measurement> back = reading.take();
        assertFalse(back.isEmpty(), id + " reads again after " + fault);
    }

    /** Every I2C fault: NACK is NO_DEVICE, CRC_ERROR {@code crcFault}, TIMEOUT is TIMEOUT; each recovers. */
    public static void everyI2cFault(StreetFixture fixture, String id, SensorDriver driver, Reading reading,
                                     DriverFault crcFault) throws DriverException {
        drill(fixture, id, driver, reading, SimFault.NACK, DriverFault.NO_DEVICE);
        drill(fixture, id, driver, reading, SimFault.CRC_ERROR, crcFault);
        drill(fixture, id, driver, reading, SimFault.TIMEOUT, DriverFault.TIMEOUT);
    }
}
