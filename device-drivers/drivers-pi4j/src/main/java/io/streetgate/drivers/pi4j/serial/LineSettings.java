package io.streetgate.drivers.pi4j.serial;

import com.pi4j.io.serial.DataBits;
import com.pi4j.io.serial.FlowControl;
import com.pi4j.io.serial.Parity;
import com.pi4j.io.serial.SerialConfig;
import com.pi4j.io.serial.StopBits;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a Pi4J serial config becomes {@code stty} settings (GNU coreutils stty(1); termios(3)): the line raw
 * (no echo, no line editing, no character translation: binary frames pass untouched), the speed, data bits,
 * parity, stop bits and flow control, {@code clocal} (ignore modem lines, so neither opening the port nor a
 * dropped carrier waits or hangs up), and {@code min 0 time 1} so that a read returns what has arrived or,
 * after 0.1 s, nothing.
 */
final class LineSettings {

    /** The speeds stty sets through the classic Bxxx constants (termios(3), Linux); others need termios2. */
    static final Set<Integer> STANDARD_BAUDS = Set.of(50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800,
            9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000,
            2000000, 2500000, 3000000, 3500000, 4000000);

    private LineSettings() {
    }

    static boolean standard(int baud) {
        return STANDARD_BAUDS.contains(baud);
    }

    /** The stty arguments after {@code -F device}; the speed only when it is a standard one. */
    static List<String> sttyArguments(SerialConfig config) {
        List<String> args = new ArrayList<>();
        int baud = config.baud() == null ? 9600 : config.baud();
        if (standard(baud)) {
            args.add(Integer.toString(baud));
        }
        args.add("raw");
        args.add("-echo");
        DataBits bits = config.dataBits() == null ? DataBits._8 : config.dataBits();
        args.add("cs" + bits.value());
        Parity parity = config.parity() == null ? Parity.NONE : config.parity();
        switch (parity) {
            case NONE -> args.add("-parenb");
            case EVEN -> args.addAll(List.of("parenb", "-parodd", "-cmspar"));
            case ODD -> args.addAll(List.of("parenb", "parodd", "-cmspar"));
            case MARK -> args.addAll(List.of("parenb", "parodd", "cmspar"));
            case SPACE -> args.addAll(List.of("parenb", "-parodd", "cmspar"));
        }
        args.add(config.stopBits() == StopBits._2 ? "cstopb" : "-cstopb");
        FlowControl flow = config.flowControl() == null ? FlowControl.NONE : config.flowControl();
        args.add(flow == FlowControl.HARDWARE ? "crtscts" : "-crtscts");
        if (flow == FlowControl.SOFTWARE) {
            args.addAll(List.of("ixon", "ixoff"));
        } else {
            args.addAll(List.of("-ixon", "-ixoff"));
        }
        args.addAll(List.of("clocal", "-hupcl", "min", "0", "time", "1"));
        return args;
    }
}
