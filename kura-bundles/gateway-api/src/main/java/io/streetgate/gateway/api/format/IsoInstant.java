package io.streetgate.gateway.api.format;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes an instant as ISO-8601 UTC, character for character as {@link Instant#toString()} does
 * ({@code DateTimeFormatter.ISO_INSTANT}: seconds always, a fraction of 3, 6 or 9 digits only when there is one,
 * then {@code Z}), without going through a formatter: every uplink message carries two of them, and the
 * formatter's lookups cost more than the rest of the message's encoding.
 */
final class IsoInstant {

    /** Enough for {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
    static final int MAX_LENGTH = 30;
    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since the epoch. */
    private static final long FIRST = -62_135_596_800L;
    private static final long LAST = 253_402_300_799L;

    private IsoInstant() {
    }

    /**
     * @return the number of characters written to {@code out} (at least {@link #MAX_LENGTH} long), or -1 for a
     *         year outside 1 to 9999, which {@link Instant#toString()} writes with a sign or more digits
     */
    static int write(Instant t, char[] out) {
        long seconds = t.getEpochSecond();
        if (seconds < FIRST || seconds > LAST) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int ofDay = (int) Math.floorMod(seconds, 86_400);
        int p = digits(out, 0, date.getYear(), 4);
        out[p++] = '-';
        p = digits(out, p, date.getMonthValue(), 2);
        out[p++] = '-';
        p = digits(out, p, date.getDayOfMonth(), 2);
        out[p++] = 'T';
        p = digits(out, p, ofDay / 3600, 2);
        out[p++] = ':';
        p = digits(out, p, ofDay / 60 % 60, 2);
        out[p++] = ':';
        p = digits(out, p, ofDay % 60, 2);
        int nano = t.getNano();
        if (nano > 0) {
            out[p++] = '.';
            if (nano % 1_000_000 == 0) {
                p = digits(out, p, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                p = digits(out, p, nano / 1000, 6);
            } else {
                p = digits(out, p, nano, 9);
            }
        }
        out[p++] = 'Z';
        return p;
    }

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded; returns the next position. */
    private static int digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
