package io.streetgate.drivers.modbus.map;

import io.streetgate.driver.Quantity;

import java.util.Objects;

/**
 * One entry of a register map: where a value sits, how its registers become a number and what it measures.
 * A value is {@code transform(raw · scale + offset)}, where raw is the registers read as {@link #type()} in
 * {@link #order()} (or one bit of them).
 *
 * @param name        the entry's name, unique in its map ({@code voltage_l1}); an actuator names it as its
 *                    {@code point}
 * @param table       which of the four tables
 * @param address     protocol (PDU) address of the first register or bit, 0..65535
 * @param type        how the registers are read
 * @param order       register and byte order of values longer than one register
 * @param bit         for a flag inside a register: its bit 0..15 (0 least significant), else -1
 * @param scale       factor applied to the raw value
 * @param offset      added after scaling
 * @param transform   applied last
 * @param quantity    what it measures; null when it is read only for other entries (a status register without
 *                    a reading of its own) or only written
 * @param status      whether a non-zero value means the device reports a problem: the device's readings are
 *                    then flagged {@code DEVICE_WARNING}
 * @param actuation   how an actuator level maps onto it; null when it is not written
 * @param description one line for people
 */
public record Point(String name, RegisterTable table, int address, DataType type, WordOrder order, int bit,
                    double scale, double offset, Transform transform, Quantity quantity, boolean status,
                    Actuation actuation, String description) {

    public Point {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(transform, "transform");
        description = description == null ? "" : description;
    }

    /** How many registers (or bits, for coils and discrete inputs) a read must cover. */
    public int span() {
        return table.isBits() ? 1 : type.registers();
    }

    /** The address after the last register or bit of this entry. */
    public int end() {
        return address + span();
    }

    public boolean isMeasured() {
        return quantity != null;
    }

    public boolean isWritable() {
        return actuation != null;
    }

    /**
     * The value of this entry from registers as read.
     *
     * @param words  16-bit registers as received (for bit tables: 0 or 1 per bit)
     * @param offset index in {@code words} of this entry's first register or bit
     */
    public double decode(int[] words, int offset) {
        return transform.apply(scaled(raw(words, offset)) + this.offset);
    }

    /**
     * The raw number times the scale. A decimal scale such as 0.1 is applied as a division by 10: 519 / 10.0 is
     * 51.9, where 519 * 0.1 is 51.900000000000006, which would travel upstream as such.
     */
    private double scaled(double raw) {
        double inverse = 1 / scale;
        if (scale < 1 && Math.abs(inverse - Math.rint(inverse)) < 1e-9) {
            return raw / Math.rint(inverse);
        }
        return raw * scale;
    }

    /** The raw number of this entry's registers, before scale, offset and transform. */
    public double raw(int[] words, int offset) {
        if (table.isBits()) {
            return words[offset] != 0 ? 1 : 0;
        }
        if (bit >= 0) {
            return ((words[offset] >>> bit) & 1) != 0 ? 1 : 0;
        }
        return switch (type) {
            case BOOL -> words[offset] != 0 ? 1 : 0;
            case INT16 -> (short) order.assemble(words, offset, 1);
            case UINT16 -> order.assemble(words, offset, 1);
            case INT32 -> (int) order.assemble(words, offset, 2);
            case UINT32 -> order.assemble(words, offset, 2);
            case FLOAT32 -> decimal(Float.intBitsToFloat((int) order.assemble(words, offset, 2)));
            case INT64 -> order.assemble(words, offset, 4);
            case UINT64 -> unsigned(order.assemble(words, offset, 4));
            case FLOAT64 -> Double.longBitsToDouble(order.assemble(words, offset, 4));
            case LONG_REAL -> (int) order.assemble(words, offset, 2)
                    + decimal(Float.intBitsToFloat((int) order.assemble(words, offset + 2, 2)));
        };
    }

    /**
     * The double nearest to the float's shortest decimal form: a meter's 231.4 is sent as the float nearest to
     * 231.4, which widens to 231.39999389648438; its decimal form is what the meter meant.
     */
    static double decimal(float value) {
        return Float.isFinite(value) ? Double.parseDouble(Float.toString(value)) : value;
    }

    /**
     * The registers that make this entry read {@code value} (for coils: one word, 0 or 1).
     *
     * @throws IllegalArgumentException when the value cannot be represented (out of the type's range, not a
     *                                  number), naming the entry
     */
    public int[] encode(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": " + value + " is not a number that can be written");
        }
        double raw = (transform.invert(value) - offset) / scale;
        if (table.isBits() || type == DataType.BOOL) {
            return new int[]{Math.round(raw) != 0 ? 1 : 0};
        }
        if (bit >= 0) {
            throw new IllegalArgumentException(name + ": a single bit of a register cannot be written alone");
        }
        return switch (type) {
            case INT16 -> order.split(whole(raw, Short.MIN_VALUE, Short.MAX_VALUE), 1);
            case UINT16 -> order.split(whole(raw, 0, 0xFFFF), 1);
            case INT32 -> order.split(whole(raw, Integer.MIN_VALUE, Integer.MAX_VALUE), 2);
            case UINT32 -> order.split(whole(raw, 0, 0xFFFF_FFFFL), 2);
            case FLOAT32 -> order.split(Float.floatToIntBits((float) raw) & 0xFFFF_FFFFL, 2);
            case INT64, UINT64 -> order.split(whole(raw, Long.MIN_VALUE, Long.MAX_VALUE), 4);
            case FLOAT64 -> order.split(Double.doubleToLongBits(raw), 4);
            case LONG_REAL -> {
                long integer = whole(Math.floor(raw), Integer.MIN_VALUE, Integer.MAX_VALUE);
                int[] high = order.split(integer & 0xFFFF_FFFFL, 2);
                int[] low = order.split(Float.floatToIntBits((float) (raw - integer)) & 0xFFFF_FFFFL, 2);
                yield new int[]{high[0], high[1], low[0], low[1]};
            }
            case BOOL -> throw new AssertionError();
        };
    }

    private long whole(double raw, long min, long max) {
        long n = Math.round(raw);
        if (raw < min - 0.5 || raw > max + 0.5) {
            throw new IllegalArgumentException(name + ": raw value " + raw + " is outside " + type + " (" + min
                    + ".." + max + ")");
        }
        return n;
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}
