package io.streetgate.driver;

import java.util.EnumSet;
import java.util.Set;

/**
 * An immutable set of {@link QualityFlag}s, stored as a bit mask so that readings stay small and cheap to
 * copy on the analytics hot path.
 */
public final class Quality {

    public static final Quality GOOD = new Quality(0);
    private static final QualityFlag[] FLAGS = QualityFlag.values();

    private final int bits;

    private Quality(int bits) {
        this.bits = bits;
    }

    public static Quality of(QualityFlag... flags) {
        int bits = 0;
        for (QualityFlag flag : flags) {
            bits |= 1 << flag.ordinal();
        }
        return fromBits(bits);
    }

    public static Quality fromBits(int bits) {
        return bits == 0 ? GOOD : new Quality(bits & ((1 << FLAGS.length) - 1));
    }

    public int bits() {
        return bits;
    }

    public boolean isGood() {
        return bits == 0;
    }

    public boolean has(QualityFlag flag) {
        return (bits & (1 << flag.ordinal())) != 0;
    }

    public Quality with(QualityFlag flag) {
        return has(flag) ? this : new Quality(bits | (1 << flag.ordinal()));
    }

    public Set<QualityFlag> flags() {
        Set<QualityFlag> set = EnumSet.noneOf(QualityFlag.class);
        for (QualityFlag flag : FLAGS) {
            if (has(flag)) {
                set.add(flag);
            }
        }
        return set;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Quality q && q.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    @Override
    public String toString() {
        return isGood() ? "GOOD" : flags().toString();
    }
}
