package io.streetgate.sim.modbus;

/** A request a slave answers with an exception response. */
public final class ModbusException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ExceptionCode code;

    public ModbusException(ExceptionCode code, String message) {
        super(message);
        this.code = code;
    }

    public ExceptionCode code() {
        return code;
    }
}
