package io.streetgate.distribution;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps log lines out of what a command prints. While a terminal shows the live view, the gateway's log goes to a
 * file in the state folder (1 MiB, three files) and the terminal gets warnings and errors only, so log lines do
 * not tear the screen. A one-shot command ({@code scan}, {@code selftest}, {@code status}, ...) prints only what it
 * means to: every log line, the libraries' warnings included (Pi4J's GpioD, Netty's MacAddressUtil, Felix), goes
 * to its own file in the state folder.
 */
final class LogToFile {
    /** The gateway's log while the live view is on the terminal. */
    static final String GATEWAY_LOG = "streetgate";
    /** The one-shot commands' log: not the gateway's, so two processes never roll one file. */
    static final String COMMAND_LOG = "command";

    private LogToFile() {
    }

    /** @return the log file, or null when the logging is not logback's (nothing changed then) */
    static Path divert(Path stateDir) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = root.getAppender("console");
        if (console != null) {
            ThresholdFilter warnings = new ThresholdFilter();
            warnings.setLevel(Level.WARN.levelStr);
            warnings.start();
            console.addFilter(warnings);
        }
        return toFile(context, root, stateDir, GATEWAY_LOG);
    }

    /**
     * A one-shot command's log: the terminal gets no log line at all, the file all of them.
     *
     * @return the log file, or null when nothing changed (not logback's logging, or no log folder can be made:
     *         the lines then stay on the terminal rather than being lost)
     */
    static Path commandOnly(Path stateDir) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        try {
            Files.createDirectories(stateDir.resolve("log"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Path file = toFile(context, root, stateDir, COMMAND_LOG);
        root.detachAppender("console");
        // a library that prints a stack trace itself (PLC4X's Netty connect on a refused Modbus TCP connection)
        // writes to System.err, not to a logger: its lines go to the same file, the command's own messages
        // go to the writers picocli took before this
        System.setErr(new PrintStream(new LinesToLog(LoggerFactory.getLogger("stderr")), true, StandardCharsets.UTF_8));
        return file;
    }

    /** Each line written to it becomes one WARN line of a logger. */
    static final class LinesToLog extends OutputStream {
        private final org.slf4j.Logger log;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LinesToLog(org.slf4j.Logger log) {
            this.log = log;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            // a line is logged when it ends: a flush in its middle (PrintStream's autoflush) does not split it
        }

        @Override
        public synchronized void close() {
            flushLine();
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
            line.reset();
            if (!text.isEmpty()) {
                log.warn(text);
            }
        }
    }

    private static Path toFile(LoggerContext context, ch.qos.logback.classic.Logger root, Path stateDir, String name) {
        Path file = stateDir.resolve("log/" + name + ".log");
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(stateDir.resolve("log/" + name + ".%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(2);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
        size.setContext(context);
        size.setMaxFileSize(FileSize.valueOf("1MB"));
        size.start();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %-22logger{0} %msg%n");
        encoder.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(size);
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        return file;
    }
}
