package io.streetgate.coap.senml;

import java.util.Optional;

/**
 * The SenML representations the gateway reads and writes, with their media types and CoAP Content-Format
 * numbers (RFC 8428 section 12.3, "CoAP Content-Format Registration": 110 and 112).
 */
public enum SenmlFormat {
    JSON("application/senml+json", 110),
    CBOR("application/senml+cbor", 112);

    private final String mediaType;
    private final int contentFormat;

    SenmlFormat(String mediaType, int contentFormat) {
        this.mediaType = mediaType;
        this.contentFormat = contentFormat;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The CoAP Content-Format number. */
    public int contentFormat() {
        return contentFormat;
    }

    /** The format for a CoAP Content-Format number, or empty when it is not SenML JSON or CBOR. */
    public static Optional<SenmlFormat> ofContentFormat(int contentFormat) {
        for (SenmlFormat format : values()) {
            if (format.contentFormat == contentFormat) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
