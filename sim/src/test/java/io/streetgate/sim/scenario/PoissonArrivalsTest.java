package io.streetgate.sim.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoissonArrivalsTest {

    final Instant start = Instant.parse("2024-05-01T00:00:00Z");

    @Test
    void theSameArrivalsWhicheverWayTheTimeIsCut() {
        PoissonArrivals arrivals = new PoissonArrivals(5, at -> 300);
        List<Instant> whole = arrivals.between("door", start, start.plus(Duration.ofHours(2)));
        List<Instant> pieces = new ArrayList<>();
        for (Instant t = start; t.isBefore(start.plus(Duration.ofHours(2))); t = t.plusSeconds(17)) {
            Instant end = t.plusSeconds(17).isAfter(start.plus(Duration.ofHours(2))) ? start.plus(Duration.ofHours(2)) : t.plusSeconds(17);
            pieces.addAll(arrivals.between("door", t, end));
        }

        assertEquals(whole, pieces);
        assertTrue(whole.stream().sorted().toList().equals(whole), "in time order");
    }

    @Test
    void theMeanCountFollowsTheRate() {
        PoissonArrivals arrivals = new PoissonArrivals(11, at -> 120);
        int count = arrivals.between("a", start, start.plus(Duration.ofDays(10))).size();

        // 120/h over 240 h: 28800 expected, standard deviation about 170
        assertEquals(28_800, count, 1_000);
    }

    @Test
    void zonesAndSeedsGiveDifferentArrivals() {
        Instant end = start.plus(Duration.ofHours(1));
        assertNotEquals(new PoissonArrivals(1, at -> 60).between("a", start, end),
                new PoissonArrivals(1, at -> 60).between("b", start, end));
        assertNotEquals(new PoissonArrivals(1, at -> 60).between("a", start, end),
                new PoissonArrivals(2, at -> 60).between("a", start, end));
        assertEquals(List.of(), new PoissonArrivals(1, at -> 0).between("a", start, end));
    }
}
