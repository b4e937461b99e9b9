package io.streetgate.drivers.pi4j.serial;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.serial.Serial;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.SensorDriver;
import io.streetgate.drivers.pi4j.Pi4jDriverFactory;
import io.streetgate.sim.bus.SerialStreamPump;
import io.streetgate.sim.bus.SimTime;
import io.streetgate.sim.chip.ld2410.Ld2410Model;
import io.streetgate.sim.chip.pms5003.Pms5003Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Linux tty provider against a real kernel tty: one end of a socat pty pair through Pi4J, the other end
 * read and written by the test, or by a simulated sensor's frame generator.
 */
class LinuxTtySerialTest {

    SocatPtyPair pair;
    Context pi4j;

    @BeforeEach
    void start() throws Exception {
        pair = SocatPtyPair.start();
        pi4j = Pi4J.newContextBuilder().noAutoDetect().add(new LinuxTtySerialProvider()).build();
    }

    @AfterEach
    void stop() throws Exception {
        pi4j.shutdown();
        pair.close();
    }

    Serial open(String device, int baud) {
        return pi4j.create(Serial.newConfigBuilder(pi4j).id("port").device(device).baud(baud).dataBits_8().parityNone()
                .stopBits_1().flowNone().build());
    }

    static byte[] readFor(Serial serial, int count) throws InterruptedException {
        byte[] got = new byte[count];
        int have = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (have < count && System.nanoTime() < deadline) {
            if (serial.available() > 0) {
                have += serial.read(got, have, count - have);
            } else {
                Thread.sleep(2);
            }
        }
        assertEquals(count, have, "bytes arrived");
        return got;
    }

    @Test
    void everyByteValuePassesUntouchedBothWays() throws Exception {
        Serial serial = open(pair.a, 9600);
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i; // including CR, XON/XOFF, Ctrl-C: a raw line translates none of them
        }
        try (RandomAccessFile other = new RandomAccessFile(pair.b, "rw")) {
            serial.write(all, 0, all.length);
            byte[] back = new byte[256];
            other.readFully(back);
            assertArrayEquals(all, back);

            other.write(all);
            assertArrayEquals(all, readFor(serial, 256));
        }
        assertEquals(0, serial.available());
        assertEquals(0, serial.read(new byte[8], 0, 8), "an empty line reads nothing, after at most 0.1 s");
    }

    @Test
    void theLineIsRawWithClocalAndReadsThatDoNotWait() throws Exception {
        open(pair.a, 19200);

        Process stty = new ProcessBuilder("stty", "-F", pair.a, "-a").redirectErrorStream(true).start();
        String settings = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        stty.waitFor();

        assertTrue(settings.contains("speed 19200 baud"), settings);
        assertTrue(settings.contains("min = 0; time = 1"), settings);
        List<String> flags = List.of(settings.split("[\\s;]+"));
        for (String expected : List.of("-icanon", "-echo", "-isig", "clocal", "-hupcl", "-crtscts", "-ixon", "-ixoff",
                "cs8", "-parenb", "-cstopb", "-opost", "-icrnl")) {
            assertTrue(flags.contains(expected), expected + " in: " + settings);
        }
    }

    @Test
    void aPms5003DriverReadsTheSimulatedSensorThroughTheKernel() throws Exception {
        Pms5003Model sensor = new Pms5003Model(new SimTime(Clock.systemUTC()), at -> new Pms5003Model.Air(7, 11, 18));
        try (SerialStreamPump pump = new SerialStreamPump(sensor, Path.of(pair.b))) {
            SensorDriver pms = driver("pm", "pms5003", pair.a, Map.of("warm_up", "0s"));
            pms.init();

            List<Measurement> readings = pms.read();

            assertEquals(List.of(7.0, 11.0, 18.0), readings.subList(0, 3).stream().map(Measurement::value).toList());
            assertTrue(sensor.reads() >= 2);
            pms.close();
        }
    }

    @Test
    void anLd2410At256000BaudOverAPtyWhichHasNoSpeed() throws Exception {
        Ld2410Model radar = new Ld2410Model(new SimTime(Clock.systemUTC()), (from, to) -> List.of(Instant.now().minusSeconds(3)));
        try (SerialStreamPump pump = new SerialStreamPump(radar, Path.of(pair.b))) {
            SensorDriver ld = driver("radar", "ld2410", pair.a, Map.of());
            ld.init();

            List<Measurement> readings = ld.read();

            assertEquals(1, readings.get(0).value(), "someone is walking past");
            ld.close();
        }
    }

    @Test
    void aMissingPortIsABusFault() throws DriverException {
        SensorDriver pms = driver("pm", "pms5003", "/dev/serial/by-id/usb-nothing-here", Map.of());

        DriverException e = assertThrows(DriverException.class, pms::init);
        assertEquals(DriverFault.BUS, e.fault());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    SensorDriver driver(String id, String type, String port, Map<String, String> options) throws DriverException {
        DeviceConfig config = new DeviceConfig(id, type, new BusConfig("uart", "serial", Map.of("port", port)), -1,
                Duration.ofSeconds(10), options);
        return new Pi4jDriverFactory(pi4j, Clock.systemUTC()).create(config);
    }

}
