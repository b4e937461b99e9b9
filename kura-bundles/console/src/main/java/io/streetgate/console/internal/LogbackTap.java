package io.streetgate.console.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.streetgate.console.LogBuffer;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Copies the gateway's log lines, as Logback passes them to its appenders (after the levels of logback.xml),
 * into the console's {@link LogBuffer}. Only loaded when the framework's launcher exports Logback.
 */
final class LogbackTap extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final LogBuffer buffer;
    private final Logger root;

    private LogbackTap(LogBuffer buffer, Logger root) {
        this.buffer = buffer;
        this.root = root;
    }

    /** Attaches a tap to the root logger; fails with ClassCastException when SLF4J is bound to something else. */
    static AutoCloseable attach(LogBuffer buffer) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogbackTap tap = new LogbackTap(buffer, context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
        tap.setContext(context);
        tap.setName("streetgate-console");
        tap.start();
        tap.root.addAppender(tap);
        return tap;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            message += " (" + thrown.getClassName() + ": " + thrown.getMessage() + ")";
        }
        buffer.add(Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(), event.getLoggerName(),
                message);
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
