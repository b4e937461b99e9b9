package io.streetgate.drivers.pi4j.pms5003;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.drivers.pi4j.ScriptedScenario;
import io.streetgate.drivers.pi4j.SerialFaultDrill;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.chip.pms5003.Pms5003Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Pms5003DriverTest {

    static final String PORT = "/dev/serial/by-id/usb-Silicon_Labs_CP2102_0001-if00-port0";
    static final BusConfig UART = new BusConfig("pm-uart", "serial", Map.of("port", PORT));

    StreetFixture fixture;

    Pms5003Driver driver(Map<String, String> options) throws DriverException {
        ScriptedScenario air = new ScriptedScenario().set(Quantity.PM1, 6).set(Quantity.PM2_5, 9).set(Quantity.PM10, 15);
        fixture = new StreetFixture(air, device("pm", "pms5003", UART, -1, options));
        return fixture.driver("pm");
    }

    Pms5003Model model() {
        return fixture.street.chip("pm", Pms5003Model.class).orElseThrow();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void passiveModeAsksForEachFrame() throws DriverException {
        Pms5003Driver pms = driver(Map.of("warm_up", "0s"));
        assertEquals("serial port " + PORT + ", passive mode", pms.init().identity());
        assertFalse(model().activeMode());

        List<Measurement> readings = pms.read();

        assertEquals(Pms5003Driver.QUANTITIES, readings.stream().map(Measurement::quantity).toList());
        assertEquals(List.of(6.0, 9.0, 15.0), readings.subList(0, 3).stream().map(Measurement::value).toList());
        assertEquals((150 * 9 + 300) / 100.0, readings.get(3).value(), 1e-9, "particles > 0.3 µm per cm3");
        assertEquals(2, model().reads(), "one frame at init, one for the reading");
        assertEquals(2, pms.linkStats().frames(), "two data frames (the answers to wake-up and mode were stale)");
    }

    @Test
    void activeModeTakesTheNextFrameTheSensorSends() throws DriverException {
        fixture = StreetFixture.accelerated(new ScriptedScenario().set(Quantity.PM2_5, 22), 20,
                device("pm", "pms5003", UART, -1, Map.of("mode", "active", "warm_up", "0s")));
        Pms5003Driver pms = fixture.driver("pm");
        pms.init();

        assertTrue(model().activeMode());
        assertEquals(22, pms.read().get(1).value());
    }

    @Test
    void cf1ValuesCanBeReportedInstead() throws DriverException {
        Pms5003Driver pms = driver(Map.of("standard", "cf1", "warm_up", "0s"));
        pms.init();
        fixture.scenario.set(Quantity.PM2_5, 60); // CF=1 reads high above 30 µg/m³ in the model

        assertEquals(Pms5003Model.words(new Pms5003Model.Air(6, 60, 15))[1], (int) pms.read().get(1).value());
    }

    @Test
    void readingsAfterWakeUpAreFlaggedForThirtySeconds() throws DriverException {
        Pms5003Driver pms = driver(Map.of());
        pms.init();

        assertTrue(pms.read().get(1).quality().has(QualityFlag.WARMING_UP));
        fixture.clock.advance(Duration.ofSeconds(30));
        assertTrue(pms.read().get(1).quality().isGood());
    }

    @Test
    void closingPutsTheSensorToSleep() throws DriverException {
        Pms5003Driver pms = driver(Map.of());
        pms.init();
        pms.close();

        assertFalse(model().awake());
        pms.init();
        assertTrue(model().awake());
    }

    @Test
    void everyLineFaultDropsTheReadingAndTheSensorRecovers() throws DriverException {
        Pms5003Driver pms = driver(Map.of("timeout", "300ms"));
        pms.init();

        SerialFaultDrill.everySerialFault(fixture, "pm", pms, pms::read, DriverFault.CHECKSUM);
        assertTrue(pms.linkStats().garbageBytes() > 0);
        assertTrue(pms.linkStats().checksumErrors() > 0 || pms.linkStats().shortFrames() > 0);
    }

    @Test
    void aStuckSensorRepeatsItsValues() throws DriverException {
        Pms5003Driver pms = driver(Map.of());
        pms.init();
        pms.read();
        fixture.street.injectFault("pm", SimFault.STUCK);
        fixture.scenario.set(Quantity.PM2_5, 80);

        assertEquals(9, pms.read().get(1).value());
        fixture.street.clearFault("pm");
        assertEquals(80, pms.read().get(1).value());
    }

    @Test
    void selfTestReadsAGoodFrameAndChecksTheValuesGrowWithSize() throws DriverException {
        Pms5003Driver pms = driver(Map.of());
        SelfTestResult ok = pms.selfTest();
        fixture.street.injectFault("pm", SimFault.CRC_ERROR);
        SelfTestResult damaged = pms.selfTest();

        assertTrue(ok.passed(), ok.toString());
        assertEquals("PM1 6, PM2.5 9, PM10 15 ug/m3", ok.checks().get(1).detail());
        assertFalse(damaged.passed());
        assertEquals("frame (checksum)", damaged.checks().get(0).name());
    }

    @Test
    void aPortThatIsNotADevicePathIsRefusedAndAMissingOneIsABusFault() throws DriverException {
        fixture = new StreetFixture(device("odd", "pms5003", new BusConfig("u", "serial", Map.of("port", "COM3")), -1, Map.of()),
                device("gone", "pms5003", new BusConfig("v", "serial", Map.of("port", "/dev/ttyUSB7")), -1, Map.of()));
        fixture.street.board(); // /dev/ttyUSB7 has its model; unplug the adapter by asking for another port
        Pms5003Driver missing = (Pms5003Driver) fixture.factory.create(device("x", "pms5003",
                new BusConfig("w", "serial", Map.of("port", "/dev/ttyUSB9")), -1, Map.of()));

        DriverException odd = assertThrows(DriverException.class, () -> fixture.driver("odd"));
        assertEquals(DriverFault.CONFIGURATION, odd.fault());
        assertTrue(odd.getMessage().startsWith("bus 'u': setting port='COM3' is not a device path"), odd.getMessage());
        assertEquals(DriverFault.BUS, assertThrows(DriverException.class, missing::init).fault());
    }
}
