package io.streetgate.driver;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One driver option a site file may set, with what values are valid. The site file validator checks values
 * against it and the error message is built from it, so the technician sees what would be valid.
 *
 * @param name         the key under a device's {@code options}
 * @param description  one line for people
 * @param kind         how the value is read
 * @param allowed      for {@link Kind#CHOICE}: the valid values
 * @param min          for numbers and durations: the smallest valid value (durations in milliseconds)
 * @param max          for numbers and durations: the largest valid value (durations in milliseconds)
 * @param defaultValue the value used when the key is absent; null when the option is required
 */
public record OptionSpec(String name, String description, Kind kind, List<String> allowed, double min, double max,
                         String defaultValue) {

    public enum Kind { CHOICE, INTEGER, DECIMAL, DURATION, BOOLEAN, TEXT }

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        allowed = List.copyOf(allowed == null ? List.of() : allowed);
        description = description == null ? "" : description;
    }

    public static OptionSpec choice(String name, String description, String defaultValue, String... allowed) {
        return new OptionSpec(name, description, Kind.CHOICE, List.of(allowed), 0, 0, defaultValue);
    }

    public static OptionSpec integer(String name, String description, long min, long max, Long defaultValue) {
        return new OptionSpec(name, description, Kind.INTEGER, List.of(), min, max,
                defaultValue == null ? null : defaultValue.toString());
    }

    public static OptionSpec decimal(String name, String description, double min, double max, Double defaultValue) {
        return new OptionSpec(name, description, Kind.DECIMAL, List.of(), min, max,
                defaultValue == null ? null : defaultValue.toString());
    }

    public static OptionSpec duration(String name, String description, Duration min, Duration max,
                                      Duration defaultValue) {
        return new OptionSpec(name, description, Kind.DURATION, List.of(), min.toMillis(), max.toMillis(),
                defaultValue == null ? null : Durations.format(defaultValue));
    }

    public static OptionSpec bool(String name, String description, boolean defaultValue) {
        return new OptionSpec(name, description, Kind.BOOLEAN, List.of("true", "false"), 0, 0,
                Boolean.toString(defaultValue));
    }

    public static OptionSpec text(String name, String description, String defaultValue) {
        return new OptionSpec(name, description, Kind.TEXT, List.of(), 0, 0, defaultValue);
    }

    /**
     * Checks a value.
     *
     * @return the normalised value, or empty and a reason through {@code problem}
     */
    public Optional<String> check(String value, java.util.function.Consumer<String> problem) {
        String v = value.trim();
        switch (kind) {
            case CHOICE -> {
                if (allowed.contains(v)) {
                    return Optional.of(v);
                }
                problem.accept("is not one of " + String.join(", ", allowed));
            }
            case BOOLEAN -> {
                if (v.equals("true") || v.equals("false")) {
                    return Optional.of(v);
                }
                problem.accept("is not true or false");
            }
            case INTEGER -> {
                try {
                    long n = Long.decode(v);
                    if (n >= min && n <= max) {
                        return Optional.of(Long.toString(n));
                    }
                    problem.accept("is outside " + (long) min + ".." + (long) max);
                } catch (NumberFormatException e) {
                    problem.accept("is not a whole number; valid: " + (long) min + ".." + (long) max);
                }
            }
            case DECIMAL -> {
                try {
                    double n = Double.parseDouble(v);
                    if (n >= min && n <= max) {
                        return Optional.of(Double.toString(n));
                    }
                    problem.accept("is outside " + min + ".." + max);
                } catch (NumberFormatException e) {
                    problem.accept("is not a number; valid: " + min + ".." + max);
                }
            }
            case DURATION -> {
                Optional<Duration> d = Durations.parse(v);
                if (d.isEmpty()) {
                    problem.accept("is not a duration; " + Durations.HINT);
                } else if (d.get().toMillis() < min || d.get().toMillis() > max) {
                    problem.accept("is outside " + Durations.format(Duration.ofMillis((long) min)) + ".."
                            + Durations.format(Duration.ofMillis((long) max)));
                } else {
                    return Optional.of(Durations.format(d.get()));
                }
            }
            case TEXT -> {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
