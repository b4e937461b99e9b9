package io.streetgate.ota.tuf;

/**
 * Why a piece of metadata or a target was refused. The message names the file, the field, the value and what
 * would have been accepted; {@link #reason()} lets callers (the agent's report, tests) act on the kind.
 */
public class TufException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal the TUF client workflow can end in. */
    public enum Reason {
        /** Not the shape the specification defines (missing field, wrong type, wrong {@code _type}). */
        FORMAT,
        /** Fewer valid signatures than the role's threshold. */
        UNSIGNED,
        /** A version that is not the one the chain of trust says it must be. */
        BAD_VERSION,
        /** A version lower than one already trusted. */
        ROLLBACK,
        /** The metadata's expiry is before the update's start time. */
        EXPIRED,
        /** Hashes differ from the ones trusted metadata names. */
        HASH_MISMATCH,
        /** Length differs from the one trusted metadata names. */
        LENGTH_MISMATCH,
        /** The server sent more bytes than allowed (endless data). */
        TOO_LARGE,
        /** The server answered 404 / 410. */
        NOT_FOUND,
        /** The transfer was slower than the minimum rate or a read timed out. */
        SLOW_RETRIEVAL,
        /** The link failed; worth a retry. */
        NETWORK,
        /** No trusted targets metadata lists this target. */
        UNKNOWN_TARGET,
        /** A local file or setting is wrong. */
        CONFIG
    }

    private final Reason reason;

    public TufException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TufException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
