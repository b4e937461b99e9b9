package io.streetgate.driver;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the site file may say about one kind of device: which bus it sits on, how it is addressed, what it
 * measures and which options its driver takes. Each driver module publishes the types it supports, so that
 * `streetgate config validate`, the runtime and the consoles check a site file the same way.
 *
 * @param name        the {@code type} in the site file, e.g. {@code bme280}
 * @param description one line for people, e.g. {@code Bosch BME280 temperature, humidity, pressure}
 * @param busKinds    the bus kinds it can sit on ({@code i2c}, {@code gpio}, {@code serial}, {@code modbus-tcp}, ...)
 * @param addressing  how it is addressed on that bus
 * @param quantities  what it reports
 * @param options     the options its driver accepts
 */
public record DeviceType(String name, String description, List<String> busKinds, Addressing addressing,
                         List<Quantity> quantities, List<OptionSpec> options) {

    public DeviceType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(addressing, "addressing");
        busKinds = List.copyOf(busKinds);
        quantities = List.copyOf(quantities);
        options = List.copyOf(options);
    }

    public Optional<OptionSpec> option(String key) {
        return options.stream().filter(o -> o.name().equals(key)).findFirst();
    }

    /**
     * How a device of this type is addressed.
     *
     * @param key     the site file key ({@code address}, {@code pin}, {@code unit}); null when it has none
     * @param min     smallest valid value
     * @param max     largest valid value
     * @param choices when not empty, the only valid values (e.g. the two I2C addresses a chip can take)
     * @param hex     show values in hexadecimal in messages (I2C addresses)
     */
    public record Addressing(String key, int min, int max, List<Integer> choices, boolean hex) {

        public Addressing {
            choices = List.copyOf(choices == null ? List.of() : choices);
        }

        public static Addressing none() {
            return new Addressing(null, -1, -1, List.of(), false);
        }

        /** A 7-bit I2C address, one of the given choices. */
        public static Addressing i2c(Integer... choices) {
            return new Addressing("address", 0x03, 0x77, List.of(choices), true);
        }

        /** A GPIO line number (BCM numbering on a Raspberry Pi). */
        public static Addressing gpioPin() {
            return new Addressing("pin", 0, 63, List.of(), false);
        }

        /** A Modbus unit id (1..247; 0 is broadcast, Modbus over serial line v1.02 section 2.2). */
        public static Addressing modbusUnit() {
            return new Addressing("unit", 1, 247, List.of(), false);
        }

        public boolean isValid(int value) {
            return choices.isEmpty() ? value >= min && value <= max : choices.contains(value);
        }

        public String format(int value) {
            return hex ? String.format("0x%02X", value) : Integer.toString(value);
        }

        /** What would be valid, for messages. */
        public String describeValid() {
            if (!choices.isEmpty()) {
                return String.join(" or ", choices.stream().map(this::format).toList());
            }
            return format(min) + ".." + format(max);
        }
    }
}
