package io.streetgate.gateway.api.format;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IsoInstantTest {

    private static String written(Instant t) {
        char[] out = new char[IsoInstant.MAX_LENGTH];
        int n = IsoInstant.write(t, out);
        return n < 0 ? null : new String(out, 0, n);
    }

    @Test
    void writesWhatInstantToStringWritesForEveryKindOfFraction() {
        for (String s : new String[] {"2026-06-21T19:30:00Z", "2026-06-21T19:30:00.100Z", "2026-06-21T19:30:00.000100Z",
                "2026-06-21T19:30:00.000000100Z", "2026-06-21T19:30:00.123456789Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
                "2024-02-29T12:00:00.010Z", "1900-03-01T01:02:03Z"}) {
            Instant t = Instant.parse(s);
            assertEquals(t.toString(), written(t), s);
        }
    }

    @Test
    void agreesWithInstantToStringOnRandomInstantsOfYearsOneTo9999() {
        SplittableRandom random = new SplittableRandom(42);
        long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(random.nextLong(first, last + 1), nano);
            assertEquals(t.toString(), written(t));
        }
    }

    @Test
    void leavesYearsThatNeedASignOrAFifthDigitToInstantToString() {
        assertEquals(-1, IsoInstant.write(Instant.parse("+10000-01-01T00:00:00Z"), new char[IsoInstant.MAX_LENGTH]));
        assertEquals(-1, IsoInstant.write(Instant.parse("0000-12-31T23:59:59Z"), new char[IsoInstant.MAX_LENGTH]));
        assertEquals(-1, IsoInstant.write(Instant.MIN, new char[IsoInstant.MAX_LENGTH]));
    }
}
