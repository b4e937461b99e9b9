package io.streetgate.driver;

import java.util.Objects;

/** A driver operation failed; {@link #fault()} says how, so that callers count and retry by kind. */
public class DriverException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DriverFault fault;

    public DriverException(DriverFault fault, String message) {
        this(fault, message, null);
    }

    public DriverException(DriverFault fault, String message, Throwable cause) {
        super(message, cause);
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    public DriverFault fault() {
        return fault;
    }

    @Override
    public String toString() {
        return fault + ": " + getMessage();
    }
}
