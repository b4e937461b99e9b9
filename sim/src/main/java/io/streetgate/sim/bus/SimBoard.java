package io.streetgate.sim.bus;

import com.pi4j.provider.Provider;
import io.streetgate.sim.SimFault;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated gateway board: I2C buses with chips at addresses, GPIO lines, and recorded outputs, reached
 * through the Pi4J providers of {@link #providers()}. Faults are injected per I2C address here; GPIO devices
 * handle their own.
 */
public final class SimBoard {

    /**
     * The messages the Linux I2C adapter gives (strerror of EREMOTEIO and ETIMEDOUT), so that code mapping
     * real errors sees the same on the simulated bus.
     */
    static final String NACK_MESSAGE = "Remote I/O error";
    static final String TIMEOUT_MESSAGE = "Connection timed out";

    private final SimTime time;
    private final Set<Integer> buses = ConcurrentHashMap.newKeySet();
    private final Map<Long, Slot> slots = new ConcurrentHashMap<>();
    private final Map<Integer, GpioLine> lines = new ConcurrentHashMap<>();
    private final Map<String, RecordedOutput> outputs = new ConcurrentHashMap<>();
    private final Map<String, SimSerialPort> serialPorts = new ConcurrentHashMap<>();
    private volatile Duration timeoutBlock = Duration.ofMillis(50);
    private final java.util.concurrent.atomic.LongAdder transfers = new java.util.concurrent.atomic.LongAdder();
    @SuppressWarnings("rawtypes")
    private List<Provider> providers;

    private static final class Slot {
        final I2cChip chip;
        volatile SimFault fault;

        Slot(I2cChip chip) {
            this.chip = chip;
        }
    }

    public SimBoard(SimTime time) {
        this.time = Objects.requireNonNull(time, "time");
        buses.add(1); // the Pi's header I2C bus is always there
    }

    public SimTime time() {
        return time;
    }

    /** The Pi4J providers (I2C, digital input, digital output, PWM, serial) that reach this board. Made once. */
    @SuppressWarnings("rawtypes") // Pi4J's builder takes raw Provider varargs
    public synchronized List<Provider> providers() {
        if (providers == null) {
            providers = List.of(new SimI2CProvider(this), new SimDigitalInputProvider(this),
                    new SimDigitalOutputProvider(this), new SimPwmProvider(this), new SimSerialProvider(this));
        }
        return providers;
    }

    public void addBus(int bus) {
        buses.add(bus);
    }

    public boolean hasBus(int bus) {
        return buses.contains(bus);
    }

    public Set<Integer> buses() {
        return new TreeSet<>(buses);
    }

    /** Puts a chip at an address, replacing whatever was there, and creates the bus if needed. */
    public void attach(int bus, int address, I2cChip chip) {
        checkAddress(address);
        addBus(bus);
        slots.put(key(bus, address), new Slot(Objects.requireNonNull(chip, "chip")));
    }

    public void detach(int bus, int address) {
        slots.remove(key(bus, address));
    }

    public Optional<I2cChip> chip(int bus, int address) {
        Slot slot = slots.get(key(bus, address));
        return slot == null ? Optional.empty() : Optional.of(slot.chip);
    }

    /** Injects a fault at an I2C address, or clears it with {@code null}. */
    public void fault(int bus, int address, SimFault fault) {
        Slot slot = slots.get(key(bus, address));
        if (slot == null) {
            throw new IllegalArgumentException(String.format("no simulated chip at I2C bus %d address 0x%02X", bus, address));
        }
        if (fault == SimFault.GARBAGE || fault == SimFault.SHORT_FRAME) {
            throw new IllegalArgumentException("fault " + fault + " is for serial (UART) devices; an I2C chip takes "
                    + "NACK, CRC_ERROR, STUCK or TIMEOUT");
        }
        SimFault previous = slot.fault;
        slot.fault = fault;
        if (previous == SimFault.STUCK && fault != SimFault.STUCK) {
            slot.chip.setStuck(false);
        }
        if (fault == SimFault.STUCK) {
            slot.chip.setStuck(true);
        }
        if (previous == SimFault.NACK && fault != SimFault.NACK) {
            slot.chip.powerCycle(); // the device comes back as after a power loss
        }
    }

    /** How long a transfer blocks before it fails under {@link SimFault#TIMEOUT} (wall-clock time). */
    public void timeoutBlock(Duration block) {
        this.timeoutBlock = Objects.requireNonNull(block, "block");
    }

    Duration timeoutBlock() {
        return timeoutBlock;
    }

    /**
     * Wires a serial device to a port, named by its device path ({@code /dev/ttyAMA0},
     * {@code /dev/serial/by-id/usb-...}); replaces what was there.
     */
    public SimSerialPort attachSerial(String path, SerialDevice device) {
        SimSerialPort port = new SimSerialPort(path, device, this);
        serialPorts.put(path, port);
        return port;
    }

    public Optional<SimSerialPort> serialPort(String path) {
        return Optional.ofNullable(serialPorts.get(path));
    }

    public Set<String> serialPorts() {
        return new TreeSet<>(serialPorts.keySet());
    }

    public GpioLine line(int pin) {
        return lines.computeIfAbsent(pin, GpioLine::new);
    }

    /** What was set on the digital output at a pin, once the gateway created one there. */
    public Optional<RecordedOutput> digitalOutput(int pin) {
        return Optional.ofNullable(outputs.get("gpio " + pin));
    }

    /** What was set on the PWM output at an address (channel), once the gateway created one there. */
    public Optional<RecordedOutput> pwm(int address) {
        return Optional.ofNullable(outputs.get("pwm " + address));
    }

    RecordedOutput output(String name) {
        return outputs.computeIfAbsent(name, RecordedOutput::new);
    }

    /** The record of the digital output at a pin, made now if the gateway has not created the output yet. */
    public RecordedOutput digitalOutputRecord(int pin) {
        return output("gpio " + pin);
    }

    /** The record of the PWM channel at an address, made now if the gateway has not created the output yet. */
    public RecordedOutput pwmRecord(int address) {
        return output("pwm " + address);
    }

    /**
     * One I2C transaction: an optional write, then (after a repeated START) an optional read.
     *
     * @throws IOException as the Linux adapter reports a NACK or a timeout
     */
    void transfer(int bus, int address, byte[] write, byte[] read) throws IOException {
        transfers.increment();
        Slot slot = slots.get(key(bus, address));
        SimFault fault = slot == null ? SimFault.NACK : slot.fault;
        if (fault == SimFault.NACK) {
            throw new IOException(NACK_MESSAGE);
        }
        if (fault == SimFault.TIMEOUT) {
            try {
                Thread.sleep(timeoutBlock.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(TIMEOUT_MESSAGE);
        }
        try {
            if (write.length > 0) {
                slot.chip.onWrite(write);
            }
            if (read.length > 0) {
                slot.chip.onRead(read);
                if (fault == SimFault.CRC_ERROR) {
                    slot.chip.corrupt(read);
                }
            }
        } catch (I2cNack refused) {
            throw new IOException(NACK_MESSAGE, refused);
        }
    }

    /** How many I2C transactions the board has seen (a driver's bus cost per reading, in benchmarks). */
    public long transfers() {
        return transfers.sum();
    }

    private static long key(int bus, int address) {
        return ((long) bus << 16) | (address & 0xFFFF);
    }

    private static void checkAddress(int address) {
        if (address < 0x03 || address > 0x77) {
            throw new IllegalArgumentException(String.format(
                    "I2C address 0x%02X is outside the 7-bit range 0x03..0x77", address));
        }
    }
}
