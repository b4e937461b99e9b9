package io.streetgate.uplink.budget;

import io.streetgate.uplink.store.DropPolicy;
import io.streetgate.uplink.store.KeyValues;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A byte allowance per calendar day or month (UTC), as a SIM's data plan counts it. It counts what the uplink
 * sends by drop class ({@link DropPolicy}; the uplink's own messages - state, births, command results - in a
 * class of their own that is never held back) and forecasts the period's total at the rate so far. When the
 * forecast passes the allowance it holds back the lowest classes first: the lowest class it still sends is the
 * lowest whose own and higher classes' forecast fits. Once the allowance is used up, only the node's reports
 * (the highest class) and the uplink's own messages still go. What is held back is dropped from the store and
 * counted, as the store's bound drops.
 * <p>
 * The count is kept in the store's key-values ({@code budget.used}: the period's start and the bytes by class) at
 * most once a minute or per hundredth of the allowance, so a restart forgets at most that much. Not thread-safe: the sender's thread uses it.
 */
public final class ByteBudget {

    /** The class of the uplink's own messages: always sent. */
    public static final int OWN = DropPolicy.NODE_REPORTS + 1;
    /** A rate measured over less than this is too young to forecast from: it counts as this long. */
    static final Duration SHORTEST_BASIS = Duration.ofHours(1);
    private static final Duration SAVE_EVERY = Duration.ofMinutes(1);

    /** The budget's period: a calendar day or month in UTC. */
    public enum Period {
        DAY, MONTH;

        public static Period of(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }

        Instant start(Instant now) {
            LocalDate d = LocalDate.ofInstant(now, ZoneOffset.UTC);
            return (this == DAY ? d : d.withDayOfMonth(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        Instant end(Instant start) {
            LocalDate d = LocalDate.ofInstant(start, ZoneOffset.UTC);
            return (this == DAY ? d.plusDays(1) : d.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What {@code streetgate status} shows.
     *
     * @param used        bytes sent in this period
     * @param allowance   bytes allowed per period
     * @param forecast    the period's total at the rate so far
     * @param lowestSent  the lowest drop class still sent ({@link DropPolicy#OTHER}: all)
     */
    public record Figures(long used, long allowance, long forecast, Period period, Instant start, Instant end,
                          int lowestSent) {
    }

    private final long allowance;
    private final Period period;
    private final KeyValues saved;
    private Instant start;
    private Instant end;
    private final long[] usedByClass = new long[OWN + 1];
    private long used;
    private long usedWhenSaved;
    private Instant savedAt;

    /**
     * @param saved where the count survives a restart, or null to keep it in memory only
     */
    public ByteBudget(long allowance, Period period, KeyValues saved, Instant now) {
        if (allowance <= 0) {
            throw new IllegalArgumentException("an allowance must be positive: " + allowance);
        }
        this.allowance = allowance;
        this.period = Objects.requireNonNull(period, "period");
        this.saved = saved;
        begin(period.start(now));
        restore();
        savedAt = now;
    }

    /** Counts bytes sent for a message of a drop class (or {@link #OWN}). */
    public void sent(long bytes, int dropClass, Instant now) {
        roll(now);
        usedByClass[Math.max(0, Math.min(OWN, dropClass))] += bytes;
        used += bytes;
        if (saved != null && (used - usedWhenSaved >= allowance / 100
                || !now.isBefore(savedAt.plus(SAVE_EVERY)))) {
            save(now);
        }
    }

    /** Saves the count now (when the sender stops). */
    public void flush(Instant now) {
        if (saved != null) {
            roll(now);
            save(now);
        }
    }

    /** Whether a message of this drop class may be sent now. */
    public boolean allows(int dropClass, Instant now) {
        return dropClass >= lowestSent(now);
    }

    /** The lowest drop class that still fits the forecast; {@link DropPolicy#NODE_REPORTS} once it is used up. */
    public int lowestSent(Instant now) {
        roll(now);
        if (used >= allowance) {
            return DropPolicy.NODE_REPORTS;
        }
        double perNano = 1.0 / basis(now).toNanos();
        long remaining = Duration.between(now, end).toNanos();
        for (int lowest = DropPolicy.OTHER; lowest < DropPolicy.NODE_REPORTS; lowest++) {
            double projected = used;
            for (int c = lowest; c <= OWN; c++) {
                projected += usedByClass[c] * perNano * remaining;
            }
            if (projected <= allowance) {
                return lowest;
            }
        }
        return DropPolicy.NODE_REPORTS;
    }

    public Figures figures(Instant now) {
        int lowest = lowestSent(now);
        double forecast = used + (double) used / basis(now).toNanos() * Duration.between(now, end).toNanos();
        return new Figures(used, allowance, Math.round(forecast), period, start, end, lowest);
    }

    /** The time the rate so far was measured over, at least {@link #SHORTEST_BASIS}. */
    private Duration basis(Instant now) {
        Duration elapsed = Duration.between(start, now);
        return elapsed.compareTo(SHORTEST_BASIS) < 0 ? SHORTEST_BASIS : elapsed;
    }

    /** A new period starts counting from zero. */
    private void roll(Instant now) {
        if (!now.isBefore(end)) {
            begin(period.start(now));
            if (saved != null) {
                save(now);
            }
        }
    }

    private void begin(Instant periodStart) {
        start = periodStart;
        end = period.end(periodStart);
        Arrays.fill(usedByClass, 0);
        used = 0;
        usedWhenSaved = 0;
    }

    /** Saved as the period's start and the bytes by class: the count of this period only. */
    private void save(Instant now) {
        saved.put("budget.used", start + " " + joined());
        usedWhenSaved = used;
        savedAt = now;
    }

    private String joined() {
        StringBuilder b = new StringBuilder();
        for (long u : usedByClass) {
            b.append(b.length() == 0 ? "" : ",").append(u);
        }
        return b.toString();
    }

    /** The count saved in this period, if any; anything unreadable counts as nothing sent. */
    private void restore() {
        if (saved == null) {
            return;
        }
        String[] parts = saved.get("budget.used", "").split(" ");
        if (parts.length != 2 || !parts[0].equals(start.toString())) {
            return;
        }
        String[] counts = parts[1].split(",");
        if (counts.length != usedByClass.length) {
            return;
        }
        try {
            for (int c = 0; c < counts.length; c++) {
                usedByClass[c] = Math.max(0, Long.parseLong(counts[c]));
            }
        } catch (NumberFormatException e) {
            Arrays.fill(usedByClass, 0);
        }
        used = Arrays.stream(usedByClass).sum();
        usedWhenSaved = used;
    }
}
