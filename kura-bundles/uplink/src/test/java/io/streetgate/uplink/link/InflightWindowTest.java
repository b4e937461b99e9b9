package io.streetgate.uplink.link;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InflightWindowTest {

    static final long FAST = 1_000_000;          // 1 ms
    static final long SLOW_LIMIT = 10_000_000_000L; // 10 s

    @Test
    void itDoublesEachRoundTripUntilTheMaximum() {
        InflightWindow w = new InflightWindow(4, 64, SLOW_LIMIT);
        w.connected(65_535);
        int[] expected = {8, 16, 32, 64, 64};
        for (int e : expected) {
            int round = w.size();
            for (int i = 0; i < round; i++) {
                w.acknowledged(FAST, true);
            }
            assertEquals(e, w.size());
        }
    }

    @Test
    void theBrokersReceiveMaximumCapsIt() {
        InflightWindow w = new InflightWindow(8, 64, SLOW_LIMIT);
        w.connected(20); // mosquitto's default max_inflight_messages
        for (int i = 0; i < 100; i++) {
            w.acknowledged(FAST, true);
        }
        assertEquals(20, w.size());
    }

    @Test
    void aLostConnectionHalvesItAndThenItGrowsByOnePerRoundTrip() {
        InflightWindow w = new InflightWindow(32, 64, SLOW_LIMIT);
        w.connected(65_535);
        w.lost();
        assertEquals(16, w.size());
        for (int i = 0; i < 16; i++) {
            w.acknowledged(FAST, true);
        }
        assertEquals(17, w.size(), "additive increase after the first loss");
    }

    @Test
    void aSlowAcknowledgementHalvesIt() {
        InflightWindow w = new InflightWindow(32, 64, SLOW_LIMIT);
        w.acknowledged(SLOW_LIMIT + 1, true);
        assertEquals(16, w.size());
        w.acknowledged(SLOW_LIMIT + 1, true);
        w.acknowledged(SLOW_LIMIT + 1, true);
        w.acknowledged(SLOW_LIMIT + 1, true);
        w.acknowledged(SLOW_LIMIT + 1, true);
        w.acknowledged(SLOW_LIMIT + 1, true);
        assertEquals(1, w.size(), "never below one");
    }

    @Test
    void itDoesNotGrowWhenTheLinkIsNotWhatHoldsTheSenderBack() {
        InflightWindow w = new InflightWindow(4, 64, SLOW_LIMIT);
        for (int i = 0; i < 100; i++) {
            w.acknowledged(FAST, false);
        }
        assertEquals(4, w.size());
    }
}
