package io.streetgate.uplink.link;

/** Why a connection attempt failed, in words an operator can act on. */
public final class LinkException extends Exception {

    /** What kind of failure: decides how loudly it is reported. */
    public enum Kind {
        /** the broker refused the user name or password (MQTT 5 reason 0x86, MQTT 3.1.1 return code 4) */
        BAD_CREDENTIALS,
        /** the broker refused this client (MQTT 5 reason 0x87, MQTT 3.1.1 return code 5) */
        NOT_AUTHORIZED,
        /** the broker's certificate is not signed by a trusted CA */
        UNTRUSTED_CERTIFICATE,
        /** the broker's certificate does not name the host we connected to */
        WRONG_HOST_IN_CERTIFICATE,
        /** the broker does not speak the configured MQTT version (a 3.1.1-only broker asked for MQTT 5) */
        UNSUPPORTED_PROTOCOL,
        /** TLS failed for another reason (protocol, client certificate refused) */
        TLS,
        /** nobody answered: broker down, network down, DNS */
        UNREACHABLE,
        /** anything else */
        OTHER
    }

    private final Kind kind;

    public LinkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether retrying without a change of configuration is likely to help (network) or not (credentials). */
    public boolean needsOperator() {
        return kind != Kind.UNREACHABLE && kind != Kind.OTHER;
    }
}
