package io.streetgate.sim.modbus;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The four tables of one slave. Every address reads 0 until set, as most meters answer reads across unused
 * registers; addresses marked {@link #refuse refused} answer "illegal data address" instead, as a device does
 * for registers it does not have. Typed setters lay values out in a {@link WordOrder}. Thread-safe.
 */
public final class RegisterBank {

    /** Called after a master wrote {@code count} entries of a table from {@code address}. */
    public interface WriteListener {
        void written(Table table, int address, int count);
    }

    /** Checks a value a master wants to write; returns null to accept, or the exception to answer. */
    public interface WriteGuard {
        ExceptionCode check(Table table, int address, int value);
    }

    private static final int SIZE = 0x10000;

    private final char[] inputRegisters = new char[SIZE];
    private final char[] holdingRegisters = new char[SIZE];
    private final BitSet coils = new BitSet(SIZE);
    private final BitSet discreteInputs = new BitSet(SIZE);
    private final Map<Table, BitSet> refused = new EnumMap<>(Table.class);
    private final Map<Table, BitSet> readOnly = new EnumMap<>(Table.class);
    private final List<WriteListener> listeners = new ArrayList<>();
    private WriteGuard guard = (t, a, v) -> null;

    public RegisterBank() {
        for (Table t : Table.values()) {
            refused.put(t, new BitSet(SIZE));
            readOnly.put(t, new BitSet(SIZE));
        }
    }

    // ---- what the slave model sets

    public synchronized void set(Table table, int address, int value) {
        if (table.isBits()) {
            bits(table).set(address, value != 0);
        } else {
            registers(table)[address] = (char) value;
        }
    }

    public synchronized void setRegisters(Table table, int address, int... values) {
        for (int i = 0; i < values.length; i++) {
            set(table, address + i, values[i]);
        }
    }

    public void setBit(Table table, int address, boolean on) {
        set(table, address, on ? 1 : 0);
    }

    public void setInt16(Table table, int address, int value) {
        set(table, address, value & 0xFFFF);
    }

    public void setUint16(Table table, int address, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(value + " does not fit in an unsigned 16-bit register");
        }
        set(table, address, value);
    }

    public void setFloat32(Table table, int address, WordOrder order, double value) {
        setRegisters(table, address, order.registers(ByteBuffer.allocate(4).putFloat((float) value).array()));
    }

    public void setFloat64(Table table, int address, WordOrder order, double value) {
        setRegisters(table, address, order.registers(ByteBuffer.allocate(8).putDouble(value).array()));
    }

    public void setInt32(Table table, int address, WordOrder order, long value) {
        setRegisters(table, address, order.registers(ByteBuffer.allocate(4).putInt((int) value).array()));
    }

    /** A TUF-2000M-style totalizer: INT32 integer part then FLOAT32 fraction, both in {@code order}. */
    public void setLongReal(Table table, int address, WordOrder order, double value) {
        long whole = (long) Math.floor(value);
        setInt32(table, address, order, whole);
        setFloat32(table, address + 2, order, value - whole);
    }

    /** Makes reads and writes covering these addresses answer "illegal data address". */
    public synchronized void refuse(Table table, int from, int to) {
        refused.get(table).set(from, to + 1);
    }

    /** Makes writes to these addresses answer "illegal data address" (a read-only holding register). */
    public synchronized void readOnly(Table table, int from, int to) {
        readOnly.get(table).set(from, to + 1);
    }

    public synchronized void guardWrites(WriteGuard g) {
        this.guard = g;
    }

    public synchronized void onWrite(WriteListener listener) {
        listeners.add(listener);
    }

    // ---- what a master sees

    public synchronized int get(Table table, int address) {
        return table.isBits() ? (bits(table).get(address) ? 1 : 0) : registers(table)[address];
    }

    public synchronized double float32(Table table, int address, WordOrder order) {
        return ByteBuffer.wrap(order.bytes(new int[]{get(table, address), get(table, address + 1)})).getFloat();
    }

    /** Reads {@code count} entries for a master. */
    public synchronized int[] read(Table table, int address, int count) throws ModbusException {
        checkRange(table, address, count, refused.get(table));
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = get(table, address + i);
        }
        return out;
    }

    /** Writes entries for a master, all or none, then tells the listeners. */
    public void write(Table table, int address, int[] values) throws ModbusException {
        List<WriteListener> toTell;
        synchronized (this) {
            if (!table.isWritable()) {
                throw new ModbusException(ExceptionCode.ILLEGAL_FUNCTION, table + " cannot be written");
            }
            checkRange(table, address, values.length, refused.get(table));
            checkRange(table, address, values.length, readOnly.get(table));
            for (int i = 0; i < values.length; i++) {
                ExceptionCode refusal = guard.check(table, address + i, values[i]);
                if (refusal != null) {
                    throw new ModbusException(refusal, "value " + values[i] + " refused at " + (address + i));
                }
            }
            for (int i = 0; i < values.length; i++) {
                set(table, address + i, values[i]);
            }
            toTell = List.copyOf(listeners);
        }
        toTell.forEach(l -> l.written(table, address, values.length));
    }

    private static void checkRange(Table table, int address, int count, BitSet forbidden) throws ModbusException {
        if (address < 0 || count < 1 || address + count > SIZE) {
            throw new ModbusException(ExceptionCode.ILLEGAL_DATA_ADDRESS, address + "+" + count + " is outside the table");
        }
        int hit = forbidden.nextSetBit(address);
        if (hit >= 0 && hit < address + count) {
            throw new ModbusException(ExceptionCode.ILLEGAL_DATA_ADDRESS, table + " " + hit + " is not available");
        }
    }

    private char[] registers(Table table) {
        return table == Table.INPUT_REGISTERS ? inputRegisters : holdingRegisters;
    }

    private BitSet bits(Table table) {
        return table == Table.COILS ? coils : discreteInputs;
    }
}
