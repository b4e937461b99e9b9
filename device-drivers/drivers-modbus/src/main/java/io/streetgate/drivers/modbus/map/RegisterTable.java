package io.streetgate.drivers.modbus.map;

import java.util.Locale;

/**
 * The four Modbus data tables (Modbus Application Protocol v1.1b3, section 4.3), with the function code that
 * reads each and whether the protocol lets a master write it.
 */
public enum RegisterTable {
    /** 0x references: read/write bits, read with function 01. */
    COIL("coil", 0x01, true, true),
    /** 1x references: read-only bits, read with function 02. */
    DISCRETE_INPUT("discrete", 0x02, true, false),
    /** 3x references: read-only 16-bit registers (measurements), read with function 04. */
    INPUT_REGISTER("input", 0x04, false, false),
    /** 4x references: read/write 16-bit registers (configuration, setpoints), read with function 03. */
    HOLDING_REGISTER("holding", 0x03, false, true);

    private final String mapName;
    private final int readFunction;
    private final boolean bits;
    private final boolean writable;

    RegisterTable(String mapName, int readFunction, boolean bits, boolean writable) {
        this.mapName = mapName;
        this.readFunction = readFunction;
        this.bits = bits;
        this.writable = writable;
    }

    /** The name a map file uses: {@code coil}, {@code discrete}, {@code input}, {@code holding}. */
    public String mapName() {
        return mapName;
    }

    /** The function code that reads this table. */
    public int readFunction() {
        return readFunction;
    }

    /** Whether entries are single bits (coils, discrete inputs) rather than 16-bit registers. */
    public boolean isBits() {
        return bits;
    }

    /** Whether a master may write it (coils with 05/15, holding registers with 06/16). */
    public boolean isWritable() {
        return writable;
    }

    /** The table a map file names, or null. */
    public static RegisterTable fromMapName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (RegisterTable t : values()) {
            if (t.mapName.equals(n) || t.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(n)) {
                return t;
            }
        }
        return null;
    }
}
