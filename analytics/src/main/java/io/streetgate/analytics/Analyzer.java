package io.streetgate.analytics;

import io.streetgate.driver.Measurement;

import java.time.Instant;
import java.util.List;

/**
 * One stage of the analytics behind the quality filters: it sees every reading (already carrying its quality
 * flags) and emits records when event time, given by the caller's watermark, closes a period. Not
 * thread-safe: one owner feeds and advances it.
 */
public interface Analyzer {

    /** Offers a reading; an analyzer ignores quantities it does not handle and readings with rejecting flags. */
    void accept(Measurement m, Instant watermark);

    /** Closes every period whose end plus allowed lateness is at or before the watermark. */
    List<AnalyticsRecord> advanceTo(Instant watermark);

    /** Readings that arrived after their period had closed, dropped and counted. */
    long lateDropped();

    /**
     * Forgets what it keeps of every source whose last reading is before {@code silentBefore} (a sensor that
     * stopped, a name a node posted once), so that state stays bounded by the sources still reporting. The caller
     * passes a time earlier than any open period's start.
     *
     * @return how many sources were forgotten
     */
    int forgetIdle(Instant silentBefore);
}
