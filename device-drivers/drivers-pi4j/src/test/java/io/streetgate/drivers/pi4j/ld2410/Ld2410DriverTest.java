package io.streetgate.drivers.pi4j.ld2410;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.drivers.pi4j.ScriptedScenario;
import io.streetgate.drivers.pi4j.SerialFaultDrill;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.chip.ld2410.Ld2410Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.streetgate.drivers.pi4j.StreetFixture.START;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ld2410DriverTest {

    static final BusConfig UART = new BusConfig("radar-uart", "serial", Map.of("port", "/dev/ttyAMA0"));

    StreetFixture fixture;

    Ld2410Driver driver(Duration... passers) throws DriverException {
        ScriptedScenario street = new ScriptedScenario();
        for (Duration after : passers) {
            street.passers.add(START.plus(after));
        }
        fixture = new StreetFixture(street, device("radar", "ld2410", UART, -1, Map.of("timeout", "500ms")));
        return fixture.driver("radar");
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aReportFrameByteByByte() throws DriverException {
        // F4 F3 F2 F1, length 13, basic, AA, moving+stationary, 120 cm / 70, 180 cm / 48, detection 120 cm, 55 00, footer
        byte[] frame = Ld2410Model.report(new Ld2410Model.Targets(3, 120, 70, 180, 48, 120));
        assertArrayEquals(new byte[] {(byte) 0xF4, (byte) 0xF3, (byte) 0xF2, (byte) 0xF1, 0x0D, 0x00, 0x02, (byte) 0xAA, 0x03,
                0x78, 0x00, 0x46, (byte) 0xB4, 0x00, 0x30, 0x78, 0x00, 0x55, 0x00, (byte) 0xF8, (byte) 0xF7, (byte) 0xF6,
                (byte) 0xF5}, frame);

        Ld2410Targets t = new Ld2410Protocol.Reports("radar").decode(frame);

        assertEquals(new Ld2410Targets(3, 120, 70, 180, 48, 120), t);
        assertEquals(1.2, t.distanceMetres());
    }

    @Test
    void enableConfigurationIsTheDocumentedFrame() {
        // FD FC FB FA, length 4, command 0x00FF, value 0x0001, 04 03 02 01
        assertArrayEquals(new byte[] {(byte) 0xFD, (byte) 0xFC, (byte) 0xFB, (byte) 0xFA, 0x04, 0x00, (byte) 0xFF, 0x00,
                0x01, 0x00, 0x04, 0x03, 0x02, 0x01}, Ld2410Protocol.command(0x00FF, (byte) 1, (byte) 0));
    }

    @Test
    void initChecksTheRadarAcknowledgesConfigurationCommands() throws DriverException {
        Ld2410Driver radar = driver();

        assertEquals("serial port /dev/ttyAMA0, acknowledges configuration commands", radar.init().identity());
        Ld2410Model model = fixture.street.chip("radar", Ld2410Model.class).orElseThrow();
        assertEquals(2, model.commandsAcknowledged());
        assertFalse(model.configuring(), "reports resumed");
    }

    @Test
    void noOneThereThenSomeoneWalkingPastThenSomeoneWaiting() throws DriverException {
        Ld2410Driver radar = driver(Duration.ofSeconds(10));
        radar.init();

        List<Measurement> empty = radar.read();
        assertEquals(List.of(0.0, 0.0), empty.stream().map(Measurement::value).toList());
        fixture.clock.advance(Duration.ofSeconds(12)); // two seconds after the passer-by entered the 6 m range
        List<Measurement> walking = radar.read();

        assertEquals(List.of(Quantity.PRESENCE, Ld2410Driver.MOVING_PRESENCE, Ld2410Driver.TARGET_DISTANCE),
                walking.stream().map(Measurement::quantity).toList());
        assertEquals(1, walking.get(0).value());
        assertEquals(1, walking.get(1).value());
        assertEquals(0.5 + Math.abs(5.5 - 1.1 * 2), walking.get(2).value(), 0.02);
        assertEquals("m", walking.get(2).unit().senml());
    }

    @Test
    void everyLineFaultDropsTheReadingAndTheRadarRecovers() throws DriverException {
        Ld2410Driver radar = driver();
        radar.init();

        // reports have no checksum: a damaged marker is a protocol fault
        SerialFaultDrill.everySerialFault(fixture, "radar", radar, radar::read, DriverFault.PROTOCOL);
        assertTrue(radar.linkStats().shortFrames() > 0);
    }

    @Test
    void aStuckRadarRepeatsItsReport() throws DriverException {
        Ld2410Driver radar = driver(Duration.ofSeconds(2));
        radar.init();
        fixture.street.injectFault("radar", SimFault.STUCK);
        fixture.clock.advance(Duration.ofSeconds(4));

        assertEquals(0, radar.read().get(0).value(), "frozen at what it saw before the passer-by came");
        fixture.street.clearFault("radar");
        assertEquals(1, radar.read().get(0).value());
    }

    @Test
    void selfTestChecksCommandsFramesAndValues() throws DriverException {
        SelfTestResult ok = driver().selfTest();

        assertTrue(ok.passed(), ok.toString());
        assertEquals(List.of("configuration commands", "report frame", "plausible values"),
                ok.checks().stream().map(SelfTestResult.Check::name).toList());
    }
}
