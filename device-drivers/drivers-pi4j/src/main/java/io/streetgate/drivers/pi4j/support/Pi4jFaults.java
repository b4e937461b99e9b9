package io.streetgate.drivers.pi4j.support;

import com.pi4j.io.exception.IOAlreadyExistsException;
import com.pi4j.provider.exception.ProviderException;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;

import java.util.Locale;

/**
 * Turns what Pi4J throws into a {@link DriverException} with the fault a caller can act on. Pi4J wraps the
 * kernel's error in one or more {@code Pi4JException}s; the Linux I2C adapter reports an address that does
 * not answer as {@code Remote I/O error} (EREMOTEIO) or {@code No such device or address} (ENXIO), and a
 * slave that holds the clock too long as {@code Connection timed out} (ETIMEDOUT).
 */
public final class Pi4jFaults {

    private Pi4jFaults() {
    }

    /** For a {@code read()} before a successful {@code init()}. */
    public static DriverException notInitialised(String id) {
        return new DriverException(DriverFault.NOT_READY, id + ": not initialised; init() must succeed first");
    }

    /**
     * @param failure what Pi4J threw
     * @param where   the device, e.g. {@code I2C bus 1 address 0x76}
     * @param doing   what the driver was doing, e.g. {@code reading the chip id}
     */
    public static DriverException map(RuntimeException failure, String where, String doing) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.NoSuchFileException || t instanceof java.io.FileNotFoundException) {
                return new DriverException(DriverFault.BUS, where + " does not exist (" + t.getMessage()
                        + "): is the adapter plugged in, the UART enabled? `streetgate scan` lists the ports", failure);
            }
            if (t instanceof java.io.IOException io) {
                String reason = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
                if (reason.toLowerCase(Locale.ROOT).contains("timed out")) {
                    return new DriverException(DriverFault.TIMEOUT,
                            where + " held the bus too long while " + doing + " (" + reason + ")", failure);
                }
                return new DriverException(DriverFault.NO_DEVICE,
                        "no answer from " + where + " while " + doing + " (" + reason
                                + "): check wiring, power and the address", failure);
            }
            if (t instanceof IOAlreadyExistsException) {
                return new DriverException(DriverFault.CONFIGURATION, where + " is already in use in this Pi4J context ("
                        + t.getMessage() + "): two devices configured on it?", failure);
            }
            if (t instanceof ProviderException) {
                return new DriverException(DriverFault.CONFIGURATION, "the Pi4J context cannot reach " + where
                        + " (" + t.getMessage() + "): was it built with the I2C/GPIO providers?", failure);
            }
        }
        return new DriverException(DriverFault.BUS, where + " failed while " + doing + ": " + failure.getMessage(),
                failure);
    }
}
