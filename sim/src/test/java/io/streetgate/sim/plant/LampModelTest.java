package io.streetgate.sim.plant;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.pwm.Pwm;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.SimulatedStreet;
import io.streetgate.sim.StreetScenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A lamp draws power by the level the gateway set on its output, and counts the energy. */
class LampModelTest {

    final Instant start = Instant.parse("2026-12-01T16:00:00Z");
    /** 60 W at full light, 10 % of it fixed, 0.5 W standby (the shape of the control's LedDriverPower). */
    final DoubleUnaryOperator luminaire = level -> level <= 0 ? 0.5 : 60 * (0.1 + 0.9 * Math.min(1, level));

    @Test
    void energyIsCountedAtTheLevelEachIntervalStartedWith() {
        AtomicReference<Double> level = new AtomicReference<>(1.0);
        LampModel lamp = new LampModel("lamp-1", luminaire, level::get);
        lamp.update(start);
        level.set(0.5);
        assertEquals(60, lamp.energyWh(start.plus(Duration.ofHours(1))), 1e-9, "an hour at full light");
        level.set(0.0);
        assertEquals(60 + 33, lamp.energyWh(start.plus(Duration.ofHours(2))), 1e-9, "then an hour at half");
        assertEquals(0.5, lamp.watts(start.plus(Duration.ofHours(2))), "off: standby");
        assertEquals(93.5, lamp.energyWh(start.plus(Duration.ofHours(3))), 1e-9);
    }

    @Test
    void theLevelIsReadFromThePwmChannelOrRelayTheGatewayDrives() {
        ManualClock clock = new ManualClock(start);
        try (SimulatedStreet street = SimulatedStreet.create(List.of(), new StreetScenario(53.5, 10, 1), clock)) {
            Context pi4j = street.newPi4jContext();
            try {
                LampModel dimmed = new LampModel("lamp-1", luminaire, LampModel.pwmLevel(street.board(), 0));
                LampModel switched = new LampModel("lamp-2", luminaire, LampModel.relayLevel(street.board(), 23));
                assertEquals(0.0, dimmed.lightOutput(start), "never set: off");
                Pwm pwm = pi4j.create(Pwm.newConfigBuilder(pi4j).id("lamp-1").address(0).build());
                DigitalOutput relay = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("lamp-2").address(23).build());
                pwm.on(40, 1000);
                relay.high();
                assertEquals(0.4, dimmed.lightOutput(start.plusSeconds(1)), 1e-9);
                assertEquals(1.0, switched.lightOutput(start.plusSeconds(1)));
                pwm.off();
                relay.low();
                assertEquals(0.0, dimmed.lightOutput(start.plusSeconds(2)));
                assertEquals(0.0, switched.lightOutput(start.plusSeconds(2)));
            } finally {
                pi4j.shutdown();
            }
        }
    }
}
