package io.streetgate.drivers.pi4j.support;

import com.pi4j.exception.Pi4JException;
import com.pi4j.io.exception.IOAlreadyExistsException;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pi4J wraps the kernel's error in one or two Pi4JExceptions; the fault comes from the innermost IOException. */
class Pi4jFaultsTest {

    static DriverException map(RuntimeException e) {
        return Pi4jFaults.map(e, "I2C bus 1 address 0x76", "reading the chip id");
    }

    static Pi4JException wrapped(Exception cause) {
        return new Pi4JException("Failed to execute action for device 118 on bus 1",
                new Pi4JException("Failed to execute ioctl for device 118 on bus 1", cause));
    }

    @Test
    void anUnansweredAddressIsNoDevice() {
        DriverException e = map(wrapped(new IOException("Remote I/O error")));

        assertEquals(DriverFault.NO_DEVICE, e.fault());
        assertEquals("no answer from I2C bus 1 address 0x76 while reading the chip id (Remote I/O error): "
                + "check wiring, power and the address", e.getMessage());
        assertEquals(DriverFault.NO_DEVICE, map(wrapped(new IOException("No such device or address"))).fault());
    }

    @Test
    void aClockStretchedTooLongIsATimeout() {
        assertEquals(DriverFault.TIMEOUT, map(wrapped(new IOException("Connection timed out"))).fault());
    }

    @Test
    void aHandleThatExistsTwiceIsAConfigurationError() {
        assertEquals(DriverFault.CONFIGURATION, map(new IOAlreadyExistsException("env")).fault());
    }

    @Test
    void anythingElseIsTheBus() {
        DriverException e = map(new Pi4JException("Failed to get I2C lock on bus 1 after 1,000 MILLISECONDS"));

        assertEquals(DriverFault.BUS, e.fault());
        assertEquals(true, e.getMessage().contains("Failed to get I2C lock"));
    }
}
