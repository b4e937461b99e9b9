package io.streetgate.coap.senml;

/** A pack the decoder refuses, with a message that names the record, the field and the rule. */
public final class SenmlException extends Exception {

    /** Why a pack was refused; each maps to one CoAP response code and one counter. */
    public enum Reason {
        /** Not SenML, or SenML that breaks a rule of RFC 8428 or a limit on values. */
        MALFORMED,
        /** More bytes or more records than the limits allow. */
        TOO_LARGE
    }

    private final Reason reason;

    public SenmlException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
