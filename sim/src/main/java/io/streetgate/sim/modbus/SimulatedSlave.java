package io.streetgate.sim.modbus;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One simulated Modbus device at a unit id: its registers, the model that drives them, its faults, and a count
 * of the requests addressed to it. Answers request PDUs per the Modbus Application Protocol v1.1b3, section 6
 * (functions 01-06, 15, 16; others answer "illegal function"). Thread-safe.
 */
public final class SimulatedSlave {

    // quantity limits per request, Modbus Application Protocol v1.1b3 sections 6.1-6.4, 6.11, 6.12
    static final int MAX_READ_BITS = 2000;
    static final int MAX_READ_REGISTERS = 125;
    static final int MAX_WRITE_BITS = 1968;
    static final int MAX_WRITE_REGISTERS = 123;

    private final int unitId;
    private final RegisterBank registers = new RegisterBank();
    private final DeviceModel model;
    private final SlaveFaults faults = new SlaveFaults();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLongArray byFunction = new AtomicLongArray(128);
    private volatile java.util.Set<Integer> functions;

    /**
     * @param unitId 1..247 (Modbus over serial line v1.02, section 2.2: 0 is broadcast, 248..255 reserved)
     * @param model  what drives the registers; null for registers the test sets itself
     */
    public SimulatedSlave(int unitId, DeviceModel model) {
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("unit id " + unitId + " is outside 1..247");
        }
        this.unitId = unitId;
        this.model = model;
        if (model != null) {
            model.install(registers);
        }
    }

    /**
     * Makes the slave answer only these function codes, others with "illegal function" (a TUF-2000M knows
     * only 03 and 06).
     */
    public SimulatedSlave supportOnly(Integer... functionCodes) {
        this.functions = java.util.Set.of(functionCodes);
        return this;
    }

    public int unitId() {
        return unitId;
    }

    public RegisterBank registers() {
        return registers;
    }

    public SlaveFaults faults() {
        return faults;
    }

    public DeviceModel model() {
        return model;
    }

    /** Requests addressed to this unit so far (answered or not). */
    public long requests() {
        return requests.get();
    }

    /** Requests with this function code so far. */
    public long requests(int functionCode) {
        return byFunction.get(functionCode & 0x7F);
    }

    /** Brings the registers to {@code now} unless the device is stuck or gone. */
    public void update(Instant now) {
        if (model != null && !faults.stuck()) {
            synchronized (model) {
                model.update(now, registers);
            }
        }
    }

    /**
     * The response PDU for a request PDU, or null when the device does not answer (gone, no-reply fault).
     * Reply faults that damage the frame are the transport's business: see {@link SlaveFaults#reply()}.
     */
    public byte[] answer(byte[] request, Instant now) {
        requests.incrementAndGet();
        if (request.length > 0) {
            byFunction.incrementAndGet(request[0] & 0x7F);
        }
        if (faults.reply() == SlaveFaults.Reply.NONE) {
            return null;
        }
        update(now);
        int function = request.length > 0 ? request[0] & 0xFF : 0;
        ExceptionCode injected = faults.exception();
        if (injected != null) {
            return exception(function, injected);
        }
        try {
            return process(function, request);
        } catch (ModbusException e) {
            return exception(function, e.code());
        } catch (IndexOutOfBoundsException e) {
            return exception(function, ExceptionCode.ILLEGAL_DATA_VALUE);
        }
    }

    private byte[] process(int function, byte[] pdu) throws ModbusException {
        java.util.Set<Integer> supported = functions;
        if (supported != null && !supported.contains(function)) {
            throw new ModbusException(ExceptionCode.ILLEGAL_FUNCTION, "function " + function + " not supported");
        }
        switch (function) {
            case 0x01, 0x02 -> {
                Table table = function == 0x01 ? Table.COILS : Table.DISCRETE_INPUTS;
                int address = u16(pdu, 1);
                int count = u16(pdu, 3);
                requireLength(pdu, 5);
                requireQuantity(count, MAX_READ_BITS);
                int[] bits = registers.read(table, address, count);
                byte[] out = new byte[2 + (count + 7) / 8];
                out[0] = (byte) function;
                out[1] = (byte) ((count + 7) / 8);
                for (int i = 0; i < count; i++) {
                    if (bits[i] != 0) {
                        // the first bit goes to the least significant bit of the first byte (v1.1b3, 6.1)
                        out[2 + i / 8] |= (byte) (1 << (i % 8));
                    }
                }
                return out;
            }
            case 0x03, 0x04 -> {
                Table table = function == 0x03 ? Table.HOLDING_REGISTERS : Table.INPUT_REGISTERS;
                int address = u16(pdu, 1);
                int count = u16(pdu, 3);
                requireLength(pdu, 5);
                requireQuantity(count, MAX_READ_REGISTERS);
                int[] values = registers.read(table, address, count);
                byte[] out = new byte[2 + 2 * count];
                out[0] = (byte) function;
                out[1] = (byte) (2 * count);
                for (int i = 0; i < count; i++) {
                    out[2 + 2 * i] = (byte) (values[i] >>> 8);
                    out[3 + 2 * i] = (byte) values[i];
                }
                return out;
            }
            case 0x05 -> {
                requireLength(pdu, 5);
                int value = u16(pdu, 3);
                if (value != 0xFF00 && value != 0x0000) {
                    // only FF00 (on) and 0000 (off) are valid (v1.1b3, 6.5)
                    throw new ModbusException(ExceptionCode.ILLEGAL_DATA_VALUE, "coil value " + value);
                }
                registers.write(Table.COILS, u16(pdu, 1), new int[]{value == 0xFF00 ? 1 : 0});
                return pdu.clone();
            }
            case 0x06 -> {
                requireLength(pdu, 5);
                registers.write(Table.HOLDING_REGISTERS, u16(pdu, 1), new int[]{u16(pdu, 3)});
                return pdu.clone();
            }
            case 0x0F -> {
                int address = u16(pdu, 1);
                int count = u16(pdu, 3);
                requireQuantity(count, MAX_WRITE_BITS);
                int byteCount = pdu[5] & 0xFF;
                if (byteCount != (count + 7) / 8) {
                    throw new ModbusException(ExceptionCode.ILLEGAL_DATA_VALUE, "byte count " + byteCount);
                }
                requireLength(pdu, 6 + byteCount);
                int[] values = new int[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (pdu[6 + i / 8] >> (i % 8)) & 1;
                }
                registers.write(Table.COILS, address, values);
                return new byte[]{0x0F, pdu[1], pdu[2], pdu[3], pdu[4]};
            }
            case 0x10 -> {
                int address = u16(pdu, 1);
                int count = u16(pdu, 3);
                requireQuantity(count, MAX_WRITE_REGISTERS);
                int byteCount = pdu[5] & 0xFF;
                if (byteCount != 2 * count) {
                    throw new ModbusException(ExceptionCode.ILLEGAL_DATA_VALUE, "byte count " + byteCount);
                }
                requireLength(pdu, 6 + byteCount);
                int[] values = new int[count];
                for (int i = 0; i < count; i++) {
                    values[i] = u16(pdu, 6 + 2 * i);
                }
                registers.write(Table.HOLDING_REGISTERS, address, values);
                return new byte[]{0x10, pdu[1], pdu[2], pdu[3], pdu[4]};
            }
            default -> throw new ModbusException(ExceptionCode.ILLEGAL_FUNCTION, "function " + function);
        }
    }

    /** An exception response: the function code with its high bit set, then the code (v1.1b3, section 7). */
    static byte[] exception(int function, ExceptionCode code) {
        return new byte[]{(byte) (function | 0x80), (byte) code.code()};
    }

    private static void requireQuantity(int count, int max) throws ModbusException {
        if (count < 1 || count > max) {
            throw new ModbusException(ExceptionCode.ILLEGAL_DATA_VALUE, "quantity " + count + " is outside 1.." + max);
        }
    }

    private static void requireLength(byte[] pdu, int length) throws ModbusException {
        if (pdu.length != length) {
            throw new ModbusException(ExceptionCode.ILLEGAL_DATA_VALUE, "request of " + pdu.length + " bytes");
        }
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
