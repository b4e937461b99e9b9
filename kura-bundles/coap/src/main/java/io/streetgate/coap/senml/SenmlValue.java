package io.streetgate.coap.senml;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/** The one value a SenML record carries (RFC 8428 section 4.5.4): a number, a string, a boolean or data. */
public sealed interface SenmlValue {

    /** {@code v}: a finite number. */
    record Number(double value) implements SenmlValue {
        public Number {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a SenML value must be finite, not " + value);
            }
        }
    }

    /** {@code vs}: a UTF-8 string. */
    record Text(String value) implements SenmlValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code vb}: a boolean. */
    record Bool(boolean value) implements SenmlValue {
    }

    /** {@code vd}: opaque bytes (base64url in JSON, a byte string in CBOR). */
    record Data(byte[] value) implements SenmlValue {
        public Data {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Data d && Arrays.equals(d.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Data[" + Base64.getUrlEncoder().withoutPadding().encodeToString(value) + "]";
        }
    }
}
