package io.streetgate.sim;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.provider.Provider;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import io.streetgate.sim.bus.SimBoard;
import io.streetgate.sim.bus.SimTime;
import io.streetgate.sim.bus.Timeline;
import io.streetgate.sim.bus.I2cChip;
import io.streetgate.sim.bus.RecordedOutput;
import io.streetgate.sim.bus.SerialDevice;
import io.streetgate.sim.chip.ads1115.Ads1115Chip;
import io.streetgate.sim.chip.bh1750.Bh1750Chip;
import io.streetgate.sim.chip.bme280.Bme280Chip;
import io.streetgate.sim.chip.bme280.Bme280Trimming;
import io.streetgate.sim.chip.ld2410.Ld2410Model;
import io.streetgate.sim.chip.pms5003.Pms5003Model;
import io.streetgate.sim.chip.pir.PirModel;
import io.streetgate.sim.chip.scd4x.Scd4xChip;
import io.streetgate.sim.chip.sht4x.Sht4xChip;
import io.streetgate.sim.chip.sps30.Sps30Chip;
import io.streetgate.sim.chip.veml7700.Veml7700Chip;
import io.streetgate.sim.chip.watermeter.PulseMeterModel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * A street of simulated chips for the devices of a site file, behind Pi4J providers: the gateway builds its
 * Pi4J context from {@link #pi4jProviders()} (or takes {@link #newPi4jContext()}) and runs its real drivers on
 * it. Chip values follow the {@link Scenario} at the gateway clock's time; faults can be injected per device.
 *
 * <p>PIR edges are events in gateway time: on a {@link ManualClock} they run as the clock is advanced; on any
 * other clock a daemon thread runs them as the clock passes them. Close the street to stop that thread.
 * <p>
 * It stays one class because it is the one place that maps a site file's device types onto chip models and
 * their buses (I2C, UART, GPIO, PWM), so that a device type is simulated once; the chips themselves are classes
 * of their own.
 */
public final class SimulatedStreet implements AutoCloseable {

    /** The device types this street can put on its buses. */
    public static final Set<String> SIMULATED_TYPES = Set.of("bme280", "bh1750", "pir", "sht4x", "scd4x", "sps30",
            "veml7700", "sound_level", "analog", "pms5003", "ld2410", "water_meter", "pwm_dimmer", "relay");

    /** Types that are one input of an ADS1115: several may share a chip, on different channels. */
    private static final Set<String> ADC_TYPES = Set.of("sound_level", "analog");

    private static final Duration REFILL = Duration.ofMinutes(1);

    private final SimBoard board;
    private final Timeline timeline;
    private final Scenario scenario;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final List<String> notSimulated = new ArrayList<>();
    private volatile boolean closed;

    private sealed interface Device permits I2cDevice, PirDevice, UartDevice, MeterDevice, OutputDevice {
    }

    /** An actuator: what the gateway sets on a GPIO line ({@code pin} ≥ 0) or a PWM channel is recorded. */
    private record OutputDevice(int pin, int pwmChannel, RecordedOutput record) implements Device {
    }

    private record MeterDevice(int pin, PulseMeterModel model) implements Device {
    }

    private record UartDevice(String port, SerialDevice model) implements Device {
    }

    private record I2cDevice(int bus, int address, Object chip, String type, String channel) implements Device {
    }

    private record PirDevice(int pin, String zone, PirModel model) implements Device {
    }

    private SimulatedStreet(Scenario scenario, Clock clock) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.board = new SimBoard(new SimTime(Objects.requireNonNull(clock, "clock")));
        this.timeline = clock instanceof ManualClock manual ? new ManualTimeline(manual) : new PollingTimeline(clock);
    }

    /**
     * Builds simulated chips for every device whose type it can simulate (bme280, bh1750, pir), at the bus
     * and address the config names: I2C chips on bus {@code number} (bus setting, default 1) at the device's
     * address, PIR modules on the GPIO line numbered by the device's address, watching the zone named by its
     * {@code zone} option (default: its id).
     */
    public static SimulatedStreet create(List<DeviceConfig> devices, Scenario scenario, Clock clock) {
        SimulatedStreet street = new SimulatedStreet(scenario, clock);
        for (DeviceConfig device : devices) {
            street.add(device);
        }
        return street;
    }

    private void add(DeviceConfig device) {
        String type = device.type().toLowerCase(Locale.ROOT);
        if (!SIMULATED_TYPES.contains(type)) {
            notSimulated.add(device.id() + ": type '" + device.type() + "' has no simulated chip (simulated: "
                    + new TreeSet<>(SIMULATED_TYPES) + ")");
            return;
        }
        if (devices.containsKey(device.id())) {
            notSimulated.add(device.id() + ": the id is used by another device");
            return;
        }
        try {
            if (type.equals("pir")) {
                addPir(device);
            } else if (type.equals("pms5003") || type.equals("ld2410")) {
                addUart(device, type);
            } else if (type.equals("water_meter")) {
                addWaterMeter(device);
            } else if (type.equals("relay")) {
                int pin = checkedPin(device);
                devices.put(device.id(), new OutputDevice(pin, -1, board.digitalOutputRecord(pin)));
            } else if (type.equals("pwm_dimmer")) {
                addPwm(device);
            } else {
                addI2c(device, type);
            }
        } catch (IllegalArgumentException e) {
            notSimulated.add(device.id() + ": " + e.getMessage());
        }
    }

    private void addI2c(DeviceConfig device, String type) {
        int bus;
        try {
            bus = device.bus().intSetting("number", 1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bus '" + device.bus().id() + "' setting number='"
                    + device.bus().setting("number", "") + "' is not a bus number");
        }
        int address = device.address();
        String channel = ADC_TYPES.contains(type) ? device.option("channel", "0") : "";
        Object shared = null;
        for (Map.Entry<String, Device> other : devices.entrySet()) {
            if (other.getValue() instanceof I2cDevice d && d.bus() == bus && d.address() == address) {
                if (ADC_TYPES.contains(type) && ADC_TYPES.contains(d.type()) && !channel.equals(d.channel())) {
                    shared = d.chip(); // another input of the same ADC
                    continue;
                }
                throw new IllegalArgumentException(String.format(
                        "I2C bus %d address 0x%02X is already taken by %s", bus, address, other.getKey()));
            }
        }
        Object chip = shared != null ? shared : newChip(device, type);
        if (chip instanceof Ads1115Chip adc) {
            connectAdcInput(adc, device, type, channel);
        }
        if (shared == null) {
            board.attach(bus, address, (I2cChip) chip);
        }
        devices.put(device.id(), new I2cDevice(bus, address, chip, type, channel));
    }

    private Object newChip(DeviceConfig device, String type) {
        String zone = device.option("zone", device.id());
        long serial = serialFor(device.id());
        return switch (type) {
            case "bme280" -> new Bme280Chip(board.time(), at -> new Bme280Chip.Ambient(
                    scenario.temperature(at), scenario.relativeHumidity(at), scenario.pressure(at)),
                    Bme280Trimming.SAMPLE);
            case "bh1750" -> new Bh1750Chip(board.time(), scenario::ambientLux);
            // the air these read is their zone's (a cabinet's, when the scenario has one there)
            case "sht4x" -> new Sht4xChip(board.time(), value(Quantity.TEMPERATURE, zone, scenario::temperature),
                    scenario::relativeHumidity, serial);
            case "scd4x" -> new Scd4xChip(board.time(), Scd4xChip.Variant.SCD41, value(Quantity.CO2, zone, OUTDOOR_CO2),
                    value(Quantity.TEMPERATURE, zone, scenario::temperature), scenario::relativeHumidity, serial);
            case "sps30" -> {
                ToDoubleFunction<Instant> pm25 = value(Quantity.PM2_5, zone, 10);
                ToDoubleFunction<Instant> pm1 = value(Quantity.PM1, zone, at -> 0.75 * pm25.applyAsDouble(at));
                ToDoubleFunction<Instant> pm10 = value(Quantity.PM10, zone, at -> 1.5 * pm25.applyAsDouble(at));
                ToDoubleFunction<Instant> pm4 = value(StreetScenario.PM4, zone,
                        at -> (pm25.applyAsDouble(at) + pm10.applyAsDouble(at)) / 2);
                yield new Sps30Chip(board.time(), at -> new Sps30Chip.Particulates(pm1.applyAsDouble(at),
                        pm25.applyAsDouble(at), pm4.applyAsDouble(at), pm10.applyAsDouble(at)),
                        String.format("%016X", serial));
            }
            case "veml7700" -> new Veml7700Chip(board.time(), scenario::ambientLux,
                    decimalOption(device, "lux_per_count", Veml7700Chip.DEFAULT_LUX_PER_COUNT));
            case "sound_level", "analog" -> new Ads1115Chip(board.time());
            default -> throw new IllegalArgumentException("type '" + type + "' has no I2C chip");
        };
    }

    /**
     * Wires an ADS1115 input to what its device measures, turned into volts by the device's own scale
     * options (the meter is set up as the site file says): a sound level meter follows the scenario's sound
     * level (0-2 V = 30-130 dBA unless its options say otherwise); an analog input follows the scenario's
     * value of its quantity, or sits mid-range when the scenario does not model it.
     */
    private void connectAdcInput(Ads1115Chip adc, DeviceConfig device, String type, String channel) {
        int input;
        try {
            input = Integer.parseInt(channel);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("channel '" + channel
                    + "' is a differential pair; the simulated ADC wires single-ended inputs 0..3 only");
        }
        if (input < 0 || input > 3) {
            throw new IllegalArgumentException("channel " + input + " is not an ADS1115 input 0..3");
        }
        boolean sound = type.equals("sound_level");
        double voltsMin = decimalOption(device, "volts_min", 0);
        double voltsMax = decimalOption(device, "volts_max", sound ? 2.0 : 3.3);
        double valueMin = decimalOption(device, "value_min", sound ? 30 : 0);
        double valueMax = decimalOption(device, "value_max", sound ? 130 : 3.3);
        String zone = device.option("zone", device.id());
        Quantity quantity = sound ? Quantity.SOUND_LEVEL : analogQuantity(device);
        double middle = (valueMin + valueMax) / 2;
        ToDoubleFunction<Instant> value = quantity == null ? at -> middle : value(quantity, zone, middle);
        adc.connect(input, at -> voltsMin + (value.applyAsDouble(at) - valueMin) * (voltsMax - voltsMin) / (valueMax - valueMin));
    }

    private static Quantity analogQuantity(DeviceConfig device) {
        Quantity known = Quantity.byName(device.option("quantity", "voltage"));
        Optional<Unit> unit = Unit.fromSenml(device.option("unit", "V"));
        return known != null && unit.isPresent() && known.unit() == unit.get() ? known : null;
    }

    /** Outdoor background CO2, ppm, for scenarios that do not model CO2 (a typical value). */
    private static final double OUTDOOR_CO2 = 420;

    private ToDoubleFunction<Instant> value(Quantity quantity, String zone, double fallback) {
        return value(quantity, zone, at -> fallback);
    }

    /** The scenario's value of a quantity in a zone, or the fallback where it does not model it. */
    private ToDoubleFunction<Instant> value(Quantity quantity, String zone, ToDoubleFunction<Instant> fallback) {
        return at -> {
            OptionalDouble v = scenario.value(quantity, zone, at);
            return v.isPresent() ? v.getAsDouble() : fallback.applyAsDouble(at);
        };
    }

    private static double decimalOption(DeviceConfig device, String key, double fallback) {
        String text = device.options().get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "='" + text + "' is not a number");
        }
    }

    /** A serial number of 48 bits that stays the same for a device id. */
    private static long serialFor(String id) {
        long h = 0x9E3779B97F4A7C15L;
        for (char c : id.toCharArray()) {
            h = (h ^ c) * 0x100000001B3L;
        }
        return (h ^ (h >>> 29)) & 0xFFFF_FFFF_FFFFL;
    }

    /**
     * A UART device on the serial port its bus names (setting {@code port}); a PMS5003 breathes the scenario's
     * particulates of its zone, an LD2410 sees the scenario's passers-by of its zone.
     */
    private void addUart(DeviceConfig device, String type) {
        String port = device.bus().setting("port", "");
        if (port.isBlank()) {
            throw new IllegalArgumentException("bus '" + device.bus().id() + "' has no port setting");
        }
        for (Map.Entry<String, Device> other : devices.entrySet()) {
            if (other.getValue() instanceof UartDevice d && d.port().equals(port)) {
                throw new IllegalArgumentException("serial port " + port + " is already taken by " + other.getKey());
            }
        }
        String zone = device.option("zone", device.id());
        SerialDevice model;
        if (type.equals("pms5003")) {
            ToDoubleFunction<Instant> pm25 = value(Quantity.PM2_5, zone, 10);
            ToDoubleFunction<Instant> pm1 = value(Quantity.PM1, zone, at -> 0.75 * pm25.applyAsDouble(at));
            ToDoubleFunction<Instant> pm10 = value(Quantity.PM10, zone, at -> 1.5 * pm25.applyAsDouble(at));
            model = new Pms5003Model(board.time(), at -> new Pms5003Model.Air(pm1.applyAsDouble(at), pm25.applyAsDouble(at),
                    pm10.applyAsDouble(at)));
        } else {
            model = new Ld2410Model(board.time(), (from, to) -> scenario.passersBy(zone, from, to));
        }
        board.attachSerial(port, model);
        devices.put(device.id(), new UartDevice(port, model));
    }

    /**
     * A pulse water meter on the GPIO line numbered by the device's address, passing the scenario's water flow
     * of its zone; its pulse value and wiring follow the device's {@code litres_per_pulse} (10 l unless set)
     * and {@code edge} options (falling: a contact to ground, resting high).
     */
    private void addWaterMeter(DeviceConfig device) {
        int pin = checkedPin(device);
        String zone = device.option("zone", device.id());
        PulseMeterModel model = new PulseMeterModel(board.line(pin), timeline, device.id().hashCode(),
                value(Quantity.FLOW, zone, 0), decimalOption(device, "litres_per_pulse", 10),
                !device.option("edge", "falling").equals("rising"));
        devices.put(device.id(), new MeterDevice(pin, model));
        if (!closed) {
            model.start();
        }
    }

    /** A lamp on a PWM channel (the device's address): what the gateway sets is recorded, faults refuse or ignore it. */
    private void addPwm(DeviceConfig device) {
        int channel = device.address();
        if (channel < 0) {
            throw new IllegalArgumentException("address " + channel + " is not a PWM channel");
        }
        for (Map.Entry<String, Device> other : devices.entrySet()) {
            if (other.getValue() instanceof OutputDevice o && o.pwmChannel() == channel) {
                throw new IllegalArgumentException("PWM channel " + channel + " is already driven by " + other.getKey());
            }
        }
        devices.put(device.id(), new OutputDevice(-1, channel, board.pwmRecord(channel)));
    }

    /** The device's GPIO line, free of other simulated devices. */
    private int checkedPin(DeviceConfig device) {
        int pin = device.address();
        if (pin < 0) {
            throw new IllegalArgumentException("address " + pin + " is not a GPIO line number");
        }
        for (Map.Entry<String, Device> other : devices.entrySet()) {
            if ((other.getValue() instanceof PirDevice d && d.pin() == pin)
                    || (other.getValue() instanceof MeterDevice m && m.pin() == pin)
                    || (other.getValue() instanceof OutputDevice o && o.pin() == pin)) {
                throw new IllegalArgumentException("GPIO " + pin + " is already driven by " + other.getKey());
            }
        }
        return pin;
    }

    private void addPir(DeviceConfig device) {
        int pin = checkedPin(device);
        String zone = device.option("zone", device.id());
        PirModel model = new PirModel(board.line(pin), timeline, device.id().hashCode());
        devices.put(device.id(), new PirDevice(pin, zone, model));
        refill(model, zone, timeline.now());
    }

    /** Schedules the passers-by of the minute from {@code from}, then the next refill. */
    private void refill(PirModel model, String zone, Instant from) {
        if (closed) {
            return;
        }
        Instant to = from.plus(REFILL);
        for (Instant at : scenario.passersBy(zone, from, to)) {
            timeline.at(at, () -> model.passerBy(at));
        }
        timeline.at(to, () -> refill(model, zone, to));
    }

    /** The Pi4J providers (I2C, digital input, digital output, PWM): hand these to {@code Pi4J.newContextBuilder().add(...)}. */
    @SuppressWarnings("rawtypes") // Pi4J's builder takes raw Provider varargs
    public List<Provider> pi4jProviders() {
        return board.providers();
    }

    /**
     * A ready Pi4J context on this street: the simulated providers and nothing found by auto-detection.
     * The providers serve one context at a time: shut a context down before making another.
     */
    @SuppressWarnings("rawtypes")
    public Context newPi4jContext() {
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(pi4jProviders().toArray(new Provider[0]))
                .build();
    }

    /** The ids of the devices that have a simulated chip. */
    public Set<String> simulatedDeviceIds() {
        return Set.copyOf(devices.keySet());
    }

    /** The devices left out, each as "id: reason". */
    public List<String> notSimulated() {
        return List.copyOf(notSimulated);
    }

    /**
     * Injects a fault into a device until {@link #clearFault(String)}.
     *
     * @throws IllegalArgumentException for an unknown device, or a fault its bus cannot have (TIMEOUT on GPIO)
     */
    public void injectFault(String deviceId, SimFault fault) {
        Objects.requireNonNull(fault, "fault");
        setFault(deviceId, fault);
    }

    /**
     * Someone passes in front of a PIR now (as the scenario's passers-by do).
     *
     * @throws IllegalArgumentException when the device is not a simulated PIR, naming the PIRs there are
     */
    public void passerBy(String deviceId) {
        if (!(devices.get(deviceId) instanceof PirDevice pir)) {
            throw new IllegalArgumentException("'" + deviceId + "' is not a simulated PIR; PIRs: " + new TreeSet<>(
                    devices.entrySet().stream().filter(e -> e.getValue() instanceof PirDevice).map(Map.Entry::getKey)
                            .toList()));
        }
        Instant now = timeline.now();
        timeline.at(now, () -> pir.model().passerBy(now));
    }

    /** The device works again (an I2C device that was gone comes back power-cycled). */
    public void clearFault(String deviceId) {
        setFault(deviceId, null);
    }

    private void setFault(String deviceId, SimFault fault) {
        Device device = devices.get(deviceId);
        if (device == null) {
            throw new IllegalArgumentException("no simulated device '" + deviceId + "' (simulated: "
                    + new TreeSet<>(devices.keySet()) + ")");
        }
        if (device instanceof I2cDevice d) {
            board.fault(d.bus(), d.address(), fault); // an ADC's inputs share its chip, and its faults
        } else if (device instanceof PirDevice d) {
            d.model().fault(fault);
        } else if (device instanceof UartDevice d) {
            board.serialPort(d.port()).orElseThrow().fault(fault);
        } else if (device instanceof MeterDevice d) {
            d.model().fault(fault);
        } else if (device instanceof OutputDevice d) {
            d.record().fault(fault);
        }
    }

    /** The simulated chip or module of a device, to look at or steer it in tests (e.g. {@code Bme280Chip.holdRaw}). */
    public <T> Optional<T> chip(String deviceId, Class<T> type) {
        Device device = devices.get(deviceId);
        Object chip = device instanceof I2cDevice d ? d.chip() : device instanceof PirDevice p ? p.model()
                : device instanceof UartDevice u ? u.model() : device instanceof MeterDevice m ? m.model()
                : device instanceof OutputDevice o ? o.record() : null;
        return type.isInstance(chip) ? Optional.of(type.cast(chip)) : Optional.empty();
    }

    /** The simulated board: more chips at other addresses, GPIO lines, and what the gateway set on outputs. */
    public SimBoard board() {
        return board;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Stops the event thread (on clocks other than {@link ManualClock}); chips keep answering. */
    @Override
    public void close() {
        closed = true;
        devices.values().forEach(d -> {
            if (d instanceof MeterDevice m) {
                m.model().stop();
            }
        });
        if (timeline instanceof PollingTimeline polling) {
            polling.close();
        }
    }
}
