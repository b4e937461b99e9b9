package io.streetgate.provision;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes JSON (RFC 8259) from maps, lists, strings, numbers, booleans and null; two-space indentation. */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(value, "", out);
        return out.append('\n').toString();
    }

    private static void append(Object value, String indent, StringBuilder out) {
        String inner = indent + "  ";
        if (value instanceof Map<?, ?> map) {
            out.append(map.isEmpty() ? "{" : "{\n");
            for (Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                out.append(inner);
                string(String.valueOf(e.getKey()), out);
                out.append(": ");
                append(e.getValue(), inner, out);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(map.isEmpty() ? "}" : indent + "}");
        } else if (value instanceof List<?> list) {
            out.append(list.isEmpty() ? "[" : "[\n");
            for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
                out.append(inner);
                append(it.next(), inner, out);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(list.isEmpty() ? "]" : indent + "]");
        } else if (value instanceof Number || value instanceof Boolean || value == null) {
            out.append(value);
        } else {
            string(value.toString(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
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
}
