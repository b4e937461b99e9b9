package io.streetgate.sim;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollingTimelineTest {

    @Test
    void runsEventsInOrderOnceTheWallClockPassesThem() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (PollingTimeline timeline = new PollingTimeline(clock)) {
            java.time.Instant base = clock.instant(); // one base: a busy machine may pause between the calls
            timeline.at(base.plusMillis(30), () -> seen.add("second"));
            timeline.at(base.plusMillis(10), () -> seen.add("first"));
            timeline.at(base.plusMillis(40), done::countDown);

            assertTrue(done.await(10, TimeUnit.SECONDS), "events ran");
        }
        assertEquals(List.of("first", "second"), seen);
    }
}
