package io.streetgate.provision;

import java.util.List;

/**
 * Provisioning stops before it changes anything: bad usage (exit 2: the technician must change the command or a
 * file) or a refusal on the merits (exit 1: e.g. a certificate for another key).
 */
final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> details;

    private Refused(int exitCode, String message, List<String> details) {
        super(message);
        this.exitCode = exitCode;
        this.details = List.copyOf(details);
    }

    static Refused usage(String message) {
        return new Refused(Provisioning.USAGE, message, List.of());
    }

    static Refused usage(String message, List<String> details) {
        return new Refused(Provisioning.USAGE, message, details);
    }

    static Refused failed(String message) {
        return new Refused(Provisioning.FAILED, message, List.of());
    }

    int exitCode() {
        return exitCode;
    }

    /** Lines printed after the message, e.g. every problem of a site file. */
    List<String> details() {
        return details;
    }
}
