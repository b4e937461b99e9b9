package io.streetgate.sim;

import com.pi4j.context.Context;
import com.pi4j.exception.Pi4JException;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.sim.bus.RecordedOutput;
import io.streetgate.sim.chip.bme280.Bme280Chip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedStreetTest {

    static final BusConfig I2C_1 = new BusConfig("i2c-1", "i2c", Map.of("number", "1"));
    static final BusConfig I2C_3 = new BusConfig("i2c-3", "i2c", Map.of("number", "3"));
    static final BusConfig GPIO = new BusConfig("gpio", "gpio", Map.of());

    final ManualClock clock = new ManualClock(Instant.parse("2024-06-21T12:00:00Z"));
    SimulatedStreet street;
    Context pi4j;

    static DeviceConfig device(String id, String type, BusConfig bus, int address) {
        return new DeviceConfig(id, type, bus, address, Duration.ofSeconds(10), Map.of());
    }

    SimulatedStreet street(DeviceConfig... devices) {
        street = SimulatedStreet.create(List.of(devices), new StreetScenario(51.5, -0.12, 7), clock);
        pi4j = street.newPi4jContext();
        return street;
    }

    @AfterEach
    void shutdown() {
        if (pi4j != null) {
            pi4j.shutdown();
        }
        if (street != null) {
            street.close();
        }
    }

    @Test
    void simulatesTheTypesItKnowsAndNamesTheOthersWithAReason() {
        street(device("env", "bme280", I2C_1, 0x76), device("light", "bh1750", I2C_3, 0x23),
                device("pir", "pir", GPIO, 17), device("kettle", "teapot", I2C_1, 0x62));

        assertEquals(java.util.Set.of("env", "light", "pir"), street.simulatedDeviceIds());
        assertEquals(1, street.notSimulated().size());
        assertTrue(street.notSimulated().get(0).startsWith("kettle: type 'teapot' has no simulated chip"),
                street.notSimulated().get(0));
        assertTrue(street.chip("env", Bme280Chip.class).isPresent());
        assertTrue(street.board().hasBus(3));
    }

    @Test
    void everyNewI2cTypeGetsAChipFromItsSiteFileEntryAndAdcInputsShareOneChip() {
        street(device("air", "sht4x", I2C_1, 0x44), device("co2", "scd4x", I2C_1, 0x62),
                device("pm", "sps30", I2C_1, 0x69), device("light2", "veml7700", I2C_1, 0x10),
                device("noise", "sound_level", I2C_1, 0x48),
                new DeviceConfig("volts", "analog", I2C_1, 0x48, Duration.ofSeconds(10), Map.of("channel", "1")),
                device("clash", "sht4x", I2C_1, 0x48));

        assertEquals(java.util.Set.of("air", "co2", "pm", "light2", "noise", "volts"), street.simulatedDeviceIds());
        assertEquals(List.of("clash: I2C bus 1 address 0x48 is already taken by noise"), street.notSimulated());
        assertTrue(street.chip("noise", io.streetgate.sim.chip.ads1115.Ads1115Chip.class).isPresent());
        assertEquals(street.chip("noise", Object.class), street.chip("volts", Object.class));
        I2C veml = pi4j.create(I2C.newConfigBuilder(pi4j).id("veml").bus(1).device(0x10).build());
        byte[] id = new byte[2];
        veml.readRegister(0x07, id, 0, 2);
        assertEquals(0x81, id[0] & 0xFF);
    }

    @Test
    void uartDevicesSitOnTheSerialPortTheirBusNamesAndTakeLineFaults() throws Exception {
        BusConfig uart = new BusConfig("u", "serial", Map.of("port", "/dev/serial/by-id/usb-FTDI_FT232R-if00"));
        street(device("pm", "pms5003", uart, -1), device("radar", "ld2410", uart, -1),
                device("radar2", "ld2410", new BusConfig("v", "serial", Map.of()), -1));

        assertEquals(java.util.Set.of("pm"), street.simulatedDeviceIds());
        assertEquals(List.of("radar: serial port /dev/serial/by-id/usb-FTDI_FT232R-if00 is already taken by pm",
                "radar2: bus 'v' has no port setting"), street.notSimulated());
        com.pi4j.io.serial.Serial serial = pi4j.create(com.pi4j.io.serial.Serial.newConfigBuilder(pi4j).id("s")
                .device("/dev/serial/by-id/usb-FTDI_FT232R-if00").baud(9600).build());
        clock.advance(Duration.ofMillis(1500));
        assertEquals(32, serial.available(), "one active-mode frame");
        street.injectFault("pm", SimFault.NACK);
        clock.advance(Duration.ofSeconds(2));
        assertEquals(32, serial.available(), "unplugged: nothing more");
        assertThrows(Pi4JException.class, () -> pi4j.create(com.pi4j.io.serial.Serial.newConfigBuilder(pi4j).id("t")
                .device("/dev/ttyUSB3").build()));
    }

    @Test
    void serialFaultsAreRefusedOnI2cChips() {
        street(device("air", "sht4x", I2C_1, 0x44));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> street.injectFault("air", SimFault.SHORT_FRAME));
        assertTrue(e.getMessage().startsWith("fault SHORT_FRAME is for serial (UART) devices"), e.getMessage());
    }

    @Test
    void twoChipsAtOneAddressAreRefusedForTheSecond() {
        street(device("a", "bme280", I2C_1, 0x76), device("b", "bh1750", I2C_1, 0x76));

        assertEquals(java.util.Set.of("a"), street.simulatedDeviceIds());
        assertEquals(List.of("b: I2C bus 1 address 0x76 is already taken by a"), street.notSimulated());
    }

    @Test
    void aChipAnswersOverPi4jAndAnEmptyAddressDoesNotAsOnLinux() {
        street(device("env", "bme280", I2C_1, 0x76));
        I2C bme = pi4j.create(I2C.newConfigBuilder(pi4j).id("bme").bus(1).device(0x76).build());
        I2C nobody = pi4j.create(I2C.newConfigBuilder(pi4j).id("nobody").bus(1).device(0x40).build());

        assertEquals(0x60, bme.readRegister(0xD0));
        Pi4JException e = assertThrows(Pi4JException.class, () -> nobody.readRegister(0xD0));
        assertEquals("Remote I/O error", rootIo(e).getMessage());
    }

    @Test
    void aBusThatDoesNotExistFailsWhenOpened() {
        street(device("env", "bme280", I2C_1, 0x76));

        assertThrows(Pi4JException.class,
                () -> pi4j.create(I2C.newConfigBuilder(pi4j).id("x").bus(7).device(0x76).build()));
    }

    @Test
    void injectedI2cFaultsLookLikeTheLinuxAdapterAndClearing() {
        street(device("env", "bme280", I2C_1, 0x76));
        street.board().timeoutBlock(Duration.ofMillis(1));
        I2C bme = pi4j.create(I2C.newConfigBuilder(pi4j).id("bme").bus(1).device(0x76).build());

        street.injectFault("env", SimFault.NACK);
        assertEquals("Remote I/O error", rootIo(assertThrows(Pi4JException.class, () -> bme.readRegister(0xD0))).getMessage());
        street.injectFault("env", SimFault.TIMEOUT);
        assertEquals("Connection timed out", rootIo(assertThrows(Pi4JException.class, () -> bme.readRegister(0xD0))).getMessage());
        street.injectFault("env", SimFault.CRC_ERROR);
        assertEquals(0xFF, bme.readRegister(0xD0));
        street.clearFault("env");
        assertEquals(0x60, bme.readRegister(0xD0));
    }

    @Test
    void faultsOnUnknownDevicesAndTimeoutsOnGpioAreRefused() {
        street(device("pir", "pir", GPIO, 17));

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> street.injectFault("nope", SimFault.NACK));
        assertEquals("no simulated device 'nope' (simulated: [pir])", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> street.injectFault("pir", SimFault.TIMEOUT));
    }

    @Test
    void outputsRecordWhatTheGatewaySets() {
        street();
        DigitalOutput relay = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("relay").address(22).build());
        Pwm lamp = pi4j.create(Pwm.newConfigBuilder(pi4j).id("lamp").address(0).build());

        relay.high();
        clock.advance(Duration.ofSeconds(5));
        relay.low();
        lamp.on(35, 1000);

        RecordedOutput relayRecord = street.board().digitalOutput(22).orElseThrow();
        assertEquals(List.of(true, false), relayRecord.history().stream().map(RecordedOutput.Setting::on).toList());
        assertEquals(Instant.parse("2024-06-21T12:00:05Z"), relayRecord.current().orElseThrow().at());
        RecordedOutput.Setting lampNow = street.board().pwm(0).orElseThrow().current().orElseThrow();
        assertTrue(lampNow.on());
        assertEquals(35.0, lampNow.dutyCycle(), 1e-6);
        assertEquals(1000, lampNow.frequency());
        assertFalse(street.board().pwm(1).isPresent());
    }

    static IOException rootIo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException io) {
                return io;
            }
        }
        return assertInstanceOf(IOException.class, t);
    }
}
