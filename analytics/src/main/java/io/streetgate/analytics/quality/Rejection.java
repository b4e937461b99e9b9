package io.streetgate.analytics.quality;

import io.streetgate.driver.Quality;
import io.streetgate.driver.QualityFlag;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which quality flags keep a reading out of aggregates. A rejected reading is never changed or deleted: it
 * keeps its value and its flags, is counted under each flag by the {@link QualityFilter}, and the windows and
 * indices skip it. {@link QualityFlag#GAP_BEFORE} and {@link QualityFlag#ESTIMATED} only inform: such a
 * reading is still aggregated.
 */
public final class Rejection {

    /** Flags that reject a reading from aggregates. */
    public static final Set<QualityFlag> REJECTING = Set.copyOf(EnumSet.complementOf(
            EnumSet.of(QualityFlag.GAP_BEFORE, QualityFlag.ESTIMATED)));

    private static final int MASK;

    static {
        int mask = 0;
        for (QualityFlag flag : REJECTING) {
            mask |= 1 << flag.ordinal();
        }
        MASK = mask;
    }

    private Rejection() {
    }

    /** True when the reading carries at least one rejecting flag. */
    public static boolean isRejected(Quality quality) {
        return (quality.bits() & MASK) != 0;
    }
}
