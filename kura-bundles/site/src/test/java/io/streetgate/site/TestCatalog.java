package io.streetgate.site;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.Quantity;

import java.time.Duration;
import java.util.List;

/** Device types shaped like the real ones, so the parser is tested without the driver modules. */
final class TestCatalog {

    static final DeviceCatalog CATALOG = DeviceCatalog.of(List.of(
            new DeviceType("bme280", "Bosch BME280", List.of("i2c"), DeviceType.Addressing.i2c(0x76, 0x77),
                    List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE),
                    List.of(OptionSpec.choice("oversampling", "oversampling of T, P and H", "x1", "x1", "x2", "x4",
                            "x8", "x16"))),
            new DeviceType("bh1750", "ROHM BH1750", List.of("i2c"), DeviceType.Addressing.i2c(0x23, 0x5C),
                    List.of(Quantity.ILLUMINANCE), List.of()),
            new DeviceType("pir", "PIR presence input", List.of("gpio"), DeviceType.Addressing.gpioPin(),
                    List.of(Quantity.PRESENCE),
                    List.of(OptionSpec.duration("debounce", "ignore edges closer than this", Duration.ofMillis(1),
                            Duration.ofSeconds(5), Duration.ofMillis(50))))));

    private TestCatalog() {
    }
}
