package io.streetgate.sim.platform;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.SensorDriver;
import io.streetgate.drivers.pi4j.Pi4jDriverFactory;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated street of a site file: the real drivers read its chips, its faults break them, Modbus on loopback. */
class SimulatedSiteTest {

    private static SiteConfig site(int modbusPort) {
        SiteFile.Result result = SiteFile.parse("""
                node: { id: pole-0042, latitude: 53.5461, longitude: 9.9661 }
                buses:
                  i2c-1: { kind: i2c, number: 1 }
                  meters: { kind: modbus-tcp, host: 127.0.0.1, port: %d }
                  remote: { kind: modbus-tcp, host: 192.0.2.1, port: 502 }
                sensors:
                  light-1: { type: bh1750, bus: i2c-1, address: 0x23 }
                  noise-1: { type: sound-level-meter, bus: meters, unit: 1 }
                  energy-9: { type: eastron-sdm630, bus: remote, unit: 1 }
                simulation: { speed: 60, start: 2026-06-21T12:00:00Z, seed: 7 }
                """.formatted(modbusPort), "site.yaml", DeviceCatalog.installed());
        assertEquals(List.of(), result.problems());
        return result.config().orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theDriversReadItsChipsUntilAFaultBreaksOne() throws Exception {
        TimeBase time = TimeBase.accelerated(Instant.parse("2026-06-21T12:00:00Z"), 60);
        SiteConfig config = site(freePort());
        try (SimulatedSite site = SimulatedSite.start(config, time)) {
            assertEquals(Set.of("light-1"), site.devices());
            assertEquals(1, site.modbusServers(), "noise-1's bus answers on loopback");
            assertEquals(1, site.notSimulated().size(), site.notSimulated().toString());
            assertTrue(site.notSimulated().get(0).contains("energy-9"), site.notSimulated().toString());

            SensorDriver light = new Pi4jDriverFactory(site.pi4j(), time).create(config.sensors().get(0));
            light.init();
            assertFalse(light.read().isEmpty(), "a noon reading");
            site.injectFault("light-1", "nack");
            assertThrows(DriverException.class, light::read);
            site.clearFault("light-1");
            assertFalse(light.read().isEmpty(), "it works again");
            light.close();
        }
    }

    @Test
    void anUnknownFaultOrDeviceIsRefusedWithTheValidOnes() throws Exception {
        try (SimulatedSite site = SimulatedSite.start(site(freePort()), TimeBase.system())) {
            IllegalArgumentException fault = assertThrows(IllegalArgumentException.class,
                    () -> site.injectFault("light-1", "melted"));
            assertTrue(fault.getMessage().startsWith("unknown fault 'melted'; valid: nack, crc, stuck, timeout"),
                    fault.getMessage());
            IllegalArgumentException device = assertThrows(IllegalArgumentException.class,
                    () -> site.injectFault("lamp-9", "crc"));
            assertEquals("no simulated device 'lamp-9'; simulated: light-1", device.getMessage());
        }
    }
}
