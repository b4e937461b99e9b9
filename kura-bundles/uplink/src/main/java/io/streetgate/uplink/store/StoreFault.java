package io.streetgate.uplink.store;

import java.sql.SQLException;

/** Why the store file cannot be used right now, classified so that each case gets its own remedy. */
public final class StoreFault extends Exception {

    /** What went wrong with the file. */
    public enum Kind {
        /** the file system is full (SQLITE_FULL) */
        DISK_FULL,
        /** the file or its directory cannot be written: read-only file system, permissions (SQLITE_READONLY,
         * SQLITE_CANTOPEN, SQLITE_PERM) */
        READ_ONLY,
        /** the file is damaged or not a store (SQLITE_CORRUPT, SQLITE_NOTADB, a foreign database) */
        CORRUPT,
        /** another process holds it (SQLITE_BUSY, SQLITE_LOCKED): two gateways on one store */
        LOCKED,
        /** any other I/O error (SQLITE_IOERR and the rest) */
        IO
    }

    private final Kind kind;

    public StoreFault(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Classifies an SQLite error by its primary result code (sqlite.org/rescode.html: the low 8 bits of an
     * extended code are the primary code).
     */
    public static StoreFault of(SQLException e, String doing) {
        int code = e.getErrorCode() & 0xFF;
        Kind kind = switch (code) {
            case 13 -> Kind.DISK_FULL;          // SQLITE_FULL
            case 8, 14, 3 -> Kind.READ_ONLY;    // SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM
            case 11, 26 -> Kind.CORRUPT;        // SQLITE_CORRUPT, SQLITE_NOTADB
            case 5, 6 -> Kind.LOCKED;           // SQLITE_BUSY, SQLITE_LOCKED
            default -> Kind.IO;                 // SQLITE_IOERR (10) and anything unexpected
        };
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        return new StoreFault(kind, doing + ": " + text, e);
    }
}
