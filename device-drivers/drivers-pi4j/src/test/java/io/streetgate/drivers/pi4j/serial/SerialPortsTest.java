package io.streetgate.drivers.pi4j.serial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SerialPortsTest {

    @TempDir
    Path root;

    Path node(Path dev, String name) throws IOException {
        return Files.createFile(dev.resolve(name));
    }

    @Test
    void byIdNamesFirstThenAliasesThenTheTtysThatHaveHardware() throws IOException {
        Path dev = Files.createDirectories(root.resolve("dev"));
        Path sys = Files.createDirectories(root.resolve("sys"));
        Path usb0 = node(dev, "ttyUSB0");
        node(dev, "ttyUSB10");
        node(dev, "ttyUSB2");
        Path ama0 = node(dev, "ttyAMA0");
        node(dev, "ttyACM0");
        node(dev, "ttyS0");
        node(dev, "ttyS1");
        node(dev, "tty0"); // a virtual console, not a serial port
        Files.createDirectories(sys.resolve("ttyS0"));
        Files.writeString(sys.resolve("ttyS0").resolve("type"), "4\n"); // a 16550A
        Files.createDirectories(sys.resolve("ttyS1"));
        Files.writeString(sys.resolve("ttyS1").resolve("type"), "0\n"); // PORT_UNKNOWN: no UART behind it
        Path byId = Files.createDirectories(dev.resolve("serial").resolve("by-id"));
        Files.createSymbolicLink(byId.resolve("usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"), usb0);
        Files.createSymbolicLink(dev.resolve("serial0"), ama0);

        List<SerialPorts.Port> ports = SerialPorts.list(dev, sys);

        assertEquals(List.of(
                new SerialPorts.Port(byId + "/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0", usb0.toRealPath().toString(), "by-id"),
                new SerialPorts.Port(dev + "/serial0", ama0.toRealPath().toString(), "alias"),
                new SerialPorts.Port(dev + "/ttyACM0", dev + "/ttyACM0", "usb-acm"),
                new SerialPorts.Port(dev + "/ttyAMA0", dev + "/ttyAMA0", "uart"),
                new SerialPorts.Port(dev + "/ttyS0", dev + "/ttyS0", "8250"),
                new SerialPorts.Port(dev + "/ttyUSB0", dev + "/ttyUSB0", "usb-serial"),
                new SerialPorts.Port(dev + "/ttyUSB2", dev + "/ttyUSB2", "usb-serial"),
                new SerialPorts.Port(dev + "/ttyUSB10", dev + "/ttyUSB10", "usb-serial")), ports);
    }

    @Test
    void aMachineWithoutSerialPortsListsNone() throws IOException {
        assertEquals(List.of(), SerialPorts.list(Files.createDirectories(root.resolve("empty")), root));
    }
}
