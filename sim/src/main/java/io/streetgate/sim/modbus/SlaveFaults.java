package io.streetgate.sim.modbus;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults injected into one simulated slave, until cleared. Each setter replaces what it sets; {@link #clear()}
 * brings the slave back to normal. Thread-safe (faults are set from tests while masters poll).
 */
public final class SlaveFaults {

    /** How a slave answers while a reply fault is set. */
    public enum Reply {
        /** A correct reply. */
        NORMAL,
        /** No reply at all: the master times out. */
        NONE,
        /** RTU: the reply's CRC is wrong. TCP has no CRC: the reply's data bytes are damaged instead. */
        BAD_CRC,
        /** The reply is cut off after its first bytes: RTU without its CRC, TCP shorter than its header says. */
        SHORT,
        /** The reply is complete and checksummed but its byte count disagrees with its data. */
        MALFORMED
    }

    private volatile Reply reply = Reply.NORMAL;
    private volatile ExceptionCode exception;
    private volatile boolean stuck;
    private volatile boolean gone;
    private volatile Duration delay = Duration.ZERO;

    /** Answers every request with this exception until cleared. */
    public SlaveFaults exception(ExceptionCode code) {
        this.exception = Objects.requireNonNull(code, "code");
        return this;
    }

    public SlaveFaults reply(Reply r) {
        this.reply = Objects.requireNonNull(r, "reply");
        return this;
    }

    /** The values stop changing (the device's measurement hangs while it keeps answering). */
    public SlaveFaults stuck(boolean on) {
        this.stuck = on;
        return this;
    }

    /**
     * The device disappears (unplugged, powered off): it never answers, and its model does not run. When it
     * comes back its values continue from where the scenario is.
     */
    public SlaveFaults gone(boolean on) {
        this.gone = on;
        return this;
    }

    /** Every reply is sent this late (a slow device; longer than the master's timeout is a timeout). */
    public SlaveFaults delay(Duration d) {
        this.delay = Objects.requireNonNull(d, "delay");
        return this;
    }

    public void clear() {
        reply = Reply.NORMAL;
        exception = null;
        stuck = false;
        gone = false;
        delay = Duration.ZERO;
    }

    public Reply reply() {
        return gone ? Reply.NONE : reply;
    }

    public ExceptionCode exception() {
        return exception;
    }

    public boolean stuck() {
        return stuck || gone;
    }

    public boolean gone() {
        return gone;
    }

    public Duration delay() {
        return delay;
    }
}
