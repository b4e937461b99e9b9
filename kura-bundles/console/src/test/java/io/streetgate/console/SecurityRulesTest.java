package io.streetgate.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passwords, the first account, lockout and sessions: the console's rules of who gets in. */
class SecurityRulesTest {

    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-21T19:30:00Z"));

    @Test
    void passwordsAreSaltedPbkdf2HashesThatOnlyTheRightPasswordMatches() {
        String a = PasswordHash.hash("correct horse".toCharArray(), random, 1000);
        String b = PasswordHash.hash("correct horse".toCharArray(), random, 1000);
        assertTrue(a.startsWith("pbkdf2-sha256$1000$"));
        assertNotEquals(a, b, "each hash has its own salt");
        assertTrue(PasswordHash.matches("correct horse".toCharArray(), a));
        assertFalse(PasswordHash.matches("correct horsE".toCharArray(), a));
        assertFalse(PasswordHash.matches("correct horse".toCharArray(), "pbkdf2-sha256$99999999$AA$AA"));
        assertFalse(PasswordHash.matches("x".toCharArray(), "admin"));
        assertEquals(600_000, PasswordHash.ITERATIONS);
    }

    @Test
    void thereIsNoDefaultAccountOnlyAOneTimeCodeThatMakesTheFirstAdmin(@TempDir Path dir) throws Exception {
        Accounts accounts = new Accounts(dir, random, 1000);
        assertTrue(accounts.isEmpty());
        assertTrue(accounts.verify("admin", "admin".toCharArray()).isEmpty());
        String code = accounts.setupCode().orElseThrow();
        assertEquals(code, accounts.setupCode().orElseThrow(), "the code stays the same until it is used");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(accounts.setupCodeFile())));

        assertThrows(SecurityException.class, () -> accounts.createFirst("wrongcode", "ana", "long enough pw".toCharArray()));
        IllegalArgumentException shortPassword = assertThrows(IllegalArgumentException.class,
                () -> accounts.createFirst(code, "ana", "short".toCharArray()));
        assertTrue(shortPassword.getMessage().contains("5 characters; use 10 to 128"), shortPassword.getMessage());

        Accounts.Account ana = accounts.createFirst(code.toUpperCase(), "ana", "long enough pw".toCharArray());
        assertEquals(Role.ADMIN, ana.role());
        assertFalse(Files.exists(accounts.setupCodeFile()), "the code is used up");
        assertEquals(Optional.empty(), accounts.setupCode());
        assertThrows(IllegalStateException.class, () -> accounts.createFirst(code, "eve", "long enough pw".toCharArray()));

        Path file = dir.resolve("accounts.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.readString(file).contains("long enough pw"), "only the hash is stored");
        Accounts reread = new Accounts(dir, random, 1000);
        assertEquals("ana", reread.verify("ana", "long enough pw".toCharArray()).orElseThrow().name());
        assertTrue(reread.verify("ana", "long enough pX".toCharArray()).isEmpty());
    }

    @Test
    void wrongPasswordsLockTheAccountWithABackoffThatDoubles() {
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 1; i < LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(Optional.empty(), throttle.failed("account ana"));
            assertEquals(Optional.empty(), throttle.locked("account ana"));
        }
        assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.failed("account ana"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.locked("account ana"));
        assertEquals(Optional.empty(), throttle.locked("account bob"), "other accounts are not locked");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(Optional.empty(), throttle.locked("account ana"));
        assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.failed("account ana"), "the next lock is twice as long");
        for (int i = 0; i < 10; i++) {
            throttle.failed("account ana");
        }
        assertEquals(Optional.of(LoginThrottle.MAX_LOCK), throttle.locked("account ana"));
        throttle.succeeded("account ana");
        assertEquals(Optional.empty(), throttle.locked("account ana"));
    }

    @Test
    void sessionsEndWhenIdleAndAfterTheirMaximumAgeAndCarryTheirOwnCsrfToken() {
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(15), random);
        Sessions.Session s = sessions.start("ana", Role.ADMIN);
        Sessions.Session other = sessions.start("bob", Role.VIEWER);
        assertNotEquals(s.csrf(), other.csrf());
        assertTrue(s.csrfMatches(s.csrf()));
        assertFalse(s.csrfMatches(other.csrf()));
        assertFalse(s.csrfMatches(null));

        clock.advance(Duration.ofMinutes(14));
        assertTrue(sessions.find(s.id()).isPresent(), "a request keeps it alive");
        clock.advance(Duration.ofMinutes(14));
        assertTrue(sessions.alive(s.id()));
        assertFalse(sessions.alive(other.id()), "28 minutes without a request");
        for (int i = 0; i < 12 * 4; i++) {
            clock.advance(Duration.ofMinutes(14));
            sessions.find(s.id());
        }
        assertTrue(sessions.find(s.id()).isEmpty(), "no session outlives " + Sessions.MAX_AGE);
        assertTrue(sessions.find("made-up").isEmpty());
    }
}
