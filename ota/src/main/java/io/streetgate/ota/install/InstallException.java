package io.streetgate.ota.install;

/** An install step failed; the message says which step, which file or command, and why. */
public class InstallException extends Exception {
    private static final long serialVersionUID = 1L;

    public InstallException(String message) {
        super(message);
    }

    public InstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
