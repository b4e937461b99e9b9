package io.streetgate.drivers.modbus.map;

/**
 * How a device may be read: how much one request may ask for and how far apart two entries may be and still
 * be read together (the registers between them are read and thrown away, which costs less than another
 * request on any bus; a device that refuses some addresses lists them as refused instead).
 *
 * @param maxRegisters registers in one read, 1..125 (Modbus Application Protocol v1.1b3, 6.3 and 6.4: at most
 *                     125 registers per read)
 * @param maxBits      coils or discrete inputs in one read, 1..2000 (ibid. 6.1 and 6.2)
 * @param maxGap       registers that may lie unused between two entries of one read, 0..125; bits may lie 16
 *                     times as far apart
 */
public record Polling(int maxRegisters, int maxBits, int maxGap) {

    public static final int PROTOCOL_MAX_REGISTERS = 125;
    public static final int PROTOCOL_MAX_BITS = 2000;
    public static final Polling DEFAULT = new Polling(PROTOCOL_MAX_REGISTERS, PROTOCOL_MAX_BITS, 8);

    public Polling {
        if (maxRegisters < 1 || maxRegisters > PROTOCOL_MAX_REGISTERS) {
            throw new IllegalArgumentException("max-registers-per-request " + maxRegisters + " is outside 1.."
                    + PROTOCOL_MAX_REGISTERS);
        }
        if (maxBits < 1 || maxBits > PROTOCOL_MAX_BITS) {
            throw new IllegalArgumentException("max-bits-per-request " + maxBits + " is outside 1.." + PROTOCOL_MAX_BITS);
        }
        if (maxGap < 0 || maxGap > PROTOCOL_MAX_REGISTERS) {
            throw new IllegalArgumentException("max-gap " + maxGap + " is outside 0.." + PROTOCOL_MAX_REGISTERS);
        }
    }

    public Polling withMaxRegisters(int n) {
        return new Polling(n, maxBits, maxGap);
    }

    public Polling withMaxGap(int n) {
        return new Polling(maxRegisters, maxBits, n);
    }

    /** The largest read of a table. */
    public int maxSpan(RegisterTable table) {
        return table.isBits() ? maxBits : maxRegisters;
    }

    /** The largest unused stretch between two entries of a table read together. */
    public int maxGap(RegisterTable table) {
        return table.isBits() ? maxGap * 16 : maxGap;
    }
}
