package io.streetgate.ota.tuf;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsing with jackson-jr into plain maps and lists, and typed field access whose errors name the file, the
 * field and the value. Writing goes through {@link CanonicalJson}.
 */
public final class Json {
    private Json() {
    }

    /** Parses a JSON object. */
    public static Map<String, Object> parseObject(byte[] bytes, String what) {
        try {
            Object value = JSON.std.anyFrom(bytes);
            if (!(value instanceof Map<?, ?>)) {
                throw new TufException(TufException.Reason.FORMAT, what + ": expected a JSON object");
            }
            return asObject(value, what);
        } catch (IOException e) {
            throw new TufException(TufException.Reason.FORMAT, what + ": not valid JSON (" + firstLine(e) + ")", e);
        }
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object value, String what) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new TufException(TufException.Reason.FORMAT, what + ": expected an object, found " + describe(value));
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new TufException(TufException.Reason.FORMAT, what + ": object key " + k + " is not a string");
            }
        }
        return (Map<String, Object>) m;
    }

    public static Map<String, Object> object(Map<String, Object> map, String key, String what) {
        return asObject(required(map, key, what), what + "." + key);
    }

    public static Map<String, Object> optionalObject(Map<String, Object> map, String key, String what) {
        Object v = map.get(key);
        return v == null ? null : asObject(v, what + "." + key);
    }

    public static List<Object> array(Map<String, Object> map, String key, String what) {
        Object v = required(map, key, what);
        if (!(v instanceof List<?> l)) {
            throw new TufException(TufException.Reason.FORMAT, what + "." + key + ": expected an array, found " + describe(v));
        }
        return new ArrayList<>(l);
    }

    public static List<String> stringList(Map<String, Object> map, String key, String what) {
        List<String> out = new ArrayList<>();
        for (Object o : array(map, key, what)) {
            if (!(o instanceof String s)) {
                throw new TufException(TufException.Reason.FORMAT, what + "." + key + ": expected strings, found " + describe(o));
            }
            out.add(s);
        }
        return out;
    }

    public static String string(Map<String, Object> map, String key, String what) {
        Object v = required(map, key, what);
        if (!(v instanceof String s)) {
            throw new TufException(TufException.Reason.FORMAT, what + "." + key + ": expected a string, found " + describe(v));
        }
        return s;
    }

    public static long integer(Map<String, Object> map, String key, String what) {
        Object v = required(map, key, what);
        return toLong(v, what + "." + key);
    }

    public static Long optionalInteger(Map<String, Object> map, String key, String what) {
        Object v = map.get(key);
        return v == null ? null : toLong(v, what + "." + key);
    }

    static long toLong(Object v, String where) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        throw new TufException(TufException.Reason.FORMAT, where + ": expected an integer, found " + describe(v));
    }

    public static boolean bool(Map<String, Object> map, String key, String what, boolean dflt) {
        Object v = map.get(key);
        if (v == null) {
            if (!map.containsKey(key)) {
                return dflt;
            }
        }
        if (!(v instanceof Boolean b)) {
            throw new TufException(TufException.Reason.FORMAT, what + "." + key + ": expected true or false, found " + describe(v));
        }
        return b;
    }

    /** TUF's date format, "YYYY-MM-DDTHH:MM:SSZ" (specification, "File formats: general principles"). */
    public static Instant instant(Map<String, Object> map, String key, String what) {
        String s = string(map, key, what);
        if (!s.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")) {
            throw new TufException(TufException.Reason.FORMAT, what + "." + key + ": \"" + s
                    + "\" is not in the form YYYY-MM-DDTHH:MM:SSZ (UTC, no fraction)");
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new TufException(TufException.Reason.FORMAT, what + "." + key + ": \"" + s + "\" is not a valid date", e);
        }
    }

    public static String formatInstant(Instant t) {
        return java.time.format.DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    static Object required(Map<String, Object> map, String key, String what) {
        if (!map.containsKey(key) || map.get(key) == null) {
            throw new TufException(TufException.Reason.FORMAT, what + ": the field \"" + key + "\" is missing");
        }
        return map.get(key);
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + v;
    }

    /** A deep, mutable copy of a parsed value, so edits never alias the signed original. */
    @SuppressWarnings("unchecked")
    public static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, deepCopy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(deepCopy(v)));
            return (T) out;
        }
        return value;
    }
}
