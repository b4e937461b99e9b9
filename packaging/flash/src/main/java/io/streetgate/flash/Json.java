package io.streetgate.flash;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The flash tool's JSON (the report, the journal, the config partition's {@code flash.json}), written with
 * jackson-jr as the rest of streetgate's JSON is.
 */
final class Json {
    private static final JSON LINE = JSON.std;
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {
    }

    /** One object on one line, ending with a newline: a journal line or a small file. */
    static String line(Map<String, ?> object) {
        return write(LINE, object) + "\n";
    }

    /** The report, indented for a person reading it. */
    static String pretty(Map<String, ?> object) {
        return write(PRETTY, object);
    }

    /** Seconds to the millisecond: the report's times say no more than the clock that measured them. */
    static double seconds(double s) {
        return Math.round(s * 1000) / 1000.0;
    }

    /** One object from a line, or empty when the line is not one (cut short, or not JSON). */
    static Optional<Map<String, Object>> read(String line) {
        try {
            return Optional.of(LINE.mapFrom(line));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String write(JSON json, Map<String, ?> object) {
        try {
            return json.asString(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON of " + object.keySet(), e);
        }
    }
}
