package io.streetgate.flash;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes the report's JSON (RFC 8259): maps, lists, strings, numbers, booleans and null. */
final class Json {
    private Json() {
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String write(Object v, String indent) {
        StringBuilder b = new StringBuilder();
        write(v, indent, b);
        return b.toString();
    }

    private static void write(Object v, String indent, StringBuilder b) {
        String inner = indent + "  ";
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append("{\n");
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                b.append(inner).append(quote(String.valueOf(e.getKey()))).append(": ");
                write(e.getValue(), inner, b);
                b.append(it.hasNext() ? ",\n" : "\n");
            }
            b.append(indent).append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                b.append(inner);
                write(l.get(i), inner, b);
                b.append(i < l.size() - 1 ? ",\n" : "\n");
            }
            b.append(indent).append(']');
        } else if (v instanceof String s) {
            b.append(quote(s));
        } else if (v instanceof Double d) {
            b.append(String.format(java.util.Locale.ROOT, "%.3f", d));
        } else {
            b.append(v); // numbers, booleans, null
        }
    }
}
