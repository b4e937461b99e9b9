package io.streetgate.drivers.modbus.map;

import java.util.Locale;

/** How the registers of one map entry are read as a number. */
public enum DataType {
    /** A coil or discrete input, or one bit of a register (with {@code bit:} in the map). */
    BOOL(1),
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    /** IEEE 754 single precision. */
    FLOAT32(2),
    INT64(4),
    UINT64(4),
    /** IEEE 754 double precision. */
    FLOAT64(4),
    /**
     * A totalizer as TUF-2000M-class meters give it: an INT32 integer part followed by a FLOAT32 fraction
     * (the manual's "LONG" and "REAL4"), the value being their sum; both halves in the entry's word order.
     */
    LONG_REAL(4);

    private final int registers;

    DataType(int registers) {
        this.registers = registers;
    }

    /** How many 16-bit registers a value takes (1 for bits). */
    public int registers() {
        return registers;
    }

    /** The type a map file names (case-insensitive; {@code float}/{@code real} for FLOAT32), or null. */
    public static DataType fromMapName(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        return switch (n) {
            case "FLOAT", "REAL", "REAL4" -> FLOAT32;
            case "DOUBLE" -> FLOAT64;
            case "BIT", "BOOLEAN" -> BOOL;
            default -> {
                for (DataType t : values()) {
                    if (t.name().equals(n)) {
                        yield t;
                    }
                }
                yield null;
            }
        };
    }
}
