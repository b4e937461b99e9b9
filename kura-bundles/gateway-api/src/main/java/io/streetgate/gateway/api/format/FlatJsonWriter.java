package io.streetgate.gateway.api.format;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes one flat JSON object (names to strings, numbers, booleans and times) straight into bytes, the same
 * bytes {@link UplinkJson#object} writes through Jackson for the same fields (UplinkJsonTest compares the two):
 * the uplink encodes every message it sends, and Jackson's generator set-up and per-value dispatch cost more
 * than the message's own bytes. Escaping is Jackson's default (RFC 8259 section 7: quote, backslash and control
 * characters; the rest as UTF-8).
 */
final class FlatJsonWriter implements FieldWriter {

    /** {@code "name":} per field name, escaped and encoded once. */
    private static final Map<String, byte[]> NAMES = new ConcurrentHashMap<>();
    private static final int MAX_NAMES = 1024;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int length;
    /** An object: '{', then the members. */
    FlatJsonWriter(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
        buf[length++] = '{';
    }

    /** Thrown by {@link #field} for a nested map or list, which the caller writes through Jackson instead. */
    static final class NotFlat extends RuntimeException {
        static final NotFlat INSTANCE = new NotFlat();

        private NotFlat() {
            super("a nested value", null, false, false); // no stack trace: it is expected and cheap
        }
    }

    /**
     * A field, with the value rules of {@link UplinkJson}: a null or a non-finite number is left out.
     *
     * @throws NotFlat for a map or a collection (checked last: the common types need no interface check)
     */
    @Override
    public void field(String name, Object value) {
        if (value instanceof Double d) {
            number(name, d.doubleValue());
        } else if (value instanceof Float f) {
            number(name, f.floatValue());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            number(name, ((Number) value).longValue());
        } else if (value instanceof Number n) {
            number(name, n.doubleValue());
        } else if (value instanceof Boolean b) {
            bool(name, b);
        } else if (value instanceof Instant t) {
            time(name, t);
        } else if (value instanceof String text) {
            text(name, text);
        } else if (value instanceof Map<?, ?> || value instanceof java.util.Collection<?>) {
            throw NotFlat.INSTANCE;
        } else if (value != null) {
            text(name, value.toString());
        }
    }

    @Override
    public void number(String name, double value) {
        if (Double.isFinite(value)) {
            name(name);
            if (!fewDecimals(value)) {
                ascii(Double.toString(value));
            }
        }
    }

    @Override
    public void number(String name, float value) {
        if (Float.isFinite(value)) {
            name(name);
            ascii(Float.toString(value));
        }
    }

    @Override
    public void number(String name, long value) {
        name(name);
        ascii(Long.toString(value));
    }

    @Override
    public void bool(String name, boolean value) {
        name(name);
        ascii(value ? "true" : "false");
    }

    @Override
    public void time(String name, Instant value) {
        name(name);
        instant(value);
    }

    @Override
    public void text(String name, String value) {
        name(name);
        string(value);
    }

    /**
     * Writes {@code d} when it is a decimal of at most four places between 0.001 and 10^7, as most measurements
     * are, in the form {@link Double#toString} gives it (its plain range: at least one decimal, no trailing
     * zeros) and at a fraction of its cost; returns false, having written nothing, for any other value. Exact:
     * such a decimal is written only when it reads back as {@code d}, and no shorter decimal could (values four
     * places apart are far more than the double's precision apart below 10^7).
     */
    boolean fewDecimals(double d) {
        double magnitude = Math.abs(d);
        if (!(magnitude >= 1e-3 && magnitude < 1e7)) {
            return false;
        }
        long scaled = Math.round(magnitude * 10_000);
        if (scaled / 10_000.0 != magnitude) {
            return false;
        }
        long whole = scaled / 10_000;
        int fraction = (int) (scaled % 10_000);
        int places = 4;
        while (places > 1 && fraction % 10 == 0) {
            fraction /= 10;
            places--;
        }
        ensure(20);
        if (d < 0) {
            buf[length++] = '-';
        }
        int start = length;
        do {
            buf[length++] = (byte) ('0' + whole % 10);
            whole /= 10;
        } while (whole > 0);
        for (int i = start, j = length - 1; i < j; i++, j--) { // written backwards: turn them round
            byte b = buf[i];
            buf[i] = buf[j];
            buf[j] = b;
        }
        buf[length++] = '.';
        for (int i = places - 1; i >= 0; i--) {
            buf[length + i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        length += places;
        return true;
    }

    /** The object, closed. */
    byte[] finish() {
        ensure(1);
        buf[length++] = '}';
        return Arrays.copyOf(buf, length);
    }

    private void name(String name) {
        byte[] encoded = NAMES.get(name);
        if (encoded == null) {
            FlatJsonWriter quoted = new FlatJsonWriter(name.length() + 8);
            quoted.string(name);
            encoded = Arrays.copyOfRange(quoted.buf, 1, quoted.length + 1); // without the '{'
            encoded[encoded.length - 1] = ':';
            if (NAMES.size() < MAX_NAMES) {
                NAMES.put(name, encoded);
            }
        }
        ensure(encoded.length + 1);
        if (length > 1) { // a comma before each member but the first
            buf[length++] = ',';
        }
        System.arraycopy(encoded, 0, buf, length, encoded.length);
        length += encoded.length;
    }

    private void instant(Instant t) {
        char[] text = new char[IsoInstant.MAX_LENGTH];
        int n = IsoInstant.write(t, text);
        if (n < 0) {
            string(t.toString());
            return;
        }
        ensure(n + 2);
        buf[length++] = '"';
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) text[i];
        }
        buf[length++] = '"';
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) s.charAt(i); // digits, signs, '.', 'E', letters: one byte each
        }
    }

    private void string(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                int end = i + 1;
                while (end < n && s.charAt(end) >= 0x80) {
                    end++;
                }
                byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                ensure(utf8.length + (n - end) + 1);
                System.arraycopy(utf8, 0, buf, length, utf8.length);
                length += utf8.length;
                i = end - 1;
            } else if (c < 0x20 || c == '"' || c == '\\') {
                escape(c);
                ensure(n - i + 1);
            } else {
                buf[length++] = (byte) c;
            }
        }
        ensure(1);
        buf[length++] = '"';
    }

    private void escape(char c) {
        ensure(6);
        buf[length++] = '\\';
        switch (c) {
            case '"', '\\' -> buf[length++] = (byte) c;
            case '\b' -> buf[length++] = 'b';
            case '\t' -> buf[length++] = 't';
            case '\n' -> buf[length++] = 'n';
            case '\f' -> buf[length++] = 'f';
            case '\r' -> buf[length++] = 'r';
            default -> {
                buf[length++] = 'u';
                buf[length++] = '0';
                buf[length++] = '0';
                buf[length++] = HEX[c >> 4];
                buf[length++] = HEX[c & 0xf];
            }
        }
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}
