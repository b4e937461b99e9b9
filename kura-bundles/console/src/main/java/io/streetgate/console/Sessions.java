package io.streetgate.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Logged-in sessions, in memory (a restart logs everyone out). A session ends after {@code idle} without a
 * request, and after {@link #MAX_AGE} whatever happens; each carries its own CSRF token, which every
 * state-changing request must send back in a header.
 */
public final class Sessions {

    public static final Duration MAX_AGE = Duration.ofHours(12);
    /** Sessions kept at most; a new login beyond them ends the least recently used one. */
    static final int MAX_SESSIONS = 64;

    /** One login. */
    public record Session(String id, String account, Role role, String csrf, Instant created) {
        /** Whether the token a request sent is this session's CSRF token (compared in constant time). */
        public boolean csrfMatches(String given) {
            return given != null && MessageDigest.isEqual(given.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    csrf.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private final Clock clock;
    private final Duration idle;
    private final SecureRandom random;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Instant> lastSeen = new HashMap<>();

    public Sessions(Clock clock, Duration idle, SecureRandom random) {
        this.clock = clock;
        this.idle = idle;
        this.random = random;
    }

    public synchronized Session start(String account, Role role) {
        expire();
        if (sessions.size() >= MAX_SESSIONS) {
            lastSeen.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                    .map(Map.Entry::getKey).ifPresent(this::end);
        }
        Session s = new Session(token(), account, role, token(), clock.instant());
        sessions.put(s.id(), s);
        lastSeen.put(s.id(), s.created());
        return s;
    }

    /** The live session of a cookie's id, touched; empty when unknown or expired. */
    public synchronized Optional<Session> find(String id) {
        expire();
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        lastSeen.put(id, clock.instant());
        return Optional.of(s);
    }

    /** Whether the session still lives, without counting as activity (a live event stream is not a person). */
    public synchronized boolean alive(String id) {
        expire();
        return sessions.containsKey(id);
    }

    public synchronized void end(String id) {
        sessions.remove(id);
        lastSeen.remove(id);
    }

    public Duration idle() {
        return idle;
    }

    private void expire() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> {
            Instant seen = lastSeen.get(s.id());
            boolean over = !now.isBefore(seen.plus(idle)) || !now.isBefore(s.created().plus(MAX_AGE));
            if (over) {
                lastSeen.remove(s.id());
            }
            return over;
        });
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
