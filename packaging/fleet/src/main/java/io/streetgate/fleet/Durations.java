package io.streetgate.fleet;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as an operator writes them: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 0}. */
final class Durations implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 90s, "
                    + "5m, 2h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** {@code 2m 5s}, {@code 45s}, {@code 800 ms}. */
    static String describe(Duration d) {
        if (d.toSeconds() == 0) {
            return d.toMillis() + " ms";
        }
        long m = d.toMinutes();
        long s = d.toSecondsPart();
        return m == 0 ? s + "s" : m + "m" + (s == 0 ? "" : " " + s + "s");
    }
}
