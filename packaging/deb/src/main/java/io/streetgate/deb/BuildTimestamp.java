package io.streetgate.deb;

import java.time.Instant;

/**
 * The one time stamp every entry of a reproducible archive carries: Maven's {@code project.build.outputTimestamp}
 * (ISO-8601 or seconds since the epoch) when the build sets it, else {@code SOURCE_DATE_EPOCH}
 * (reproducible-builds.org), else a fixed date, so that two builds of the same files give the same bytes.
 */
final class BuildTimestamp {

    static final Instant FALLBACK = Instant.parse("2000-01-01T00:00:00Z");

    private BuildTimestamp() {
    }

    static Instant of(String outputTimestamp, String sourceDateEpoch) {
        Instant parsed = parse(outputTimestamp);
        if (parsed == null) {
            parsed = parse(sourceDateEpoch);
        }
        return parsed == null ? FALLBACK : parsed;
    }

    static Instant fromBuild(String outputTimestamp) {
        return of(outputTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
    }

    private static Instant parse(String value) {
        // an unset Maven property arrives as its own expression
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return null;
        }
        return value.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(value))
                : Instant.parse(value);
    }
}
