package org.eclipse.kura;

/** Stub of Kura's checked exception (Kura 5 API: thrown by CloudPublisher.publish). */
public class KuraException extends Exception {

    private static final long serialVersionUID = 1L;

    public KuraException(String message) {
        super(message);
    }
}
