package io.streetgate.drivers.pi4j.veml7700;

import java.util.List;

/**
 * Chooses the VEML7700's gain and integration time from the counts of the last measurement, as Vishay's
 * application note "Designing the VEML7700 into an application" describes it (as understood here; verify
 * against the note): start at the least sensitive gain (×1/8) at 100 ms; while a measurement gives 100 counts
 * or fewer, raise the gain (×1/4, ×1, ×2), then lengthen the integration time (200, 400, 800 ms); when it
 * gives more than 10 000 counts, step back towards less sensitivity, shortening the time below 100 ms
 * (50, 25 ms) at the lowest gain. A saturated counter (0xFFFF) says nothing about how far to go, so it jumps
 * straight back to the start (a street light switched on after dark needs one step, not six). The thresholds
 * are a factor 100 apart and each step up changes the sensitivity by at most 4, so no step crosses both and
 * the choice does not oscillate.
 *
 * <p>Pure: it holds the current setting and answers what to do with a count; the driver measures.
 */
public final class AutoRange {

    /** Counts at or below which a measurement is too coarse (application note; verify). */
    public static final int LOW_COUNTS = 100;
    /** Counts above which the next measurement uses less sensitivity (application note; verify). */
    public static final int HIGH_COUNTS = 10_000;

    /** The 16-bit counter's full scale. */
    static final int SATURATED = 0xFFFF;

    /** From least to most sensitive. */
    static final List<Setting> LADDER = List.of(
            new Setting(Gain.X1_8, IntegrationTime.MS25),
            new Setting(Gain.X1_8, IntegrationTime.MS50),
            new Setting(Gain.X1_8, IntegrationTime.MS100),
            new Setting(Gain.X1_4, IntegrationTime.MS100),
            new Setting(Gain.X1, IntegrationTime.MS100),
            new Setting(Gain.X2, IntegrationTime.MS100),
            new Setting(Gain.X2, IntegrationTime.MS200),
            new Setting(Gain.X2, IntegrationTime.MS400),
            new Setting(Gain.X2, IntegrationTime.MS800));
    static final int START = 2;

    /** What to do with a measurement's counts. */
    public enum Verdict {
        /** The counts are usable at this setting. */
        ACCEPT,
        /** Too few counts: measure again at {@link #setting()}, now more sensitive. */
        MORE_SENSITIVE,
        /** Too many counts: measure again at {@link #setting()}, now less sensitive. */
        LESS_SENSITIVE,
        /** Too few counts at the most sensitive setting: usable, it is that dark. */
        DARKEST,
        /** Too many counts at the least sensitive setting: at least this bright (saturated at full scale). */
        BRIGHTEST
    }

    private int index = START;

    /** The setting to measure at. */
    public Setting setting() {
        return LADDER.get(index);
    }

    /** Judges the counts measured at {@link #setting()} and moves the setting where needed. */
    public Verdict judge(int counts) {
        if (counts <= LOW_COUNTS) {
            if (index == LADDER.size() - 1) {
                return Verdict.DARKEST;
            }
            index++;
            return Verdict.MORE_SENSITIVE;
        }
        if (counts > HIGH_COUNTS) {
            if (index == 0) {
                return Verdict.BRIGHTEST;
            }
            index = counts >= SATURATED && index > START ? START : index - 1;
            return Verdict.LESS_SENSITIVE;
        }
        return Verdict.ACCEPT;
    }

    /** How many settings there are: a read needs at most this many measurements to settle. */
    public static int steps() {
        return LADDER.size();
    }
}
