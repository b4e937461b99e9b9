package io.streetgate.sim.modbus;

/** The four Modbus data tables (Modbus Application Protocol v1.1b3, section 4.3). */
public enum Table {
    COILS(true, true),
    DISCRETE_INPUTS(true, false),
    INPUT_REGISTERS(false, false),
    HOLDING_REGISTERS(false, true);

    private final boolean bits;
    private final boolean writable;

    Table(boolean bits, boolean writable) {
        this.bits = bits;
        this.writable = writable;
    }

    public boolean isBits() {
        return bits;
    }

    /** Whether a master may write it. */
    public boolean isWritable() {
        return writable;
    }
}
