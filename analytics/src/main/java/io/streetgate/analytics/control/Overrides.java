package io.streetgate.analytics.control;

import io.streetgate.driver.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The manual overrides in force, and the rules that accept or refuse a request for one. A request names one
 * actuator and either a {@code level} (0..1) or {@code on} (true/false), and how long it holds: {@code for}
 * (a duration such as {@code 30m}) or {@code until} (a UTC time). The expiry is mandatory and bounded by the
 * configured maximum, so that a forgotten override ends by itself (DESIGN.md principle 7). A request that is
 * malformed, out of range, for an unknown actuator or already expired ({@code until} or the sender's
 * {@code not-after} in the past) is refused with a reason and changes nothing. Not thread-safe: the control
 * loop's thread owns it.
 */
public final class Overrides {

    /** The arguments a request may carry. */
    public static final List<String> ARGUMENTS = List.of("level", "on", "for", "until", "not-after", "note");
    private static final int MAX_NOTE = 200;

    private final Map<String, ActuatorLimits> actuators;
    private final Duration maxDuration;
    private final Map<String, ManualOverride> active = new LinkedHashMap<>();

    /**
     * @param actuators   every actuator that may be overridden, with what it accepts
     * @param maxDuration the longest an override may hold
     */
    public Overrides(Map<String, ActuatorLimits> actuators, Duration maxDuration) {
        this.actuators = Map.copyOf(actuators);
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("the longest override must be positive, not " + maxDuration);
        }
        this.maxDuration = maxDuration;
    }

    /** The outcome of a request: accepted with what it replaced, or refused with a reason. */
    public sealed interface Outcome permits Accepted, Refused {
    }

    /**
     * @param override the override now in force
     * @param replaced the override it replaced, if there was one
     */
    public record Accepted(ManualOverride override, Optional<ManualOverride> replaced) implements Outcome {
    }

    public record Refused(String reason) implements Outcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    /**
     * Validates a request issued on arrival and, when it is valid, puts the override in force (replacing the
     * actuator's previous one).
     */
    public Outcome request(String commandId, String target, Map<String, ?> arguments, String origin, Instant now) {
        return request(commandId, target, arguments, origin, now, now);
    }

    /**
     * Validates a request and, when it is valid, puts the override in force (replacing the actuator's
     * previous one). Its {@code for} counts from when it was issued, so that a request held up on its way holds
     * no longer than its sender asked.
     *
     * @param issued when the sender issued it (a time ahead of {@code now}, a clock's skew, counts as now)
     */
    public Outcome request(String commandId, String target, Map<String, ?> arguments, String origin, Instant issued,
                           Instant now) {
        Optional<String> bad = checkTarget(target);
        if (bad.isPresent()) {
            return new Refused(bad.get());
        }
        for (String key : arguments.keySet()) {
            if (!ARGUMENTS.contains(key)) {
                return new Refused("unknown argument '" + key + "'; valid: " + String.join(", ", ARGUMENTS));
            }
        }
        ActuatorLimits limits = actuators.get(target);
        Object notAfter = arguments.get("not-after");
        if (notAfter != null) {
            Optional<Instant> t = instant(notAfter);
            if (t.isEmpty()) {
                return new Refused("not-after '" + notAfter + "' is not a UTC time; write e.g. 2026-06-21T22:00:00Z");
            }
            if (now.isAfter(t.get())) {
                return new Refused("the command expired: it had to arrive by " + t.get() + " and arrived at " + now);
            }
        }
        double level;
        boolean hasLevel = arguments.containsKey("level");
        boolean hasOn = arguments.containsKey("on");
        if (hasLevel == hasOn) {
            return new Refused("give either level (0..1) or on (true/false)" + (hasLevel ? ", not both" : ""));
        }
        if (hasLevel) {
            Optional<Double> l = number(arguments.get("level"));
            if (l.isEmpty()) {
                return new Refused("level '" + arguments.get("level") + "' is not a number; give 0..1, e.g. level=0.5");
            }
            level = l.get();
            if (!(level >= 0 && level <= 1)) {
                return new Refused("level " + level + " is outside 0..1" + (level > 1 && level <= 100
                        ? "; a level is a ratio: for " + level + " % give level=" + level / 100 : ""));
            }
            if (limits.switching() && level != 0 && level != 1) {
                return new Refused(target + " is an on/off output: give level 0 or 1, or on=true/false");
            }
        } else {
            Optional<Boolean> on = bool(arguments.get("on"));
            if (on.isEmpty()) {
                return new Refused("on '" + arguments.get("on") + "' is not true or false");
            }
            level = on.get() ? 1 : 0;
        }
        if (level > 0 && level < limits.floor()) {
            return new Refused("level " + level + " is below " + limits.floorName() + " (" + limits.floor()
                    + ") of " + target + "; give 0 to switch it off or a level of at least " + limits.floor());
        }
        boolean hasFor = arguments.containsKey("for");
        boolean hasUntil = arguments.containsKey("until");
        if (hasFor == hasUntil) {
            return new Refused(hasFor ? "give either for or until, not both"
                    : "an override needs an expiry: for=<duration> (e.g. for=30m) or until=<UTC time>; at most "
                    + Durations.format(maxDuration));
        }
        Instant until;
        if (hasFor) {
            Optional<Duration> d = duration(arguments.get("for"));
            if (d.isEmpty()) {
                return new Refused("for '" + arguments.get("for") + "' is not a duration; " + Durations.HINT);
            }
            if (d.get().isZero() || d.get().isNegative()) {
                return new Refused("for " + arguments.get("for") + " is not a positive duration");
            }
            Instant from = issued.isBefore(now) ? issued : now;
            until = from.plus(d.get());
            if (!until.isAfter(now)) {
                return new Refused("the override ended before it arrived: issued at " + from + " for "
                        + arguments.get("for") + ", arrived at " + now);
            }
        } else {
            Optional<Instant> t = instant(arguments.get("until"));
            if (t.isEmpty()) {
                return new Refused("until '" + arguments.get("until") + "' is not a UTC time; write e.g. 2026-06-21T22:00:00Z");
            }
            if (!t.get().isAfter(now)) {
                return new Refused("the override expired before it arrived: until " + t.get() + " is not after " + now);
            }
            until = t.get();
        }
        if (Duration.between(now, until).compareTo(maxDuration) > 0) {
            return new Refused("the override would hold " + Durations.format(Duration.between(now, until))
                    + "; the longest allowed is " + Durations.format(maxDuration));
        }
        String note = arguments.get("note") == null ? "" : String.valueOf(arguments.get("note"));
        if (note.length() > MAX_NOTE) {
            return new Refused("note is longer than " + MAX_NOTE + " characters");
        }
        if (level > 0 && limits.interlockedWith() != null) {
            ManualOverride other = active.get(limits.interlockedWith());
            if (other != null && other.activeAt(now) && other.level() > 0) {
                return new Refused(limits.interlockedWith() + " is overridden on until " + other.until() + "; "
                        + target + " and " + limits.interlockedWith() + " are interlocked (never on together): "
                        + "release that override first");
            }
        }
        ManualOverride override = new ManualOverride(target, level, now, until, origin, commandId, note);
        Optional<ManualOverride> replaced = Optional.ofNullable(active.put(target, override));
        return new Accepted(override, replaced);
    }

    /** Ends an actuator's override early; refused when the actuator is unknown or has none. */
    public Outcome release(String target, Instant now) {
        Optional<String> bad = checkTarget(target);
        if (bad.isPresent()) {
            return new Refused(bad.get());
        }
        ManualOverride current = active.get(target);
        if (current == null || !current.activeAt(now)) {
            active.remove(target);
            return new Refused(target + " has no override in force");
        }
        active.remove(target);
        return new Accepted(current, Optional.of(current));
    }

    /** Removes and returns the overrides that have ended by {@code now}. */
    public List<ManualOverride> expire(Instant now) {
        List<ManualOverride> ended = new ArrayList<>();
        active.values().removeIf(o -> {
            if (!o.activeAt(now)) {
                ended.add(o);
                return true;
            }
            return false;
        });
        return ended;
    }

    /** The override of an actuator in force at {@code now}. */
    public Optional<ManualOverride> active(String actuatorId, Instant now) {
        ManualOverride o = active.get(actuatorId);
        return o != null && o.activeAt(now) ? Optional.of(o) : Optional.empty();
    }

    /**
     * Moves every override's times by a step of the wall clock (time sync setting it), so that each still
     * holds as long as it had left when it was accepted, and says its end in the clock's new terms.
     */
    public void shift(Duration step) {
        active.replaceAll((id, o) -> new ManualOverride(o.actuatorId(), o.level(), o.from().plus(step),
                o.until().plus(step), o.origin(), o.commandId(), o.note()));
    }

    /** Every override in force, by actuator. */
    public Map<String, ManualOverride> all() {
        return Map.copyOf(active);
    }

    /** Whether this actuator is known here. */
    public boolean knows(String actuatorId) {
        return actuators.containsKey(actuatorId);
    }

    private Optional<String> checkTarget(String target) {
        if (target == null || target.isBlank()) {
            return Optional.of("the command names no actuator; give --target <actuator id> (known: "
                    + String.join(", ", new TreeSet<>(actuators.keySet())) + ")");
        }
        if (!actuators.containsKey(target)) {
            return Optional.of("no actuator '" + target + "'; known: "
                    + (actuators.isEmpty() ? "none" : String.join(", ", new TreeSet<>(actuators.keySet()))));
        }
        return Optional.empty();
    }

    private static Optional<Double> number(Object value) {
        if (value instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        if (value instanceof String s) {
            try {
                return Optional.of(Double.parseDouble(s.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<Boolean> bool(Object value) {
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        if (value instanceof String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "on" -> Optional.of(true);
                case "false", "off" -> Optional.of(false);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    private static Optional<Duration> duration(Object value) {
        if (value instanceof Number n) {
            return Optional.of(Duration.ofMillis(Math.round(n.doubleValue() * 1000))); // a number is seconds
        }
        return value instanceof String s ? Durations.parse(s) : Optional.empty();
    }

    private static Optional<Instant> instant(Object value) {
        try {
            return value instanceof String s ? Optional.of(Instant.parse(s.trim())) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
