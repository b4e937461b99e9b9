package io.streetgate.sim.plant;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.pwm.Pwm;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.Quantity;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.SimulatedStreet;
import io.streetgate.sim.StreetScenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated street with the gateway's lamps and cabinet in it, driven through the board's outputs. */
class PlantScenarioTest {

    static final BusConfig GPIO = new BusConfig("gpio", "gpio", Map.of());
    static final BusConfig I2C = new BusConfig("i2c-1", "i2c", Map.of());
    final Instant start = Instant.parse("2026-01-15T00:00:00Z");

    @Test
    void theCabinetSensorReadsTheCabinetAndTheHeaterRelayWarmsIt() {
        ManualClock clock = new ManualClock(start);
        PlantScenario plant = new PlantScenario(new StreetScenario(53.5, 10, 3));
        DeviceConfig sensor = new DeviceConfig("cab-temp", "sht4x", I2C, 0x44, Duration.ofSeconds(10), Map.of("zone", "cabinet"));
        List<DeviceConfig> actuators = List.of(new DeviceConfig("lamp-1", "pwm_dimmer", GPIO, 0, Duration.ofSeconds(1), Map.of()),
                new DeviceConfig("heater", "relay", GPIO, 22, Duration.ofSeconds(1), Map.of()));
        PlantScenario.Cabinet cabinet = new PlantScenario.Cabinet("cab-temp", Optional.of("heater"), Optional.empty(),
                Optional.empty());
        // 60 W at full light, 10 % of it fixed, 0.5 W standby
        PlantScenario.Lamp lamp = new PlantScenario.Lamp("lamp-1", level -> level <= 0 ? 0.5 : 60 * (0.1 + 0.9 * level));
        try (SimulatedStreet street = SimulatedStreet.create(List.of(sensor), plant, clock)) {
            plant.connect(street.board(), actuators, List.of(lamp), List.of(cabinet), Map.of("cab-temp", "cabinet"),
                    start);
            Context pi4j = street.newPi4jContext();
            try {
                double outdoor = plant.street().temperature(start);
                double cold = plant.value(Quantity.TEMPERATURE, "cabinet", start).getAsDouble();
                assertEquals(outdoor + 60.0 / 25, cold, 1e-9, "its equipment keeps it 2.4 K above the street");
                assertEquals(outdoor, plant.value(Quantity.TEMPERATURE, "street", start).getAsDouble(), "elsewhere, the street");

                DigitalOutput heater = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("heater").address(22).build());
                Pwm lampOutput = pi4j.create(Pwm.newConfigBuilder(pi4j).id("lamp-1").address(0).build());
                heater.high();
                lampOutput.on(40, 1000);
                clock.advance(Duration.ofHours(2));
                double warm = plant.value(Quantity.TEMPERATURE, "cabinet", clock.instant()).getAsDouble();
                assertTrue(warm > plant.street().temperature(clock.instant()) + 5, "100 W of heater: " + warm);
                assertEquals(60 * (0.1 + 0.9 * 0.4), plant.lampWatts(clock.instant()), 1e-9);
                clock.advance(Duration.ofHours(1));
                assertEquals(60 * (0.1 + 0.9 * 0.4), plant.lampEnergyWh(clock.instant()), 1e-6, "one hour at 40 %");
            } finally {
                pi4j.shutdown();
            }
        }
    }
}
