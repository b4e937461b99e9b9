package io.streetgate.uplink.budget;

import io.streetgate.uplink.store.DropPolicy;
import io.streetgate.uplink.store.KeyValues;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A day's or a month's allowance, its forecast, and which drop classes it holds back. */
class ByteBudgetTest {

    static final Instant NOON = Instant.parse("2026-06-21T12:00:00Z");

    /** Key-values kept in memory, as the store keeps them on disk. */
    static final class Saved implements KeyValues {
        final TreeMap<String, String> values = new TreeMap<>();

        @Override
        public String get(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        @Override
        public void put(String key, String value) {
            values.put(key, value);
        }

        @Override
        public SortedMap<String, String> startingWith(String prefix) {
            return values.tailMap(prefix);
        }
    }

    @Test
    void theForecastIsTheUsedBytesAtTheRateSoFarToThePeriodsEnd() {
        ByteBudget b = new ByteBudget(1_000_000, ByteBudget.Period.DAY, null, NOON);
        b.sent(300_000, DropPolicy.SUMMARIES, NOON);
        ByteBudget.Figures f = b.figures(NOON);
        assertEquals(300_000, f.used());
        assertEquals(1_000_000, f.allowance());
        assertEquals(600_000, f.forecast(), "half the day gone, 300 kB sent: 600 kB by midnight");
        assertEquals(Instant.parse("2026-06-21T00:00:00Z"), f.start());
        assertEquals(Instant.parse("2026-06-22T00:00:00Z"), f.end());
        assertEquals(DropPolicy.OTHER, f.lowestSent(), "it fits: every class goes");
    }

    @Test
    void whenTheForecastRunsShortTheLowestClassesAreHeldBackFirst() {
        ByteBudget b = new ByteBudget(1_000_000, ByteBudget.Period.DAY, null, NOON);
        b.sent(100_000, DropPolicy.OTHER, NOON);       // raw readings: 200 kB by midnight
        b.sent(250_000, DropPolicy.SUMMARIES, NOON);   // summaries: 500 kB
        b.sent(50_000, DropPolicy.EVENTS, NOON);       // events: 100 kB
        b.sent(10_000, ByteBudget.OWN, NOON);          // state and results: 20 kB
        // half the day gone: at this rate 410 kB more by midnight, 820 kB in all
        assertEquals(DropPolicy.OTHER, b.lowestSent(NOON));

        b.sent(100_000, DropPolicy.OTHER, NOON);       // now 510 kB used, 1020 kB by midnight
        assertEquals(DropPolicy.SUMMARIES, b.lowestSent(NOON), "without raw readings it fits: they go first");
        assertFalse(b.allows(DropPolicy.OTHER, NOON));
        assertTrue(b.allows(DropPolicy.SUMMARIES, NOON));

        b.sent(200_000, DropPolicy.SUMMARIES, NOON);   // 710 kB used
        assertEquals(DropPolicy.INDICES, b.lowestSent(NOON), "then the summaries");
        assertFalse(b.allows(DropPolicy.SUMMARIES, NOON));

        b.sent(300_000, DropPolicy.EVENTS, NOON);      // 1010 kB: used up
        assertEquals(DropPolicy.NODE_REPORTS, b.lowestSent(NOON), "used up: only the node's reports");
        assertTrue(b.allows(DropPolicy.NODE_REPORTS, NOON));
        assertTrue(b.allows(ByteBudget.OWN, NOON));
    }

    @Test
    void aNewPeriodStartsFromZero() {
        ByteBudget b = new ByteBudget(1_000_000, ByteBudget.Period.MONTH, null, NOON);
        b.sent(2_000_000, DropPolicy.SUMMARIES, NOON);
        assertEquals(DropPolicy.NODE_REPORTS, b.lowestSent(NOON));
        Instant july = Instant.parse("2026-07-01T00:00:00Z");
        assertEquals(DropPolicy.OTHER, b.lowestSent(july));
        assertEquals(0, b.figures(july).used());
        assertEquals(Instant.parse("2026-08-01T00:00:00Z"), b.figures(july).end());
    }

    @Test
    void aYoungPeriodForecastsAsIfAnHourHadPassed() {
        Instant start = Instant.parse("2026-06-21T00:00:00Z");
        ByteBudget b = new ByteBudget(1_000_000, ByteBudget.Period.DAY, null, start);
        b.sent(10_000, DropPolicy.SUMMARIES, start.plusSeconds(1));
        // one second in: not 864 MB by midnight, but 10 kB an hour for the 24 h left
        assertEquals(249_997, b.figures(start.plusSeconds(1)).forecast(), 1);
        assertEquals(DropPolicy.OTHER, b.lowestSent(start.plusSeconds(1)));
    }

    @Test
    void theCountSurvivesARestartWithinItsPeriodButNotIntoTheNext() {
        Saved saved = new Saved();
        ByteBudget b = new ByteBudget(1_000_000, ByteBudget.Period.DAY, saved, NOON);
        b.sent(400_000, DropPolicy.SUMMARIES, NOON);
        b.sent(1_000, DropPolicy.EVENTS, NOON.plus(Duration.ofSeconds(1)));
        b.flush(NOON.plusSeconds(2));

        ByteBudget again = new ByteBudget(1_000_000, ByteBudget.Period.DAY, saved, NOON.plusSeconds(3));
        assertEquals(401_000, again.figures(NOON.plusSeconds(3)).used());
        ByteBudget tomorrow = new ByteBudget(1_000_000, ByteBudget.Period.DAY, saved, NOON.plus(Duration.ofDays(1)));
        assertEquals(0, tomorrow.figures(NOON.plus(Duration.ofDays(1))).used());
    }

    @Test
    void aDamagedSavedCountCountsAsNothingSent() {
        Saved saved = new Saved();
        saved.put("budget.used", "2026-06-21T00:00:00Z 1,2,x,4,5,6");
        assertEquals(0, new ByteBudget(1_000_000, ByteBudget.Period.DAY, saved, NOON).figures(NOON).used());
    }
}
