package io.streetgate.ota.tuf;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * OLPC canonical JSON as TUF signs it (theupdateframework.io specification, "Document formats"; the same
 * rules as securesystemslib's and tuf-js's encoders): no whitespace, object keys sorted, integers only (no
 * floats), and inside strings only the backslash and the double quote are escaped; every other character,
 * control characters included, is written as its UTF-8 bytes.
 *
 * <p>Keys are sorted by UTF-16 code units ({@link String#compareTo}), as JavaScript's {@code sort()} does.
 */
public final class CanonicalJson {
    private CanonicalJson() {
    }

    /** Encodes maps (String keys), lists, strings, integral numbers, booleans and null. */
    public static byte[] encode(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value, "$");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, Object value, String where) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Number n) {
            throw new IllegalArgumentException("canonical JSON has no floating point numbers: " + where + " = " + n
                    + "; use an integer or a string");
        } else if (value instanceof Map<?, ?> map) {
            List<String> keys = new ArrayList<>(map.size());
            for (Object k : map.keySet()) {
                if (!(k instanceof String ks)) {
                    throw new IllegalArgumentException("canonical JSON object keys are strings: " + where + " has " + k);
                }
                keys.add(ks);
            }
            keys.sort(null);
            out.append('{');
            boolean first = true;
            for (String k : keys) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, k);
                out.append(':');
                write(out, map.get(k), where + "." + k);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            int i = 0;
            for (Object element : list) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, element, where + "[" + i + "]");
                i++;
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName() + " at " + where);
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** Indented, sorted JSON for files people read; still parses to the same value. */
    public static byte[] pretty(Object value) {
        StringBuilder out = new StringBuilder(512);
        pretty(out, value, 0);
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void pretty(StringBuilder out, Object value, int depth) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            List<String> keys = new ArrayList<>();
            map.keySet().forEach(k -> keys.add((String) k));
            keys.sort(null);
            out.append("{\n");
            for (int i = 0; i < keys.size(); i++) {
                indent(out, depth + 1);
                jsonString(out, keys.get(i));
                out.append(": ");
                pretty(out, map.get(keys.get(i)), depth + 1);
                out.append(i + 1 < keys.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append('}');
        } else if (value instanceof Collection<?> list && !list.isEmpty()) {
            out.append("[\n");
            int i = 0;
            for (Object element : list) {
                indent(out, depth + 1);
                pretty(out, element, depth + 1);
                out.append(++i < list.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append(']');
        } else if (value instanceof String s) {
            jsonString(out, s);
        } else {
            out.append(new String(encode(value), StandardCharsets.UTF_8));
        }
    }

    /** Standard JSON string escaping (control characters as \\u00XX) for the pretty form. */
    private static void jsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
    }

}
