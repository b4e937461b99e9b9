package io.streetgate.drivers.modbus;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;

/**
 * A failed Modbus request. When the device answered with an exception response, {@link #exceptionCode()} gives
 * its code (Modbus Application Protocol v1.1b3, section 7), else -1.
 */
public class ModbusDriverException extends DriverException {

    private static final long serialVersionUID = 1L;

    private final int exceptionCode;

    public ModbusDriverException(DriverFault fault, String message, int exceptionCode) {
        super(fault, message);
        this.exceptionCode = exceptionCode;
    }

    public ModbusDriverException(DriverFault fault, String message) {
        this(fault, message, -1);
    }

    /** The exception code the device answered, or -1 when it did not answer with one. */
    public int exceptionCode() {
        return exceptionCode;
    }

    /** The protocol's name of an exception code (v1.1b3, section 7). */
    public static String exceptionName(int code) {
        return switch (code) {
            case 0x01 -> "illegal function";
            case 0x02 -> "illegal data address";
            case 0x03 -> "illegal data value";
            case 0x04 -> "server device failure";
            case 0x05 -> "acknowledge";
            case 0x06 -> "server device busy";
            case 0x08 -> "memory parity error";
            case 0x0A -> "gateway path unavailable";
            case 0x0B -> "gateway target device failed to respond";
            default -> "unknown exception";
        };
    }

    /**
     * The fault an exception code stands for: a gateway that cannot reach the device (0x0A, 0x0B) means no
     * device answers at that unit; every other code is the device refusing the request.
     */
    public static DriverFault faultOf(int code) {
        return code == 0x0A || code == 0x0B ? DriverFault.NO_DEVICE : DriverFault.PROTOCOL;
    }
}
