package io.streetgate.drivers.pi4j.serial;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.serial.Serial;
import com.pi4j.io.serial.SerialConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineSettingsTest {

    final Context pi4j = Pi4J.newContextBuilder().noAutoDetect().build();

    @org.junit.jupiter.api.AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    SerialConfig config(int baud, String framing) {
        var builder = Serial.newConfigBuilder(pi4j).id("x").device("/dev/ttyAMA0").baud(baud).dataBits_8().stopBits_1()
                .flowNone();
        return switch (framing) {
            case "8E1" -> builder.parityEven().build();
            case "7O2" -> builder.dataBits_7().parityOdd().stopBits_2().build();
            case "8N1-rtscts" -> builder.parityNone().flowHardware().build();
            default -> builder.parityNone().build();
        };
    }

    @Test
    void eightNoneOneRawWithClocalAndNonBlockingReads() {
        assertEquals(List.of("9600", "raw", "-echo", "cs8", "-parenb", "-cstopb", "-crtscts", "-ixon", "-ixoff", "clocal",
                "-hupcl", "min", "0", "time", "1"), LineSettings.sttyArguments(config(9600, "8N1")));
    }

    @Test
    void parityStopBitsAndFlowControl() {
        List<String> modbusLine = LineSettings.sttyArguments(config(19200, "8E1")); // Modbus RTU's default 8E1
        assertTrue(modbusLine.containsAll(List.of("19200", "parenb", "-parodd", "cs8", "-cstopb")));
        List<String> odd = LineSettings.sttyArguments(config(4800, "7O2"));
        assertTrue(odd.containsAll(List.of("cs7", "parenb", "parodd", "cstopb")));
        assertTrue(LineSettings.sttyArguments(config(115200, "8N1-rtscts")).contains("crtscts"));
    }

    @Test
    void aSpeedSttyDoesNotKnowIsLeftToTermios2() {
        List<String> radar = LineSettings.sttyArguments(config(256_000, "8N1"));

        assertFalse(radar.contains("256000"));
        assertFalse(LineSettings.standard(256_000));
        assertTrue(LineSettings.standard(230_400));
    }

    @Test
    void bothSpeedFieldsOfTheControlFlagsBecomeBother() {
        // c_cflag of a line at B9600 (0000015) with CS8|CREAD|CLOCAL, input speed bits the same
        int cflag = 0x0D | 0x30 | 0x80 | 0x800 | (0x0D << 16);

        int bother = Termios2.withBother(cflag);

        assertEquals(0x1000 | 0x30 | 0x80 | 0x800 | (0x1000 << 16), bother);
    }
}
